import { createHash } from 'node:crypto';

/**
 * 随机分案: judges are drawn at random, weighted towards those with fewer open cases, from a
 * published seed, so anyone holding the seed and the candidate list can re-run the draw and
 * get the same panel.
 */
export interface Candidate {
  openid: string;
  name: string;
  /** Open cases the judge presides over now. */
  caseload: number;
}

/** A judge with n open cases weighs 1/(1+n): twice the load, about half the chance. */
export const weightOf = (caseload: number) => 1 / (1 + caseload);

/** The i-th uniform number in [0, 1) from a seed: SHA-256 of seed and counter, 52 bits. */
export function uniform(seed: string, i: number): number {
  const digest = createHash('sha256').update(`${seed}:${i}`).digest();
  return Number(digest.readBigUInt64BE(0) >> 12n) / 2 ** 52;
}

/** Draws `size` distinct judges; the first drawn presides. Candidates are taken in openid order. */
export function drawPanel(seed: string, candidates: readonly Candidate[], size: number): Candidate[] {
  if (size < 1 || candidates.length < size) throw new RangeError(`need ${size} candidates, have ${candidates.length}`);
  const pool = [...candidates].sort((a, b) => (a.openid < b.openid ? -1 : a.openid > b.openid ? 1 : 0));
  const drawn: Candidate[] = [];
  for (let i = 0; drawn.length < size; i += 1) {
    const total = pool.reduce((sum, c) => sum + weightOf(c.caseload), 0);
    let point = uniform(seed, i) * total;
    const index = pool.findIndex((c) => (point -= weightOf(c.caseload)) < 0);
    const [chosen] = pool.splice(index === -1 ? pool.length - 1 : index, 1);
    if (chosen) drawn.push(chosen);
  }
  return drawn;
}

/** 民事诉讼法 第四十条、第四十一条: simplified procedure may be heard by a sole judge; ordinary by a collegial panel of three. */
export function panelSize(procedure: 'ordinary' | 'simplified'): number {
  return procedure === 'simplified' ? 1 : 3;
}

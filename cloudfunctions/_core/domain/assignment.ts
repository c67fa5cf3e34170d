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

/** A division of a court (审判庭, or the enforcement bureau), and the types of case it hears (any, when it names none). */
export interface Division {
  id: string;
  name: string;
  hears?: readonly string[];
}

/**
 * Which division hears a case the court accepts (人民法院组织法 第二十七条: a court sets up the
 * divisions its work needs; which hears what is the court's own setting, `divisions[].hears`).
 * The registrar's choice must be one of the court's divisions hearing the type; without a
 * choice, the court's one such division; with several, the registrar must choose.
 */
export function divisionHearing(
  divisions: readonly Division[],
  caseType: string,
  chosen?: string,
): { ok: true; division: Division } | { ok: false; reason: string } {
  const hearing = divisions.filter((d) => !d.hears || d.hears.includes(caseType));
  if (chosen !== undefined) {
    const division = divisions.find((d) => d.id === chosen);
    if (!division) return { ok: false, reason: '所选承办部门不属于本院' };
    if (!hearing.includes(division)) return { ok: false, reason: `${division.name}不审理此类案件` };
    return { ok: true, division };
  }
  const [only, ...others] = hearing;
  if (!only) return { ok: false, reason: '本院没有审理此类案件的部门，请法院信息部门先设置' };
  if (others.length > 0) return { ok: false, reason: `请选择承办部门（${hearing.map((d) => d.name).join('、')}）` };
  return { ok: true, division: only };
}

import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findPersonalData } from '../../cloudfunctions/_core/runtime/personal-data';

/**
 * The personal-data audit of the integration run (issue 17, item 6): every answer a function
 * gives, every log line, every subscribe message and every stored document and text file of
 * every emulator is searched for an ID number (18 digits, valid check digit), a mobile
 * (1[3-9] and 9 digits) or a bank card (16–19 digits passing Luhn) in the clear; masked forms
 * (440106********1231, 138****8000, ****1234) pass. A hit is written to the run's audit file;
 * the global teardown audits each emulator a last time and fails the run on any hit.
 *
 * What is audited when: answers as they arrive (every `fetch` of `/call/`, the mini-program
 * harness's calls); the emulator's documents, files, logs and outbox before each reset or
 * restore wipes them, and at the end of the run.
 */

export interface PiiHit {
  where: string;
  kind: string;
  /** The value found, masked here too: the report must not be a leak of its own. */
  masked: string;
}

const AUDIT_FILE = 'pii-hits.jsonl';

/** Where this run's hits are collected (the global setup makes the directory). */
function auditDir(): string | undefined {
  return process.env.MC_PII_AUDIT_DIR;
}

const maskOf = (value: string) => `${value.slice(0, 3)}${'*'.repeat(Math.max(0, value.length - 7))}${value.slice(-4)}`;

/** Every piece of text in a JSON value (its keys too), walked without recursion. */
function textsOf(value: unknown): string[] {
  const texts: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') texts.push(node);
    else if (Array.isArray(node)) for (const item of node) stack.push(item);
    else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        texts.push(key);
        stack.push(item);
      }
    }
  }
  return texts;
}

/**
 * The hits in a text: a JSON text is searched value by value (a number stored as a number, an
 * amount in fen, is not a mobile); any other text as it is.
 */
export function hitsIn(where: string, text: string): PiiHit[] {
  let texts: string[];
  try {
    texts = textsOf(JSON.parse(text));
  } catch {
    texts = [text];
  }
  return texts.flatMap((t) => findPersonalData(t).map((hit) => ({ where, kind: hit.kind, masked: maskOf(hit.value) })));
}

function record(hits: PiiHit[]): void {
  const dir = auditDir();
  if (!dir || hits.length === 0) return;
  appendFileSync(path.join(dir, AUDIT_FILE), hits.map((hit) => `${JSON.stringify(hit)}\n`).join(''));
}

/** An answer of a function, as the phone received it. */
export function auditAnswer(name: string, text: string): void {
  record(hitsIn(`answer of ${name}`, text));
}

interface Stored {
  environments: Record<string, { documents: Record<string, Record<string, string>>; files: Record<string, string> }>;
}

/** Everything the emulator at `url` holds and has logged and sent now. */
export async function auditEmulator(url: string): Promise<PiiHit[]> {
  const get = async <T>(route: string): Promise<T | undefined> => {
    const res = await fetch(`${url}/__/${route}`).catch(() => undefined);
    return res?.ok ? ((await res.json()) as T) : undefined;
  };
  const [stored, logs, outbox] = await Promise.all([get<Stored>('documents'), get<{ lines: string[] }>('logs'), get<{ messages: unknown[] }>('outbox')]);
  const hits: PiiHit[] = [];
  for (const [env, { documents, files }] of Object.entries(stored?.environments ?? {})) {
    for (const [collection, docs] of Object.entries(documents)) {
      for (const doc of Object.values(docs)) hits.push(...hitsIn(`${env}/${collection}`, doc));
    }
    for (const [file, text] of Object.entries(files)) hits.push(...hitsIn(`${env} storage ${file}`, text));
  }
  for (const line of logs?.lines ?? []) hits.push(...hitsIn('function log', line.replace(/^\[[^\]]*\]\s*/, '')));
  for (const message of outbox?.messages ?? []) hits.push(...hitsIn('outbox', JSON.stringify(message)));
  record(hits);
  return hits;
}

/** Every answer fetched from a function's gateway in this test process is audited as it arrives. */
export function auditAnswersOfFetch(): void {
  const original = globalThis.fetch;
  if ((original as { audited?: boolean }).audited) return;
  const audited = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const res = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const call = /\/call\/([^/?]+)/.exec(url);
    if (call) {
      const text = await res.clone().text();
      auditAnswer(decodeURIComponent(call[1] ?? ''), text);
    }
    return res;
  };
  globalThis.fetch = Object.assign(audited, { audited: true }) as typeof fetch;
}

/** The run's audit directory, made by the global setup. */
export function startAudit(dir: string): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, AUDIT_FILE), '');
  process.env.MC_PII_AUDIT_DIR = dir;
}

/** The run's hits, each place and value once. */
export function hitsOfRun(): PiiHit[] {
  const dir = auditDir();
  const file = dir ? path.join(dir, AUDIT_FILE) : '';
  if (!file || !existsSync(file)) return [];
  const seen = new Set<string>();
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PiiHit)
    .filter((hit) => {
      const key = `${hit.where}\n${hit.kind}\n${hit.masked}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

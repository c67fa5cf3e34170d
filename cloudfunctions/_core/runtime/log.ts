import { redactPersonalData } from './personal-data';

/**
 * Structured, one-line JSON logs. Only the fields named here are ever written: never the
 * input, never a document; and an error's message or stack that quotes one (a database error
 * naming the value it refused) has every ID number, mobile and bank card masked on its way out.
 */
export interface CallLog {
  action: string;
  requestId?: string | undefined;
  role?: string | undefined;
  durationMs: number;
  outcome: 'ok' | 'error' | 'replayed';
  code?: string | undefined;
  dbCalls?: number | undefined;
}

export interface ErrorLog {
  action: string;
  requestId?: string | undefined;
  error: string;
  stack?: string | undefined;
  cause?: string | undefined;
}

/** Notices and codes a function could not deliver after its change (`notify`, `miniProgramCode`). */
export interface UndeliveredLog {
  channel: 'subscribe-message' | 'wxacode';
  requestId?: string | undefined;
  attempted: number;
  sent: number;
  failed: number;
  /** Skipped because the template has no id in the function's environment. */
  unconfigured: number;
  /** Why each failed: WeChat's error code and message, never the values sent. */
  errors: string[];
}

export type LogSink = (line: string) => void;

let write: LogSink = (line) => process.stdout.write(`${line}\n`);
const sink: LogSink = (line) => write(redactPersonalData(line));

export function setLogSink(next: LogSink): void {
  write = next;
}

export function logCall(entry: CallLog): void {
  sink(JSON.stringify({ level: entry.outcome === 'error' ? 'warn' : 'info', kind: 'call', ...entry }));
}

export function logError(entry: ErrorLog): void {
  sink(JSON.stringify({ level: 'error', kind: 'error', ...entry }));
}

/** An error when anything failed; a warning when a template is only unconfigured. */
export function logUndelivered(entry: UndeliveredLog): void {
  sink(JSON.stringify({ level: entry.failed > 0 ? 'error' : 'warn', kind: 'undelivered', ...entry }));
}

/** A day's chain anchor (`chain_anchors/<day>`): its root goes to the logs too, so a rewrite of the anchors shows against them. */
export interface AnchorLog {
  day: string;
  root: string;
  prevRoot: string;
  /** How many chains' heads it holds. */
  heads: number;
}

export function logAnchor(entry: AnchorLog): void {
  sink(JSON.stringify({ level: 'info', kind: 'chain-anchor', ...entry }));
}

/** A run of the deadline reminders (workbench's timer): what it sent, what failed, and what it skipped and why. */
export interface RemindersLog {
  day: string;
  /** Reminders due soon to someone who accepted reminders of their kind. */
  due: number;
  sent: number;
  failed: number;
  /** Sent on an earlier run: a reminder goes once. */
  alreadySent: number;
  /** No acceptance of the reminder's template left: WeChat would refuse it (each acceptance allows one message). */
  noConsent: number;
  /** Recorded by an earlier run that stopped before settling them: not sent again, their acceptances given back. */
  recovered: number;
}

export function logReminders(entry: RemindersLog): void {
  sink(JSON.stringify({ level: entry.failed > 0 ? 'warn' : 'info', kind: 'deadline-reminders', ...entry }));
}

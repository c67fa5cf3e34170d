/**
 * Structured, one-line JSON logs. Only the fields named here are ever written: never the
 * input, never a document, so no identity number or phone can reach the log.
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

let sink: LogSink = (line) => process.stdout.write(`${line}\n`);

export function setLogSink(next: LogSink): void {
  sink = next;
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

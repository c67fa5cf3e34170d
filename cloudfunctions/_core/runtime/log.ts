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

import { StoreError } from './store-model';

/** A business error the SDK reads from an HTTP 200 answer: `{ code, message }`. */
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    // The code leads the message: wx-server-sdk keeps only the message of a database error.
    super(message.startsWith(code) ? message : `${code}: ${message}`);
  }
}

export function mapStoreError(error: unknown): ProtocolError | null {
  if (error instanceof ProtocolError) return error;
  if (error instanceof StoreError) return new ProtocolError(error.code, error.message);
  return null;
}

// The phone imports this file's type: it holds nothing but the codes.

/**
 * The closed set of error codes a cloud function answers with. Each comment says what the
 * mini-program should do when it sees the code.
 */
export const ErrorCode = {
  /** No WeChat identity in the call: reopen the mini-program (it logs in again). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Real-name (face) verification is missing or too old: send the user to verification. */
  NOT_VERIFIED: 'NOT_VERIFIED',
  /** The caller may not do this, or not on this case: show the message, offer no retry. */
  FORBIDDEN: 'FORBIDDEN',
  /** The input is wrong: show `fields` next to the inputs; retrying unchanged will fail again. */
  INVALID_INPUT: 'INVALID_INPUT',
  /** The thing asked for does not exist (or the caller may not know it exists): go back. */
  NOT_FOUND: 'NOT_FOUND',
  /** A concurrent or duplicate change won: reload the data, then decide again. */
  CONFLICT: 'CONFLICT',
  /** The case or document is not in a state that allows this step: reload and show its state. */
  STATE: 'STATE',
  /** A legal time limit has passed (or has not yet begun): show the message; a person must act. */
  DEADLINE: 'DEADLINE',
  /** The payment did not go through or does not match the notice: show the fee notice again. */
  PAYMENT: 'PAYMENT',
  /** Too many calls or a busy dependency: wait a little and retry with the same requestId. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Our fault: retry later with the same requestId; the details are in the server log. */
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

import type { ZodError } from 'zod';

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

/** The message a person sees when a use case gives none of its own. */
export const defaultMessage: Record<ErrorCode, string> = {
  UNAUTHENTICATED: '未能识别您的微信身份，请重新打开小程序后再试',
  NOT_VERIFIED: '请先完成实名认证（人脸识别）后再办理',
  FORBIDDEN: '您无权办理此事项',
  INVALID_INPUT: '填写的内容有误，请检查后重新提交',
  NOT_FOUND: '未找到相关记录',
  CONFLICT: '数据已被他人更新，请刷新后重试',
  STATE: '当前状态下不能办理此事项，请刷新后查看',
  DEADLINE: '已超过法定期限',
  PAYMENT: '缴费未成功，请核对缴费通知后重试',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  INTERNAL: '系统繁忙，请稍后重试',
};

/** Per-field messages, keyed by the dotted path of the input field ("parties.0.idNumber"). */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;

  constructor(code: ErrorCode, message?: string, options?: { fields?: FieldErrors; cause?: unknown }) {
    super(message ?? defaultMessage[code], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options?.fields;
  }
}

/** A precondition of a use case: `assert(case_, 'NOT_FOUND', '案件不存在')`. */
export function assert(condition: unknown, code: ErrorCode, message?: string): asserts condition {
  if (!condition) throw new AppError(code, message);
}

/** zod issues as Chinese per-field messages; the zod error stays as `cause` for the log. */
export function invalidInput(error: ZodError): AppError {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    fields[path] ??= issue.message;
  }
  return new AppError('INVALID_INPUT', defaultMessage.INVALID_INPUT, { fields, cause: error });
}

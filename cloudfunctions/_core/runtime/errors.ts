import type { ZodError } from 'zod';

import { ErrorCode } from './error-codes';

export { ErrorCode };

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

/**
 * Input the schema cannot judge alone (it needs what is stored): INVALID_INPUT naming the field,
 * with the message for the whole answer and, where shorter, another beside the field.
 */
export function invalidField(field: string, message: string, fieldMessage = message): AppError {
  return new AppError('INVALID_INPUT', message, { fields: { [field]: fieldMessage } });
}

/** `invalidField` as a precondition: `assertField(ok, 'reason', '请写明理由')`. */
export function assertField(condition: unknown, field: string, message: string, fieldMessage = message): asserts condition {
  if (!condition) throw invalidField(field, message, fieldMessage);
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

import type { ErrorCode as FunctionErrorCode } from '../../cloudfunctions/_core/runtime/error-codes';

/** The functions' closed set of codes, and the phone's own for a call that never arrived. */
export type ErrorCode = FunctionErrorCode | 'NETWORK';

/**
 * What a person reads when a call fails: the function's own Chinese message, and what to do
 * next for its code. Never raw JSON.
 */
export const NEXT_STEP: Record<ErrorCode, string> = {
  UNAUTHENTICATED: '请退出后重新打开小程序。',
  NOT_VERIFIED: '请先到“实名认证”完成人脸识别。',
  FORBIDDEN: '如有疑问，请联系承办法院。',
  INVALID_INPUT: '请按提示修改标红的内容后再提交。',
  NOT_FOUND: '请返回上一页刷新后再试。',
  CONFLICT: '请刷新页面后再试。',
  STATE: '请刷新查看最新进度。',
  DEADLINE: '请留意法定期限，必要时联系法院。',
  PAYMENT: '请核对缴费通知后重新缴费。',
  RATE_LIMITED: '请稍等片刻再试。',
  INTERNAL: '请稍后再试；多次失败请联系法院。',
  NETWORK: '网络不稳定，请检查网络后重试。',
};

export class CallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The message and the next step, as one line for the page. */
  get display(): string {
    return `${this.message}。${NEXT_STEP[this.code]}`.replace('。。', '。');
  }
}

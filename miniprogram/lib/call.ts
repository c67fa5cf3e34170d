import type { ActionInput, ActionOutput, Envelope, PhoneActionName } from '../../cloudfunctions/_core/contract';
import { CallError } from './errors';
import { envOf } from './env';

/** A request id for one attempt at a change: the same id is sent again on a retry. */
export function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Calls a cloud function in the environment the contract deploys it to, and answers its data,
 * or throws CallError with the function's Chinese message (a network failure becomes NETWORK).
 * Input and answer types are the contract's.
 */
export async function call<N extends PhoneActionName>(name: N, input: ActionInput<N>): Promise<ActionOutput<N>> {
  let result: Envelope<ActionOutput<N>>;
  try {
    const res = await wx.cloud.callFunction({ name, data: input as WechatMiniprogram.IAnyObject, config: { env: envOf(name) } });
    result = res.result as Envelope<ActionOutput<N>>;
  } catch {
    throw new CallError('NETWORK', '网络连接失败');
  }
  if (!result || typeof result !== 'object') throw new CallError('INTERNAL', '服务暂时不可用');
  if (!result.ok) throw new CallError(result.error.code, result.error.message, result.error.fields ?? {});
  return result.data;
}

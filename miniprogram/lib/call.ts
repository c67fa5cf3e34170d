import type { CaseDetailInput, CaseDetailOutput, CaseListInput, CaseListOutput, CaseQueryInput, CaseQueryOutput, CourtListOutput, SessionInfoOutput } from '../../cloudfunctions/_core/schemas/cases';
import type { DeadlineCalcInput, DeadlineCalcOutput } from '../../cloudfunctions/_core/schemas/deadlines';
import type { DossierListInput, DossierListOutput, DossierUrlInput, DossierUrlOutput, MessageListInput, MessageListOutput, MessageSendInput, MessageSendOutput, ServiceInboxInput, ServiceInboxOutput, ServiceReadInput, ServiceReadOutput } from '../../cloudfunctions/_core/schemas/dossier';
import type { FilingDraftInput, FilingDraftOutput } from '../../cloudfunctions/_core/schemas/drafts';
import type { FeeCalcInput, FeeCalcOutput, FeeOrderInput, FeeOrderOutput } from '../../cloudfunctions/_core/schemas/fees';
import type { FilingSubmitInput, FilingSubmitOutput } from '../../cloudfunctions/_core/schemas/filing';
import type { IdentityVerifyInput, IdentityVerifyOutput } from '../../cloudfunctions/_core/schemas/identity';
import type { ClaimRegisterInput, ClaimRegisterOutput, ClaimReviewInput, ClaimReviewOutput, ClaimStatusInput, ClaimStatusOutput, ClaimsTableInput, ClaimsTableOutput } from '../../cloudfunctions/_core/schemas/claims';
import { CallError, type ErrorCode } from './errors';

/** Every function the mini-program calls, with the zod-inferred types of its input and answer. */
export interface Actions {
  'court-list': [Record<string, never>, CourtListOutput];
  'session-info': [Record<string, never>, SessionInfoOutput];
  'fee-calc': [FeeCalcInput, FeeCalcOutput];
  'deadline-calc': [DeadlineCalcInput, DeadlineCalcOutput];
  'case-query': [CaseQueryInput, CaseQueryOutput];
  'identity-verify': [IdentityVerifyInput, IdentityVerifyOutput];
  'filing-draft': [FilingDraftInput, FilingDraftOutput];
  'filing-submit': [FilingSubmitInput, FilingSubmitOutput];
  'case-list': [CaseListInput, CaseListOutput];
  'case-detail': [CaseDetailInput, CaseDetailOutput];
  'fee-order': [FeeOrderInput, FeeOrderOutput];
  'dossier-list': [DossierListInput, DossierListOutput];
  'dossier-url': [DossierUrlInput, DossierUrlOutput];
  'service-inbox': [ServiceInboxInput, ServiceInboxOutput];
  'service-read': [ServiceReadInput, ServiceReadOutput];
  'message-send': [MessageSendInput, MessageSendOutput];
  'message-list': [MessageListInput, MessageListOutput];
  'claim-register': [ClaimRegisterInput, ClaimRegisterOutput];
  'claim-status': [ClaimStatusInput, ClaimStatusOutput];
  'claim-review': [ClaimReviewInput, ClaimReviewOutput];
  'claims-table': [ClaimsTableInput, ClaimsTableOutput];
}

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; fields?: Record<string, string> } };

/** A request id for one attempt at a change: the same id is sent again on a retry. */
export function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Calls a cloud function and answers its data, or throws CallError with the function's
 * Chinese message (a network failure becomes NETWORK).
 */
export async function call<N extends keyof Actions>(name: N, input: Actions[N][0]): Promise<Actions[N][1]> {
  let result: Envelope<Actions[N][1]>;
  try {
    const res = await wx.cloud.callFunction({ name, data: input as WechatMiniprogram.IAnyObject });
    result = res.result as Envelope<Actions[N][1]>;
  } catch {
    throw new CallError('NETWORK', '网络连接失败');
  }
  if (!result || typeof result !== 'object') throw new CallError('INTERNAL', '服务暂时不可用');
  if (!result.ok) throw new CallError(result.error.code, result.error.message, result.error.fields ?? {});
  return result.data;
}

import * as z from 'zod';
import { RequestId } from './common';
import { CaseId, CaseNumber, id, personText } from './fields';
import { AgentPowerList, UploadedFile } from './filing';

const AgencyId = id({ min: 4, max: 80, required: '请选择诉讼代理人', message: '请选择诉讼代理人' });
const Reason = personText(500, { min: 2, lines: true, required: '请写明理由', tooShort: '请写明理由', tooLong: '理由最多500字' });

/**
 * 诉讼代理人: a lawyer `join`s a case for a party with the power of attorney (授权委托书) and the
 * powers it names (民事诉讼法 第六十二条); the party itself, or the panel on the paper, `confirm`s
 * (or refuses) it; the party or the panel `change`s its powers or `revoke`s it, and the agent may
 * withdraw itself (民事诉讼法 第六十三条); `list` shows the case's agents.
 */
export const AgentInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('join'),
      requestId: RequestId,
      caseNumber: CaseNumber,
      /** The party acted for, by its name in the case. */
      partyName: personText(100, { min: 2, required: '请填写委托人（当事人）名称', tooShort: '请填写委托人（当事人）名称', tooLong: '委托人名称过长' }),
      powerOfAttorney: UploadedFile,
      /** What the power of attorney grants, as its flags; "全权代理" alone is none of the special ones (民事诉讼法 第六十二条). */
      powers: AgentPowerList,
      service: z.strictObject({ consent: z.boolean(), addressConfirmed: z.boolean() }),
    }),
    z.strictObject({
      op: z.literal('confirm'),
      requestId: RequestId,
      caseId: CaseId,
      agencyId: AgencyId,
      decision: z.enum(['confirm', 'reject'], { error: '确认结果应为 confirm（确认委托）或 reject（不予确认）' }),
      reason: Reason.optional(),
    }),
    z.strictObject({ op: z.literal('change'), requestId: RequestId, caseId: CaseId, agencyId: AgencyId, powers: AgentPowerList }),
    z.strictObject({ op: z.literal('revoke'), requestId: RequestId, caseId: CaseId, agencyId: AgencyId, reason: Reason.optional() }),
    // A read: a requestId, when the phone sends one with every call, changes nothing.
    z.strictObject({ op: z.literal('list'), requestId: RequestId.optional(), caseId: CaseId }),
  ],
  { error: '操作应为 join、confirm、change、revoke 或 list' },
);
export type AgentInput = z.input<typeof AgentInput>;

export const AgencyView = z.object({
  agencyId: z.string(),
  party: z.string(),
  agentName: z.string(),
  state: z.enum(['pending', 'active', 'rejected', 'revoked']),
  stateLabel: z.string(),
  powers: z.array(z.string()),
  powersText: z.string(),
  /** The power of attorney's SHA-256, as filed. */
  powerOfAttorneySha256: z.string(),
  appliedOn: z.string(),
  confirmedOn: z.string().optional(),
  endedOn: z.string().optional(),
  reason: z.string().optional(),
});
export type AgencyView = z.infer<typeof AgencyView>;

export const AgentOutput = z.discriminatedUnion('op', [
  z.object({ op: z.literal('join'), caseId: z.string(), agency: AgencyView }),
  z.object({ op: z.literal('confirm'), agency: AgencyView }),
  z.object({ op: z.literal('change'), agency: AgencyView }),
  z.object({ op: z.literal('revoke'), agency: AgencyView }),
  z.object({ op: z.literal('list'), agencies: z.array(AgencyView) }),
]);
export type AgentOutput = z.infer<typeof AgentOutput>;

import * as z from 'zod';
import { RequestId } from './common';

const CaseId = z.string({ error: '缺少案件编号' }).min(8).max(64);
const Openid = z.string().min(1).max(128);

export const CaseAssignInput = z.object({
  requestId: RequestId,
  caseId: CaseId,
  /** The division whose judges are drawn; the caller's own by default. */
  divisionId: z.string().min(1).max(64).optional(),
  /** A clerk chosen by the leader; otherwise drawn from the division's clerks. */
  clerk: Openid.optional(),
});
export type CaseAssignInput = z.input<typeof CaseAssignInput>;

const Person = z.object({ openid: z.string(), name: z.string() });
export const CaseAssignOutput = z.object({
  presiding: Person,
  members: z.array(Person),
  clerk: Person.optional(),
  /** The draw's seed and candidates, published so anyone can re-run it. */
  draw: z.object({ seed: z.string(), candidates: z.array(z.object({ openid: z.string(), caseload: z.number().int() })) }),
});
export type CaseAssignOutput = z.infer<typeof CaseAssignOutput>;

export const HearingScheduleInput = z.object({
  requestId: RequestId,
  caseId: CaseId,
  startsAt: z.iso.datetime({ offset: true, error: '开庭时间格式应为 ISO 8601，例如 2026-03-20T09:30:00+08:00' }),
  place: z.discriminatedUnion(
    'kind',
    [z.object({ kind: z.literal('courtroom'), room: z.string().trim().min(2, '请填写法庭').max(50) }), z.object({ kind: z.literal('online') })],
    {
      error: '开庭方式应为 courtroom（到庭）或 online（在线）',
    },
  ),
});
export type HearingScheduleInput = z.input<typeof HearingScheduleInput>;

export const HearingScheduleOutput = z.object({
  hearingId: z.string(),
  startsAt: z.string(),
  place: z.string(),
  served: z.number().int(),
  offline: z.number().int(),
});
export type HearingScheduleOutput = z.infer<typeof HearingScheduleOutput>;

import * as z from 'zod';
import { RequestId } from './common';
import { CaseId, id, Openid, personText } from './fields';

export const CaseAssignInput = z.strictObject({
  requestId: RequestId,
  caseId: CaseId,
  /** The division whose judges are drawn; the caller's own by default. */
  divisionId: id().optional(),
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

const Place = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('courtroom'), room: personText(50, { min: 2, tooShort: '请填写法庭', tooLong: '法庭名称最多50字' }) }),
    z.strictObject({ kind: z.literal('online') }),
  ],
  { error: '开庭方式应为 courtroom（到庭）或 online（在线）' },
);

/** How long a hearing books its room and judges when the judge does not say. */
export const DEFAULT_HEARING_MINUTES = 60;

export const HearingScheduleInput = z
  .strictObject({
    requestId: RequestId,
    caseId: CaseId,
    /** `schedule` a new hearing (the default); `reschedule` or `cancel` one already set: every party is served the new notice. */
    op: z.enum(['schedule', 'reschedule', 'cancel'], { error: '操作应为 schedule（排期）、reschedule（变更）或 cancel（取消）' }).default('schedule'),
    /** The hearing rescheduled or cancelled. */
    hearingId: id({ max: 40, required: '请选择要变更的开庭', message: '请选择要变更的开庭' }).optional(),
    startsAt: z.iso.datetime({ offset: true, error: '开庭时间格式应为 ISO 8601，例如 2026-03-20T09:30:00+08:00' }).max(40).optional(),
    /** How long the room and the judges are booked. */
    durationMinutes: z
      .number({ error: '庭审时长应为分钟数' })
      .int('庭审时长应为整数分钟')
      .min(15, '庭审时长至少15分钟')
      .max(480, '庭审时长最多480分钟（8小时）')
      .optional(),
    /** Where: kept when a hearing is rescheduled without one. */
    place: Place.optional(),
    /** Why a hearing is rescheduled or cancelled: stated on the notice. */
    reason: personText(200, {
      min: 2,
      lines: true,
      required: '请说明变更或取消开庭的理由',
      tooShort: '请说明变更或取消开庭的理由',
      tooLong: '理由最多200字',
    }).optional(),
    /** Why a hearing may be put off more than a month: the parties agreed, or force majeure (延长审限和延期开庭规定 第五条). */
    beyondMonth: z.enum(['consent', 'force-majeure'], { error: '延期超过一个月的事由应为 consent（当事人同意）或 force-majeure（不可抗力）' }).optional(),
  })
  .superRefine((input, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (input.op === 'schedule') {
      if (!input.startsAt) need('startsAt', '请填写开庭时间');
      if (!input.place) need('place', '请选择开庭方式');
      return;
    }
    if (!input.hearingId) need('hearingId', '请选择要变更的开庭');
    if (!input.reason) need('reason', input.op === 'cancel' ? '请说明取消开庭的理由' : '请说明变更开庭的理由');
    if (input.op === 'reschedule' && !input.startsAt) need('startsAt', '请填写变更后的开庭时间');
  });
export type HearingScheduleInput = z.input<typeof HearingScheduleInput>;

export const HearingScheduleOutput = z.object({
  hearingId: z.string(),
  state: z.enum(['scheduled', 'cancelled']),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  /** The notice served: the summons, the summons for the new time, or the notice of cancellation. */
  noticeId: z.string(),
  served: z.number().int(),
  /** Parties put on the clerk's list for service by post or in person. */
  offline: z.number().int(),
});
export type HearingScheduleOutput = z.infer<typeof HearingScheduleOutput>;

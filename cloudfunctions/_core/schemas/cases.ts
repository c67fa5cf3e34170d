import { DEADLINE_KINDS } from '#domain/case-deadlines';
import * as z from 'zod';
import { Page, RequestId } from './common';
import { CaseId, CaseNumber, code } from './fields';
import { FeeAccount } from './fees';
import { Representation } from './filing';

export const CaseListInput = z.strictObject({
  /** cases: my cases; filings: my filings not yet decided. (A registrar's queue is `workbench` op review-queue.) */
  view: z.enum(['cases', 'filings'], { error: '列表类型应为 cases 或 filings' }).default('cases'),
  ...Page.shape,
});
export type CaseListInput = z.input<typeof CaseListInput>;

/** What every view of a case or filing starts with. */
const CaseHeading = z.object({
  id: z.string(),
  kind: z.enum(['case', 'filing']),
  caseNumber: z.string().optional(),
  cause: z.string(),
  courtName: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  myRoles: z.array(z.string()),
});

export const CaseListItem = CaseHeading.extend({
  updatedAt: z.string(),
  /**
   * What needs attention: fee-overdue (诉讼费用交纳办法 第二十二条), trial-limit-near (30 days or fewer
   * left), review-overdue (a filing not decided by its last day of review, 登记立案规定 第八条).
   */
  alerts: z.array(z.enum(['fee-overdue', 'trial-limit-near', 'review-overdue'])),
  /**
   * The first deadline of the case, of any kind (`#domain/case-deadlines`): a filing's review, an unpaid fee, the next hearing, a
   * transcript to sign, the trial limit, an appeal period, publication (律师通: every client's case with its next deadline).
   */
  nextDeadline: z
    .object({
      kind: z.enum(DEADLINE_KINDS),
      label: z.string(),
      date: z.string(),
      daysLeft: z.number().int(),
      state: z.enum(['overdue', 'due-soon', 'later']),
    })
    .optional(),
});
export const CaseListOutput = z.object({ items: z.array(CaseListItem), page: z.number().int(), hasMore: z.boolean() });
export type CaseListOutput = z.infer<typeof CaseListOutput>;

export const CaseDetailInput = z.strictObject({ caseId: CaseId });
export type CaseDetailInput = z.input<typeof CaseDetailInput>;

export const CaseDetailOutput = CaseHeading.extend({
  procedure: z.string().optional(),
  filedOn: z.string().optional(),
  parties: z.array(
    z.object({
      role: z.string(),
      kind: z.string(),
      name: z.string(),
      idMasked: z.string().optional(),
      uscc: z.string().optional(),
      representative: z.string().optional(),
    }),
  ),
  panel: z.object({ presiding: z.string(), members: z.array(z.string()), clerk: z.string().optional() }).optional(),
  hearings: z.array(z.object({ id: z.string(), startsAt: z.string(), endsAt: z.string().optional(), place: z.string(), cancelled: z.boolean().optional() })),
  /**
   * Every deadline running (`#domain/case-deadlines`), as the reader may see it: a party's side sees
   * its own appeal period, not another party's. `basis` names the article; a filing's refused
   * appeal period has neither kind nor state.
   */
  deadlines: z.array(
    z.object({
      kind: z.enum(DEADLINE_KINDS).optional(),
      label: z.string(),
      date: z.string(),
      daysLeft: z.number().int(),
      state: z.enum(['overdue', 'due-soon', 'later']).optional(),
      basis: z.string().optional(),
    }),
  ),
  fee: z.object({ feeFen: z.number().int(), dueOn: z.string(), state: z.string(), account: FeeAccount }).optional(),
  correctionItems: z.array(z.string()).optional(),
  /** 不予受理裁定 (民事诉讼法 第一百二十六条): the reasons, the ruling, and the appeal period once it is served (第一百七十一条). */
  refusal: z
    .object({
      reasons: z.string(),
      decidedOn: z.string(),
      rulingDocumentId: z.string(),
      servedOn: z.string().optional(),
      appealDueOn: z.string().optional(),
      appealBasis: z.string(),
    })
    .optional(),
  /** Who acts for each legal-person party, and what proof of it is still missing (登记立案规定 第六条). */
  representation: z
    .array(
      z.object({
        party: z.string(),
        /** The party's place in the case's parties: what the court's examination names (case-verify, op representation). */
        partyIndex: z.number().int(),
        capacity: z.string(),
        actorName: z.string(),
        supplied: z.array(z.string()),
        missing: z.array(z.string()),
        state: z.enum(['unproven', 'to-examine', 'examined', 'rejected']),
        stateLabel: z.string(),
        /** Why the court did not recognise the representative. */
        reason: z.string().optional(),
      }),
    )
    .optional(),
  documents: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), at: z.string() })),
  timeline: z.array(z.object({ seq: z.number().int(), action: z.string(), label: z.string(), at: z.string(), actorRole: z.string() })),
  /** The event chain re-verified as it was read (全程留痕): true only when the whole chain and its sealed head were checked and hold. */
  chainVerified: z.boolean(),
  /**
   * How much of the chain this answer checked: the whole, or for a long case the newest events
   * shown (`whole: false`), whose full check is the case-verify action.
   */
  chainCheck: z.object({ whole: z.boolean(), checked: z.number().int(), total: z.number().int(), seal: z.enum(['valid', 'invalid', 'missing']) }),
});
export type CaseDetailOutput = z.infer<typeof CaseDetailOutput>;

export const CaseQueryInput = z.strictObject({ code: code(/^[0-9a-f]{16}$/, 16, '查询码不正确', '请扫描受理通知书上的二维码') });
export type CaseQueryInput = z.input<typeof CaseQueryInput>;

export const CaseQueryOutput = z.object({
  caseNumber: z.string(),
  courtName: z.string(),
  cause: z.string(),
  stateLabel: z.string(),
  filedOn: z.string(),
  nextHearing: z.object({ date: z.string(), place: z.string() }).optional(),
});
export type CaseQueryOutput = z.infer<typeof CaseQueryOutput>;

/** 应诉: a defendant (or third party) finds the case by its number and joins it as themself. */
export const CaseJoinInput = z.strictObject({
  requestId: RequestId,
  caseNumber: CaseNumber,
  /**
   * A company joins by its credit code, through its registered legal representative, or through an
   * authorised agent with the company's business licence and power of attorney.
   */
  uscc: z
    .string()
    .max(20, '统一社会信用代码应为18位')
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{18}$/, '统一社会信用代码应为18位')
    .optional(),
  representation: Representation.optional(),
  service: z.strictObject({ consent: z.boolean(), addressConfirmed: z.boolean() }),
});
export type CaseJoinInput = z.input<typeof CaseJoinInput>;
export const CaseJoinOutput = z.object({
  caseId: z.string(),
  role: z.string(),
  partyName: z.string(),
  /** Joined for a legal person: the court examines the papers before the joiner may read or do anything on the case. */
  awaitingExamination: z.boolean().optional(),
});
export type CaseJoinOutput = z.infer<typeof CaseJoinOutput>;

export const CourtListInput = z.strictObject({});
export const CourtListOutput = z.object({ courts: z.array(z.object({ courtId: z.string(), code: z.string(), name: z.string() })) });
export type CourtListOutput = z.infer<typeof CourtListOutput>;

export const SessionInfoInput = z.strictObject({});
export const SessionInfoOutput = z.object({
  openid: z.string(),
  verified: z.boolean(),
  name: z.string().optional(),
  roles: z.array(z.string()),
  /** Where the phone uploads files before a function attaches them to a case. */
  uploadDir: z.string(),
});
export type SessionInfoOutput = z.infer<typeof SessionInfoOutput>;

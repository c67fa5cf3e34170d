import * as z from 'zod';
import { CLAIM_KINDS, REVIEW_DECISIONS } from '#domain/claims';
import { checkUscc } from '#domain/identity';
import { Fen, IsoDate, RequestId } from './common';
import { CaseNumber, code, personText } from './fields';
import { CompanyName, Representation, UploadedFile } from './filing';
import { PersonName } from './identity';

/**
 * What opens a bankruptcy's intake: its deploy record, `deployment` of `bankruptcies/<id>` in
 * the plug-in's own environment, written by `npm run plugin -- deploy` before the window is
 * opened; retiring adds `retiredAt` beside it. It lives there, not in the court's environment,
 * because the plug-in's functions read only their own database (a burst of creditors must not
 * reach the court's), and in the window's own document so a declaration reads both at once.
 * The court keeps its side (which bankruptcy is deployed where, and how far a retire got) in
 * its `plugins` collection, for the script alone.
 */
export interface PluginDeployment {
  plugin: 'claims';
  /** The court that accepted the bankruptcy, whose judges and administrators the deploy copied in. */
  courtId: string;
  deployedAt: Date;
}

/**
 * How long a warm claim-register instance keeps a bankruptcy's window and deploy record. A
 * retire that closes the window waits this long, and the function's time limit, before it
 * counts the claims: by then no instance can still take one.
 */
export const WINDOW_CACHE_MS = 5_000;

const BankruptcyId = code(/^[A-Za-z0-9_-]{4,64}$/, 64, '破产案件编号不正确', '缺少破产案件编号');

export const ClaimsOpenInput = z.strictObject({
  requestId: RequestId,
  bankruptcyId: BankruptcyId,
  caseNumber: CaseNumber,
  debtor: personText(100, { min: 2, tooShort: '请填写债务人名称' }),
  acceptedOn: IsoDate,
  announcedOn: IsoDate,
  deadlineOn: IsoDate,
});
export type ClaimsOpenInput = z.input<typeof ClaimsOpenInput>;
export const ClaimsOpenOutput = z.object({ bankruptcyId: z.string(), deadlineOn: z.string() });
export type ClaimsOpenOutput = z.infer<typeof ClaimsOpenOutput>;

export const ClaimRegisterInput = z.strictObject({
  requestId: RequestId,
  bankruptcyId: BankruptcyId,
  /** The ticket creditor-verify answered (runtime/ticket.ts): with it the caller is not read again. */
  ticket: z.string().max(1000).optional(),
  kind: z.enum(CLAIM_KINDS, { error: '债权种类不正确' }).default('ordinary'),
  /**
   * A company declares as one creditor, by its credit code, through its legal representative or an
   * authorised agent, who proves it with the company's business licence and the representative's
   * certificate or the power of attorney (企业破产法 第四十九条; 民事诉讼法 第五十一条、第六十一条).
   */
  company: Representation.extend({
    name: CompanyName,
    uscc: z
      .string({ error: '请填写统一社会信用代码' })
      .max(20, '统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）')
      .trim()
      .toUpperCase()
      .superRefine((code, ctx) => {
        const check = checkUscc(code);
        if (!check.ok) ctx.addIssue({ code: 'custom', message: check.reason });
      }),
    /** The legal representative on the company's registration. */
    representative: PersonName,
  }).optional(),
  principalFen: Fen,
  interestFen: Fen.default(0),
  interestUntil: IsoDate.optional(),
  otherFen: Fen.default(0),
  /** 第四十九条: the cause of the claim. */
  basis: personText(1000, { min: 2, lines: true, required: '请说明债权发生的原因', tooShort: '请说明债权发生的原因' }),
  /** 第四十九条: whether the claim is secured by property, and by what. */
  collateral: personText(500, { min: 2, lines: true }).optional(),
  joint: z.boolean().default(false),
  /** 第四十七条: conditional claims, claims with a term, claims pending in litigation or arbitration. */
  status: z.enum(['unconditional', 'conditional', 'pending-litigation']).default('unconditional'),
  evidence: z
    .array(z.strictObject({ title: personText(100, { min: 2 }), file: UploadedFile }))
    .max(20)
    .default([]),
  bankAccount: z.strictObject({
    bank: personText(100, { min: 2 }),
    name: personText(100, { min: 2 }),
    account: code(/^\d{8,30}$/, 30, '银行账号应为8–30位数字'),
  }),
  eService: z.strictObject({ consent: z.boolean(), mobile: code(/^1[3-9]\d{9}$/, 11, '手机号码格式不正确') }),
});
export type ClaimRegisterInput = z.input<typeof ClaimRegisterInput>;
export const ClaimRegisterOutput = z.object({
  claimId: z.string(),
  version: z.number().int(),
  totalFen: z.number().int(),
  late: z.boolean(),
  notice: z.string().optional(),
});
export type ClaimRegisterOutput = z.infer<typeof ClaimRegisterOutput>;

export const ClaimStatusInput = z.strictObject({
  bankruptcyId: BankruptcyId,
  /** The company the caller declared for; without it, the caller's own claim. */
  uscc: z
    .string()
    .max(20, '统一社会信用代码应为18位')
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{18}$/, '统一社会信用代码应为18位')
    .optional(),
});
export type ClaimStatusInput = z.input<typeof ClaimStatusInput>;
export const ClaimStatusOutput = z.object({
  claimId: z.string(),
  creditorName: z.string(),
  totalFen: z.number().int(),
  principalFen: z.number().int(),
  interestFen: z.number().int(),
  otherFen: z.number().int(),
  secured: z.boolean(),
  late: z.boolean(),
  version: z.number().int(),
  review: z.object({ state: z.string(), confirmedFen: z.number().int().optional(), reason: z.string().optional() }),
  bankAccountMasked: z.string(),
  submittedAt: z.string(),
});
export type ClaimStatusOutput = z.infer<typeof ClaimStatusOutput>;

export const ClaimReviewInput = z.strictObject({
  requestId: RequestId,
  bankruptcyId: BankruptcyId,
  reviews: z
    .array(
      z.strictObject({
        claimId: code(/^[0-9a-f]{32}$/, 32, '债权编号不正确'),
        decision: z.enum(REVIEW_DECISIONS, { error: '审查结论应为 confirmed、partly-confirmed、disputed 或 rejected' }),
        confirmedFen: Fen.optional(),
        reason: personText(1000, { lines: true }).optional(),
      }),
    )
    .min(1, '请至少审查一笔债权')
    .max(100, '一次最多审查100笔债权'),
});
export type ClaimReviewInput = z.input<typeof ClaimReviewInput>;
export const ClaimReviewOutput = z.object({ reviewed: z.number().int() });
export type ClaimReviewOutput = z.infer<typeof ClaimReviewOutput>;

export const ClaimsTableInput = z.strictObject({
  bankruptcyId: BankruptcyId,
  // Not the common Page: the administrator pages through a hundred thousand claims, in larger pages.
  page: z.number().int().min(0).max(10_000).default(0),
  pageSize: z.number().int().min(1).max(200).default(50),
  /** Review state to list; all when absent. */
  state: z.enum(['pending', ...REVIEW_DECISIONS]).optional(),
  /** The totals by state and security: a pass over every claim, so a review queue leaves them out. */
  totals: z.boolean().default(true),
  export: z.enum(['csv', 'xlsx']).optional(),
  /** The day the creditors' meeting verification ended, for the 15-day objection window. */
  meetingEndsOn: IsoDate.optional(),
});
export type ClaimsTableInput = z.input<typeof ClaimsTableInput>;
export const ClaimsTableOutput = z.object({
  totals: z
    .array(z.object({ state: z.string(), secured: z.boolean(), claims: z.number().int(), declaredFen: z.number().int(), confirmedFen: z.number().int() }))
    .optional(),
  rows: z.array(
    z.object({
      claimId: z.string(),
      creditorName: z.string(),
      totalFen: z.number().int(),
      secured: z.boolean(),
      late: z.boolean(),
      state: z.string(),
      confirmedFen: z.number().int().optional(),
    }),
  ),
  hasMore: z.boolean(),
  export: z.object({ url: z.string(), expiresAt: z.string(), rows: z.number().int() }).optional(),
  objectionDeadline: z.string().optional(),
});
export type ClaimsTableOutput = z.infer<typeof ClaimsTableOutput>;

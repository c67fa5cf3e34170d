import * as z from 'zod';
import { CaseTypes, type CaseType } from '#domain/filing';
import { CLOSING_OUTCOMES } from '#domain/judgments';
import { Fen, IsoDate, Page, RequestId } from './common';
import { CaseId, code, id, personText } from './fields';
import { UploadedFile } from './filing';

const PUBLICATION_KINDS = [
  'civil',
  'marriage-family',
  'inheritance',
  'divorce',
  'custody-guardianship',
  'criminal',
  'juvenile-criminal',
  'administrative',
  'enforcement',
] as const;

const Party = z.number({ error: '请选择当事人' }).int('当事人编号应为整数').min(0, '当事人编号不正确').max(49, '当事人编号不正确');
const Sha256 = code(/^[0-9a-f]{64}$/, 64, '文本校验值不正确', '请先预览并核对公开文本');

/**
 * 审结报结 (legal-rules-2 §4.5): `close` records the outcome, the decision (a PDF, hashed; its text
 * for publication), the fee list, the closing date and the publication decision, and archives the
 * dossier; `status` is each party's service and appeal period and the effective date, derived now;
 * `preview` the anonymised text for the reviewer, who confirms it with `publish` (or the withheld entry).
 */
export const CaseCloseInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('close'),
      requestId: RequestId,
      caseId: CaseId,
      outcome: z.enum(CLOSING_OUTCOMES, { error: `结案方式不正确，可选：${CLOSING_OUTCOMES.join('、')}` }),
      /** The decision (判决书、裁定书) as signed: a PDF, its title, its text, the day it bears. A 调解书 is already on the case. */
      document: z
        .strictObject({
          title: personText(100, { min: 2, tooShort: '请填写文书名称' }),
          file: UploadedFile,
          text: personText(100_000, { min: 10, lines: true, tooShort: '请填写裁判文书全文', tooLong: '裁判文书全文最多10万字' }),
          issuedOn: IsoDate,
        })
        .optional(),
      /** What a judgment orders, for enforcement: who pays whom how much, or what act, by when. */
      obligations: z
        .array(
          z.strictObject({
            debtor: Party,
            creditor: Party,
            amountFen: Fen.optional(),
            act: personText(500, { tooLong: '履行事项最多500字' }).optional(),
            dueOn: IsoDate.optional(),
            /** 自本判决生效之日起N日内: the days to perform from the judgment's effect, when it names no day. */
            performanceDays: z.number({ error: '履行期限应为天数' }).int('履行期限应为整日').min(1, '履行期限至少1日').max(365, '履行期限最多365日').optional(),
          }),
        )
        .max(20, '给付内容最多20项')
        .optional(),
      /** Who bears the fee due, in fen (诉讼费用交纳办法 第二十九条至第三十四条). */
      feeShares: z
        .array(z.strictObject({ party: Party, fen: Fen }))
        .max(50)
        .optional(),
      /** Parties with no domicile in China (民事诉讼法 第二百八十六条: 30 days to appeal). */
      abroad: z.array(Party).max(50).optional(),
      /** The ruling's ground (撤诉、按撤诉处理、终结诉讼). */
      ground: personText(500, { min: 2, lines: true, tooShort: '请写明裁定的理由', tooLong: '理由最多500字' }).optional(),
      /** 移送: the receiving court. */
      transferTo: personText(100, { min: 4, tooShort: '请填写受移送的法院' }).optional(),
      /** The publication decision (裁判文书上网规定 第三条、第四条). */
      publication: z
        .strictObject({
          kind: z.enum(PUBLICATION_KINDS, { error: `案件类别不正确，可选：${PUBLICATION_KINDS.join('、')}` }),
          stateSecret: z.boolean().optional(),
          /** 第四条第（五）项: another reason it is not suitable to publish. */
          unsuitable: personText(200, { min: 4, tooShort: '请写明不宜公开的理由' }).optional(),
        })
        .optional(),
    }),
    z.strictObject({ op: z.literal('status'), caseId: CaseId }),
    z.strictObject({ op: z.literal('preview'), caseId: CaseId }),
    z.strictObject({ op: z.literal('publish'), requestId: RequestId, caseId: CaseId, sha256: Sha256.optional() }),
  ],
  { error: '结案操作应为 close（结案）、status（生效情况）、preview（预览公开文本）或 publish（公开）' },
);
export type CaseCloseInput = z.input<typeof CaseCloseInput>;

const Period = z.object({
  party: z.number().int(),
  name: z.string(),
  servedOn: IsoDate.optional(),
  appealBy: IsoDate.optional(),
  appealed: z.boolean().optional(),
});

export const ClosingView = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  outcome: z.enum(CLOSING_OUTCOMES),
  outcomeLabel: z.string(),
  basis: z.string(),
  closedOn: IsoDate,
  dateMethod: z.string().optional(),
  archivedOn: IsoDate.optional(),
  decision: z
    .object({
      decisionId: z.string(),
      documentId: z.string(),
      title: z.string(),
      issuedOn: IsoDate,
      sha256: z.string().optional(),
      appealKind: z.enum(['judgment', 'ruling']).nullable(),
      state: z.enum(['serving', 'appeal-period', 'appealed', 'effective']),
      periods: z.array(Period),
      effectiveOn: IsoDate.optional(),
      publishBy: IsoDate.optional(),
    })
    .optional(),
  fees: z
    .object({
      billedFen: z.number().int(),
      paidFen: z.number().int(),
      dueFen: z.number().int(),
      basis: z.array(z.string()),
      shares: z.array(z.object({ party: z.number().int(), name: z.string(), fen: z.number().int() })),
      refund: z.object({ fen: z.number().int(), ground: z.string(), by: IsoDate.optional(), requested: z.boolean() }).optional(),
      /** 移送: the fee prepaid goes with the case to the receiving court (诉讼费用交纳办法 第二十四条). */
      handedOver: z.object({ fen: z.number().int(), to: z.string() }).optional(),
    })
    .optional(),
  publication: z
    .object({
      decision: z.enum(['publish', 'withhold']),
      reason: z.string().optional(),
      state: z.enum(['pending', 'published', 'withheld']),
      judgmentId: z.string().optional(),
    })
    .optional(),
});
export type ClosingView = z.infer<typeof ClosingView>;

export const CaseCloseOutput = z.discriminatedUnion('op', [
  z.object({ op: z.literal('close'), closing: ClosingView }),
  z.object({ op: z.literal('status'), closing: ClosingView }),
  z.object({
    op: z.literal('preview'),
    decision: z.enum(['publish', 'withhold']),
    reason: z.string().optional(),
    text: z.string().optional(),
    sha256: z.string().optional(),
    replaced: z.array(z.object({ kind: z.string(), count: z.number().int() })),
    publishBy: IsoDate.optional(),
  }),
  z.object({ op: z.literal('publish'), judgmentId: z.string(), state: z.enum(['published', 'withheld']), publishedOn: IsoDate, late: z.boolean() }),
]);
export type CaseCloseOutput = z.infer<typeof CaseCloseOutput>;

/** 上诉: a party (or its agent with the power to appeal) appeals a decision within its own period, online. */
export const AppealInput = z.strictObject({
  requestId: RequestId,
  caseId: CaseId,
  decisionId: id({ min: 1, max: 64, required: '请选择上诉的裁判文书', message: '请选择上诉的裁判文书' }).optional(),
  reasons: personText(5000, {
    min: 10,
    lines: true,
    required: '请填写上诉请求和理由',
    tooShort: '请填写上诉请求和理由（至少10字）',
    tooLong: '上诉理由最多5000字',
  }),
  /** The part of the decision appealed against, in fen (诉讼费用交纳办法 第十七条); the whole claim if not given. */
  amountFen: Fen.optional(),
  /** The appeal petition (上诉状), if uploaded. */
  file: UploadedFile.optional(),
});
export type AppealInput = z.input<typeof AppealInput>;

export const AppealOutput = z.object({
  caseId: z.string(),
  decisionId: z.string(),
  party: z.number().int(),
  filedOn: IsoDate,
  appealBy: IsoDate,
  amountFen: z.number().int(),
  feeFen: z.number().int(),
  basis: z.array(z.string()),
});
export type AppealOutput = z.infer<typeof AppealOutput>;

/** 裁判文书公开查询: published, anonymised decisions, and withheld ones' case number, court, date and reason; by court, case type, 案由, year, keyword. */
export const JudgmentSearchInput = Page.extend({
  courtId: id({ min: 2, max: 64, message: '法院编号不正确' }).optional(),
  caseType: z.enum(Object.keys(CaseTypes) as [CaseType, ...CaseType[]], { error: `案件类型不正确，可选：${Object.keys(CaseTypes).join('、')}` }).optional(),
  cause: personText(50, { tooLong: '案由过长' }).optional(),
  year: z.number({ error: '年份应为数字' }).int('年份应为整数').min(2000, '年份不正确').max(2100, '年份不正确').optional(),
  keyword: personText(50, { min: 1, tooLong: '关键词最多50字' }).optional(),
});
export type JudgmentSearchInput = z.input<typeof JudgmentSearchInput>;

export const JudgmentSearchOutput = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(
    z.object({
      judgmentId: z.string(),
      caseNumber: z.string(),
      courtName: z.string(),
      caseType: z.string(),
      cause: z.string(),
      title: z.string(),
      decidedOn: IsoDate,
      publishedOn: IsoDate,
      state: z.enum(['published', 'withheld']),
      text: z.string().optional(),
      reason: z.string().optional(),
    }),
  ),
});
export type JudgmentSearchOutput = z.infer<typeof JudgmentSearchOutput>;

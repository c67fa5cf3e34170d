import * as z from 'zod';
import { checkMobile, checkUscc } from '#domain/identity';
import { CaseTypes, FilingFeeKinds, type CaseType } from '#domain/filing';
import { AGENT_POWERS, AgentPowers, type AgentPower } from '#domain/agents';
import { PROOF_KIND_NAMES, REPRESENTATION_CAPACITIES } from '#domain/legal-person';
import { Fen, RequestId } from './common';
import { id, personText, refusedCharacter } from './fields';
import { PersonName, ResidentId } from './identity';

const Mobile = z.string().max(20, '手机号码格式不正确').trim().refine(checkMobile, '手机号码格式不正确');
const Uscc = z
  .string({ error: '请填写统一社会信用代码' })
  .max(20, '统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）')
  .trim()
  .transform((code) => code.toUpperCase())
  .superRefine((code, ctx) => {
    const check = checkUscc(code);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.reason });
  });
const Address = personText(200, { min: 5, required: '请填写住所地', tooShort: '住所地请写到街道门牌', tooLong: '住所地过长' });
/** A company's full name, as on its business licence. */
export const CompanyName = personText(100, { min: 2, required: '请填写单位全称', tooShort: '请填写单位全称', tooLong: '单位名称过长' });

/** A fileID the caller uploaded to its own area (uploads/<openid>/...). */
export const UPLOADED_FILE = /^cloud:\/\/[^/\s]+\/uploads\/[A-Za-z0-9_-]+\/.+$/;
export const UploadedFile = z
  .string()
  .max(500, '文件须先上传到本人的上传区')
  .regex(UPLOADED_FILE, '文件须先上传到本人的上传区')
  .refine((fileId) => !refusedCharacter(fileId) && !fileId.split('/').some((part) => part === '..' || part === '.'), '文件须先上传到本人的上传区');

/** The powers a power of attorney grants, each named once (民事诉讼法 第六十二条). */
export const AgentPowerList = z
  // z.enum takes a non-empty tuple; AGENT_POWERS is the keys of AgentPowers, never empty.
  .array(z.enum(AGENT_POWERS as [AgentPower, ...AgentPower[]], { error: `代理权限应为 ${AGENT_POWERS.map((p) => AgentPowers[p].label).join('、')} 之一` }))
  .max(AGENT_POWERS.length, '代理权限重复')
  .refine((powers) => new Set(powers).size === powers.length, '代理权限重复');

/** A paper proving who may act for a legal person: its business licence, the representative's certificate, a power of attorney. */
export const RepresentationProof = z.strictObject({
  kind: z.enum(PROOF_KIND_NAMES, { error: '证明材料应为营业执照、法定代表人身份证明书或授权委托书' }),
  file: UploadedFile,
});

/** Acting for a legal person (民事诉讼法 第五十一条、第六十一条): as its legal representative or its authorised agent, with the proof. */
export const Representation = z.strictObject({
  capacity: z.enum(REPRESENTATION_CAPACITIES, { error: '请选择您是该单位的法定代表人还是委托代理人' }),
  proofs: z.array(RepresentationProof).max(6, '证明材料最多6份').default([]),
});

export const FilingParty = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('natural'),
      role: z.enum(['plaintiff', 'defendant', 'third-party']),
      name: PersonName,
      /** A plaintiff gives it; a defendant's may be unknown to the plaintiff. */
      idNumber: ResidentId.optional(),
      mobile: Mobile.optional(),
      address: Address,
    }),
    z.strictObject({
      kind: z.literal('legal'),
      role: z.enum(['plaintiff', 'defendant', 'third-party']),
      name: CompanyName,
      uscc: Uscc,
      representative: PersonName,
      mobile: Mobile.optional(),
      address: Address,
    }),
  ],
  { error: '当事人类型应为 natural（自然人）或 legal（法人或其他组织）' },
);
export type FilingParty = z.output<typeof FilingParty>;

const caseTypes = Object.keys(CaseTypes) as [CaseType, ...CaseType[]];

export const FilingSubmitInput = z
  .strictObject({
    requestId: RequestId,
    /** Resubmitting a filing after a correction notice. */
    filingId: id({ min: 8 }).optional(),
    /** Filing after a pre-filing mediation that failed (在线调解规则 第二十一条): its materials come with the filing. */
    fromMediation: id({ min: 8, max: 80, required: '缺少调解编号', message: '调解编号不正确' }).optional(),
    courtId: id({ required: '请选择法院', message: '请选择法院' }),
    caseType: z.enum(caseTypes, { error: '案件类型不正确' }),
    feeKind: z.enum(FilingFeeKinds).default('general'),
    cause: personText(50, { min: 2, required: '请填写案由', tooShort: '请填写案由', tooLong: '案由过长' }),
    parties: z.array(FilingParty).min(2, '至少需要一名原告和一名被告').max(50, '当事人过多'),
    /**
     * Filing for a client: the lawyer's power of attorney and which plaintiff it is for (by index);
     * for a company client, its business licence among the proofs.
     */
    agent: z
      .strictObject({
        forParty: z.number().int().min(0).max(49),
        powerOfAttorney: UploadedFile,
        proofs: z.array(RepresentationProof).max(6, '证明材料最多6份').default([]),
        /** What the power of attorney grants, as its flags (民事诉讼法 第六十二条): the special powers only if it names each. */
        powers: AgentPowerList.optional(),
      })
      .optional(),
    /** Filing for a legal-person plaintiff (by index) as its legal representative or its employee with a power of attorney. */
    representation: Representation.extend({ forParty: z.number().int().min(0).max(49) }).optional(),
    claims: z
      .array(z.strictObject({ text: personText(500, { min: 2, lines: true, tooShort: '请填写诉讼请求', tooLong: '诉讼请求过长' }), amountFen: Fen.optional() }))
      .min(1, '至少一项诉讼请求')
      .max(20, '诉讼请求过多'),
    facts: personText(20000, { min: 20, lines: true, required: '请填写事实与理由', tooShort: '事实与理由请具体说明（至少20字）', tooLong: '事实与理由过长' }),
    evidence: z
      .array(
        z.strictObject({
          title: personText(100, { min: 2 }),
          proves: personText(500, { min: 2, lines: true, tooShort: '请说明证明目的' }),
          file: UploadedFile.optional(),
        }),
      )
      .max(100, '证据过多')
      .default([]),
    /** 民诉法 第九十条; 民诉法解释 第一百三十六条: consent to e-service and the confirmed address. */
    service: z.strictObject({
      consent: z.boolean(),
      mobile: Mobile,
      addressConfirmed: z.boolean(),
    }),
  })
  .superRefine((input, ctx) => {
    const plaintiffs = input.parties.filter((p) => p.role === 'plaintiff');
    if (plaintiffs.length === 0) ctx.addIssue({ code: 'custom', path: ['parties'], message: '至少需要一名原告' });
    if (!input.parties.some((p) => p.role === 'defendant')) ctx.addIssue({ code: 'custom', path: ['parties'], message: '至少需要一名被告' });
    input.parties.forEach((p, i) => {
      if (p.role === 'plaintiff' && p.kind === 'natural' && !p.idNumber)
        ctx.addIssue({ code: 'custom', path: ['parties', i, 'idNumber'], message: '请填写原告的身份证号码' });
    });
    if (input.agent && input.parties[input.agent.forParty]?.role !== 'plaintiff') {
      ctx.addIssue({ code: 'custom', path: ['agent', 'forParty'], message: '委托人应为本案原告' });
    }
    if (input.representation) {
      const party = input.parties[input.representation.forParty];
      if (party?.role !== 'plaintiff' || party.kind !== 'legal')
        ctx.addIssue({ code: 'custom', path: ['representation', 'forParty'], message: '代表的单位应为本案的法人或其他组织原告' });
      if (input.agent) ctx.addIssue({ code: 'custom', path: ['representation'], message: '律师代理起诉的，请在授权委托书一栏提交材料' });
    }
  });
export type FilingSubmitInput = z.input<typeof FilingSubmitInput>;

export const FilingSubmitOutput = z.object({
  filingId: z.string(),
  state: z.literal('submitted'),
  receivedOn: z.string(),
  reviewDueOn: z.string(),
  feePreviewFen: z.number().int(),
  /** The papers still missing to prove the filer acts for the company plaintiff: the registrar will ask for them. */
  missingProofs: z.array(z.string()).optional(),
});
export type FilingSubmitOutput = z.infer<typeof FilingSubmitOutput>;

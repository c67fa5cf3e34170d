import * as z from 'zod';
import { RequestId } from './common';
import { CaseId, code, FaceVerifyId, id, IsoDate, personText, Sha256Of } from './fields';
import { UploadedFile } from './filing';

/*
 * 在线庭审: consent, check-in and admission, the room, the hearing's record, the transcript.
 * Each function takes `op`; the rules are in `#domain/online-hearing`.
 */

const HearingId = id({ max: 40, required: '请选择开庭', message: '开庭编号不正确' });
const Sha256 = Sha256Of('文本');
const ShortId = id({ max: 40 });
const Reason = personText(500, { min: 2, lines: true, required: '请说明理由', tooShort: '请说明理由', tooLong: '理由最多500字' });

const base = { requestId: RequestId, caseId: CaseId, hearingId: HearingId };

/** 在线诉讼规则 第四条、第五条、第二十一条. */
export const HearingConsentInput = z.discriminatedUnion(
  'op',
  [
    /** A party (or its agent) chooses online or offline for this hearing, having read `textShown`. */
    z.strictObject({
      op: z.literal('choose'),
      ...base,
      choice: z.enum(['online', 'offline'], { error: '庭审方式应为 online（在线）或 offline（线下）' }),
      textShown: personText(5000, { min: 10, lines: true, required: '缺少告知内容', tooShort: '缺少告知内容', tooLong: '告知内容过长' }),
      reason: Reason.optional(),
      /** The step: the hearing itself, or recording-as-transcript (庭审录音录像规定 第八条). */
      step: z.enum(['hearing', 'recording-as-transcript'], { error: '同意事项应为 hearing 或 recording-as-transcript' }).default('hearing'),
    }),
    /** 第五条: consent withdrawn before the hearing's day. */
    z.strictObject({ op: z.literal('withdraw'), ...base, reason: Reason }),
    /** The judge decides whether a refusal's reason is good (第二十一条第一项). */
    z.strictObject({
      op: z.literal('decide'),
      ...base,
      party: z.number({ error: '请选择当事人' }).int().min(0).max(99),
      accept: z.boolean({ error: '请选择是否采纳' }),
    }),
    /** The judge records a bar of Art. 21: the hearing is held offline. */
    z.strictObject({
      op: z.literal('bar'),
      ...base,
      ground: z.enum(['all-refuse', 'no-means', 'in-person-check', 'complex', 'secrets', 'impact', 'unsuitable'], { error: '请选择不宜在线庭审的情形' }),
      reason: Reason,
    }),
  ],
  { error: '操作应为 choose、withdraw、decide 或 bar' },
);
export type HearingConsentInput = z.input<typeof HearingConsentInput>;
export const HearingConsentOutput = z.object({
  hearingId: z.string(),
  mode: z.enum(['online', 'mixed', 'offline']),
  /** Parties (their places) taking part online. */
  online: z.array(z.number().int()),
});
export type HearingConsentOutput = z.infer<typeof HearingConsentOutput>;

/** Check-in (第七条第三款), the waiting room, admission and the court's opening (民事诉讼法 第一百四十条). */
export const HearingCheckinInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('checkin'), ...base, verifyId: FaceVerifyId }),
    z.strictObject({ op: z.literal('waiting'), ...base }),
    z.strictObject({ op: z.literal('admit'), ...base, participant: ShortId }),
    /** A witness heard from a room the court designates (在线诉讼规则 第二十二条), identified there by the court's staff. */
    z.strictObject({
      op: z.literal('witness'),
      ...base,
      name: personText(50, { min: 2, required: '请填写证人姓名', tooShort: '请填写证人姓名', tooLong: '姓名最多50字' }),
      room: personText(100, { min: 2, required: '请填写证人所在的指定场所', tooShort: '请填写证人所在的指定场所', tooLong: '场所名称最多100字' }),
      /** The party who called the witness. */
      calledBy: z.number({ error: '请选择申请证人出庭的当事人' }).int().min(0).max(99),
    }),
    z.strictObject({
      op: z.literal('open'),
      ...base,
      assistant: personText(50, { min: 2, tooShort: '请填写法官助理姓名', tooLong: '法官助理姓名过长' }).optional(),
    }),
  ],
  { error: '操作应为 checkin、waiting、admit、witness 或 open' },
);
export type HearingCheckinInput = z.input<typeof HearingCheckinInput>;
const Participant = z.object({
  participant: z.string(),
  name: z.string(),
  role: z.string(),
  party: z.number().int().optional(),
  checkedInAt: z.string(),
  admittedAt: z.string().optional(),
  /** A witness's designated room. */
  room: z.string().optional(),
});
export const HearingCheckinOutput = z.object({
  hearingId: z.string(),
  state: z.enum(['pending', 'open', 'closed']),
  participants: z.array(Participant),
  opening: z
    .object({ at: z.string(), presiding: z.string(), members: z.array(z.string()), clerk: z.string().optional(), assistant: z.string().optional() })
    .optional(),
});
export type HearingCheckinOutput = z.infer<typeof HearingCheckinOutput>;

/** The video room's tickets: only for an admitted participant of this hearing, or its court. */
export const HearingRoomInput = z.strictObject({ caseId: CaseId, hearingId: HearingId });
export type HearingRoomInput = z.input<typeof HearingRoomInput>;
export const HearingRoomOutput = z.object({
  sdkAppId: z.number().int(),
  userId: z.string(),
  roomId: z.string(),
  userSig: z.string(),
  privateMapKey: z.string(),
  expiresAt: z.string(),
});
export type HearingRoomOutput = z.infer<typeof HearingRoomOutput>;

/** During the hearing: stages, disconnects, Art. 25(2), recording marks, closing. */
export const HearingRunInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({
      op: z.literal('stage'),
      ...base,
      stage: z.enum(['investigation', 'evidence', 'debate', 'final-statement', 'mediation'], { error: '请选择庭审阶段' }),
    }),
    z.strictObject({
      op: z.literal('disconnect'),
      ...base,
      participant: ShortId,
      cause: z.enum(['network', 'device', 'power', 'force-majeure', 'left-voluntarily', 'unknown'], { error: '请选择断线原因' }),
    }),
    z.strictObject({
      op: z.literal('disconnect-step'),
      ...base,
      disconnectId: ShortId,
      step: z.enum(['prompted', 'warned', 'rejoined'], { error: '处理步骤应为 prompted（提示）、warned（警告）或 rejoined（重新进入）' }),
    }),
    z.strictObject({
      op: z.literal('absence'),
      ...base,
      party: z.number({ error: '请选择当事人' }).int().min(0).max(99),
      kind: z.enum(['no-show', 'walked-out'], { error: '应为 no-show（拒不到庭）或 walked-out（中途退庭）' }),
    }),
    z.strictObject({
      op: z.literal('recording'),
      ...base,
      mark: z.enum(['start', 'stop', 'gap', 'resume'], { error: '录音录像记录应为 start、stop、gap 或 resume' }),
      gap: z.enum(['recess', 'non-public-evidence', 'mediation-unsuitable', 'failure'], { error: '请选择中断原因' }).optional(),
      reason: Reason.optional(),
    }),
    /** A recording file of the hearing, uploaded by the clerk: its SHA-256 goes into the dossier. */
    z.strictObject({ op: z.literal('recording-file'), ...base, file: UploadedFile }),
    z.strictObject({ op: z.literal('close'), ...base }),
  ],
  { error: '操作应为 stage、disconnect、disconnect-step、absence、recording、recording-file 或 close' },
);
export type HearingRunInput = z.input<typeof HearingRunInput>;
export const HearingRunOutput = z.object({
  hearingId: z.string(),
  state: z.enum(['pending', 'open', 'closed']),
  disconnectId: z.string().optional(),
  /** An absence recorded: the consequence the court may apply, not applied. */
  consequence: z.object({ article: z.string(), consequence: z.string() }).optional(),
  recording: z.object({ fileID: z.string(), sha256: z.string() }).optional(),
  transcriptDueOn: z.string().optional(),
});
export type HearingRunOutput = z.infer<typeof HearingRunOutput>;

/** 庭审笔录 (民事诉讼法 第一百五十条; 在线诉讼规则 第三十三条、第三十四条; 庭审录音录像规定 第八条、第九条). */
export const TranscriptInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('read'), ...base }),
    z.strictObject({
      op: z.literal('edit'),
      ...base,
      text: personText(100_000, { lines: true, required: '请填写笔录内容', tooShort: '请填写笔录内容', tooLong: '笔录内容过长' }),
    }),
    /** The recording replaces the transcript (simplified civil case, every party consenting): the parties sign its hash. */
    z.strictObject({ op: z.literal('use-recording'), ...base }),
    z.strictObject({
      op: z.literal('correct'),
      ...base,
      text: personText(2000, { min: 2, lines: true, required: '请填写补正内容', tooShort: '请填写补正内容', tooLong: '补正内容最多2000字' }),
    }),
    z.strictObject({ op: z.literal('decide'), ...base, correctionId: ShortId, accept: z.boolean({ error: '请选择是否采纳' }), reason: Reason.optional() }),
    z.strictObject({ op: z.literal('sign'), ...base, sha256: Sha256, image: UploadedFile, verifyId: FaceVerifyId }),
  ],
  { error: '操作应为 read、edit、use-recording、correct、decide 或 sign' },
);
export type TranscriptInput = z.input<typeof TranscriptInput>;
export const TranscriptOutput = z.object({
  hearingId: z.string(),
  kind: z.enum(['text', 'recording']),
  version: z.number().int(),
  text: z.string(),
  sha256: z.string(),
  dueOn: z.string().optional(),
  signatures: z.array(z.object({ name: z.string(), role: z.string(), version: z.number().int(), signedAt: z.string(), current: z.boolean() })),
  unsigned: z.array(z.string()),
  corrections: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      text: z.string(),
      at: z.string(),
      decision: z.enum(['accepted', 'refused']).optional(),
      reason: z.string().optional(),
    }),
  ),
  /** The signed transcript's document in the dossier, once everyone signed. */
  filedDocumentId: z.string().optional(),
});
export type TranscriptOutput = z.infer<typeof TranscriptOutput>;

/**
 * 公开审理与庭审直播: a hearing in private (民事诉讼法 第一百三十七条), the broadcast proposed by the
 * panel, a party's objection, and the decision of the court's leader (直播录播庭审规定 第二条、第五条).
 */
const PrivateGround = z.enum(['state-secret', 'privacy', 'by-law', 'divorce', 'trade-secret'], {
  error: '不公开审理的理由应为 state-secret、privacy、by-law、divorce 或 trade-secret',
});
const StreamUrl = code(/^https:\/\/[A-Za-z0-9.-]+(:\d{2,5})?(\/[A-Za-z0-9._~/?=&%#-]*)?$/, 500, '直播地址应为 https:// 开头的网址', '请填写直播地址');
export const HearingPublicInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('view'), caseId: CaseId, hearingId: HearingId }),
    z.strictObject({
      op: z.literal('private'),
      ...base,
      ground: PrivateGround,
      /** The party who applied, for the grounds heard in private only on application (离婚、商业秘密). */
      appliedBy: z.number({ error: '请选择申请不公开审理的当事人' }).int().min(0).max(99).optional(),
      reason: Reason,
    }),
    z.strictObject({ op: z.literal('public'), ...base, reason: Reason }),
    z.strictObject({ op: z.literal('propose'), ...base, reason: Reason }),
    z.strictObject({ op: z.literal('object'), ...base, reason: Reason }),
    z.strictObject({
      op: z.literal('decide'),
      ...base,
      approve: z.boolean({ error: '请选择是否批准直播' }),
      /** Every objection answered: accepted as well founded, or not, with the reason. */
      answers: z
        .array(z.strictObject({ objectionId: ShortId, accepted: z.boolean({ error: '请选择是否采纳异议' }), answer: Reason }))
        .max(20, '异议最多20条')
        .default([]),
      reason: Reason,
      streamUrl: StreamUrl.optional(),
    }),
  ],
  { error: '操作应为 view、private、public、propose、object 或 decide' },
);
export type HearingPublicInput = z.input<typeof HearingPublicInput>;

export const HearingPublicOutput = z.object({
  hearingId: z.string(),
  public: z.boolean(),
  private: z.object({ ground: z.string(), label: z.string(), basis: z.string(), reason: z.string(), at: z.string() }).optional(),
  /** 开庭公告: required for a public hearing under ordinary procedure, by this day (民事诉讼法 第一百三十九条). */
  announcement: z.object({ required: z.boolean(), by: z.string().optional() }),
  broadcast: z.object({
    state: z.enum(['none', 'proposed', 'approved', 'rejected', 'live', 'archived']),
    proposal: z.string().optional(),
    objections: z.array(
      z.object({ id: z.string(), party: z.number().int(), reason: z.string(), accepted: z.boolean().optional(), answer: z.string().optional() }),
    ),
    decision: z.object({ approve: z.boolean(), reason: z.string(), at: z.string() }).optional(),
    streamUrl: z.string().optional(),
    /** Why it may not be broadcast, once that is known. */
    bar: z.string().optional(),
  }),
});
export type HearingPublicOutput = z.infer<typeof HearingPublicOutput>;

/**
 * 非同步审理 (在线诉讼规则 第二十条第二款): a party applies in writing, every party consents, the judges
 * find the conditions met and set each stage's window; each party records and uploads its video per
 * stage within it; the judges close it, and the transcript follows as for any hearing.
 */
const StageName = z.enum(['investigation', 'evidence', 'debate', 'final-statement', 'mediation'], {
  error: '庭审阶段应为 investigation、evidence、debate、final-statement 或 mediation',
});
export const HearingAsyncInput = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('view'), caseId: CaseId, hearingId: HearingId }),
    z.strictObject({
      op: z.literal('apply'),
      ...base,
      /** The written application (书面申请). */
      application: personText(2000, { min: 10, lines: true, required: '请填写书面申请', tooShort: '书面申请至少10个字', tooLong: '书面申请最多2000字' }),
      /** Why appearing at the same time is genuinely difficult (第二十条第二款第一项). */
      difficulty: Reason,
    }),
    z.strictObject({
      op: z.literal('consent'),
      ...base,
      textShown: personText(2000, { min: 10, lines: true, required: '缺少告知内容', tooLong: '告知内容过长' }),
    }),
    z.strictObject({
      op: z.literal('decide'),
      ...base,
      approve: z.boolean({ error: '请选择是否准许非同步审理' }),
      /** After online evidence exchange: the main facts and evidence are undisputed (第二十条第二款第三项). */
      mainFactsUndisputed: z.boolean({ error: '请确认主要事实和证据是否无争议' }),
      reason: Reason,
      windows: z
        .array(z.strictObject({ stage: StageName, from: IsoDate, to: IsoDate }))
        .max(5, '最多5个阶段')
        .default([]),
    }),
    z.strictObject({ op: z.literal('upload'), ...base, stage: StageName, file: UploadedFile }),
    z.strictObject({ op: z.literal('close'), ...base }),
  ],
  { error: '操作应为 view、apply、consent、decide、upload 或 close' },
);
export type HearingAsyncInput = z.input<typeof HearingAsyncInput>;

export const HearingAsyncOutput = z.object({
  hearingId: z.string(),
  state: z.enum(['none', 'applied', 'consented', 'approved', 'refused', 'closed']),
  application: z.object({ party: z.number().int(), at: z.string() }).optional(),
  consented: z.array(z.number().int()),
  /** Parties whose consent is still awaited. */
  awaiting: z.array(z.number().int()),
  decision: z.object({ approve: z.boolean(), reason: z.string(), at: z.string() }).optional(),
  windows: z.array(z.object({ stage: z.string(), label: z.string(), from: z.string(), to: z.string() })),
  uploads: z.array(z.object({ id: z.string(), party: z.number().int(), stage: z.string(), sha256: z.string(), at: z.string(), late: z.boolean() })),
  /** Per window, the parties who have not uploaded yet. */
  missing: z.array(z.object({ stage: z.string(), parties: z.array(z.number().int()) })),
});
export type HearingAsyncOutput = z.infer<typeof HearingAsyncOutput>;

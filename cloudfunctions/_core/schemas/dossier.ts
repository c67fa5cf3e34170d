import * as z from 'zod';
import { IsoDate, Page, RequestId } from './common';
import { UploadedFile } from './filing';
import { CaseId, id, personText } from './fields';

const Opinion = z.enum(['admit', 'deny', 'unknown'], { error: '意见应为 admit（认可）、deny（不认可）或 unknown（不清楚）' });

export const EvidenceAddInput = z.strictObject({
  requestId: RequestId,
  caseId: CaseId,
  items: z
    .array(
      z.strictObject({
        title: personText(100, { min: 2, tooShort: '请填写证据名称' }),
        proves: personText(500, { min: 2, lines: true, tooShort: '请说明证明目的' }),
        file: UploadedFile,
      }),
    )
    .min(1, '请至少提交一份证据')
    .max(20, '一次最多提交20份证据'),
});
export type EvidenceAddInput = z.input<typeof EvidenceAddInput>;
export const EvidenceAddOutput = z.object({
  added: z.array(z.object({ evidenceId: z.string(), title: z.string(), sha256: z.string(), size: z.number().int() })),
});
export type EvidenceAddOutput = z.infer<typeof EvidenceAddOutput>;

export const EvidenceListInput = z.strictObject({ caseId: CaseId });
export type EvidenceListInput = z.input<typeof EvidenceListInput>;
export const EvidenceItem = z.object({
  evidenceId: z.string(),
  title: z.string(),
  proves: z.string(),
  side: z.string(),
  submittedAt: z.string(),
  /** The file's hash, size and type; absent for an item listed without a file (a witness, physical evidence). */
  sha256: z.string().optional(),
  size: z.number().int().optional(),
  type: z.string().optional(),
  opinions: z.array(z.object({ side: z.string(), authenticity: Opinion, legality: Opinion, relevance: Opinion, text: z.string().optional(), at: z.string() })),
});
export const EvidenceListOutput = z.object({ items: z.array(EvidenceItem) });
export type EvidenceListOutput = z.infer<typeof EvidenceListOutput>;

/** 质证意见: authenticity, legality and relevance of the other side's evidence. */
export const EvidenceOpinionInput = z.strictObject({
  requestId: RequestId,
  caseId: CaseId,
  evidenceId: id({ min: 8, max: 128 }),
  authenticity: Opinion,
  legality: Opinion,
  relevance: Opinion,
  text: personText(2000, { lines: true, tooLong: '意见过长' }).optional(),
});
export type EvidenceOpinionInput = z.input<typeof EvidenceOpinionInput>;
export const EvidenceOpinionOutput = z.object({ evidenceId: z.string(), opinions: z.number().int() });
export type EvidenceOpinionOutput = z.infer<typeof EvidenceOpinionOutput>;

export const EvidenceVerifyInput = z.strictObject({ caseId: CaseId, evidenceId: id({ min: 8, max: 128 }) });
export type EvidenceVerifyInput = z.input<typeof EvidenceVerifyInput>;
export const EvidenceVerifyOutput = z.object({ intact: z.boolean(), registered: z.string(), actual: z.string().nullable() });
export type EvidenceVerifyOutput = z.infer<typeof EvidenceVerifyOutput>;

export const DossierListInput = z.strictObject({ caseId: CaseId });
export type DossierListInput = z.input<typeof DossierListInput>;
export const DossierListOutput = z.object({
  documents: z.array(
    z.object({ documentId: z.string(), kind: z.string(), title: z.string(), at: z.string(), type: z.string(), size: z.number().int().optional() }),
  ),
});
export type DossierListOutput = z.infer<typeof DossierListOutput>;

export const DossierUrlInput = z.strictObject({ caseId: CaseId, documentId: id({ max: 200 }) });
export type DossierUrlInput = z.input<typeof DossierUrlInput>;
export const DossierUrlOutput = z.object({ url: z.string(), expiresAt: z.string(), title: z.string(), type: z.string() });
export type DossierUrlOutput = z.infer<typeof DossierUrlOutput>;

export const ServiceSendInput = z
  .strictObject({
    requestId: RequestId,
    caseId: CaseId,
    /** A document already in the dossier... */
    documentId: id({ max: 200 }).optional(),
    /** ...or a court document uploaded now (judgment, ruling, copy of the complaint)... */
    document: z.strictObject({ title: personText(100, { min: 2, tooShort: '请填写文书名称' }), file: UploadedFile }).optional(),
    /** ...or the clerk records a document on their list served off the platform. */
    offlineService: z
      .strictObject({
        serviceId: id({ min: 8, max: 300, required: '请选择待送达的记录', message: '请选择待送达的记录' }),
        method: z.enum(['post', 'in-person', 'lodged', 'public-notice'], {
          error: '送达方式应为 post（邮寄送达）、in-person（直接送达）、lodged（留置送达）或 public-notice（公告送达）',
        }),
        /** The day on the signed proof of service, or on the postal return receipt; for a public notice, none (it is published today). */
        servedOn: IsoDate.optional(),
        /** The postal tracking number, or who signed for it. */
        reference: personText(100, { tooLong: '备注最多100字' }).optional(),
        /**
         * 公告送达 (民事诉讼法 第九十五条): why no other way serves — whereabouts unknown, or the other ways failed;
         * 留置送达 (第八十九条): how the recipient refused, and the witnesses present or the photo or video taken.
         */
        reason: personText(200, { min: 4, lines: true, tooShort: '请说明公告送达的理由或拒收的情况', tooLong: '理由最多200字' }).optional(),
      })
      .superRefine((entry, ctx) => {
        if (entry.method === 'public-notice') {
          if (!entry.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '请说明公告送达的理由（受送达人下落不明，或者用其他方式无法送达）' });
          if (entry.servedOn) ctx.addIssue({ code: 'custom', path: ['servedOn'], message: '公告送达自发出公告之日起经过三十日视为送达，无需填写送达日期' });
        } else if (!entry.servedOn) ctx.addIssue({ code: 'custom', path: ['servedOn'], message: '请填写送达日期' });
        if (entry.method === 'lodged' && !entry.reason)
          ctx.addIssue({ code: 'custom', path: ['reason'], message: '请写明受送达人拒收的情况，以及见证人或拍照、录像的记录（民事诉讼法 第八十九条）' });
      })
      .optional(),
  })
  .refine((input) => [input.documentId, input.document, input.offlineService].filter((x) => x !== undefined).length === 1, {
    message: '请选择卷宗中的文书、上传一份新文书，或登记一次线下送达（三选一）',
    path: ['documentId'],
  });
export type ServiceSendInput = z.input<typeof ServiceSendInput>;
export const ServiceSendOutput = z.object({
  documentId: z.string(),
  served: z.array(z.object({ serviceId: z.string(), effective: z.enum(['on-arrival', 'on-read']) })),
  /** Parties on the clerk's list for this document: to be served by post or in person. */
  offline: z.number().int(),
  /** An offline service recorded; for a summons, whether it left the three days (民事诉讼法 第一百三十九条). */
  recorded: z
    .object({
      serviceId: z.string(),
      method: z.enum(['post', 'in-person', 'lodged', 'public-notice']),
      /** For a public notice, the day it is deemed served (民事诉讼法 第九十五条). */
      servedOn: z.string(),
      noticeInTime: z.boolean().optional(),
      /** The public notice published on the court's list (public-notices, view service). */
      announcementId: z.string().optional(),
    })
    .optional(),
});
export type ServiceSendOutput = z.infer<typeof ServiceSendOutput>;

export const ServiceInboxInput = Page.extend({
  /** `offline`: the judge's or clerk's list of documents awaiting service by post or in person. */
  view: z.enum(['mine', 'offline'], { error: '列表应为 mine（我的送达）或 offline（待线下送达）' }).default('mine'),
});
export type ServiceInboxInput = z.input<typeof ServiceInboxInput>;
export const ServiceInboxOutput = z.object({
  items: z.array(
    z.object({
      serviceId: z.string(),
      caseId: z.string(),
      caseNumber: z.string(),
      title: z.string(),
      sentAt: z.string(),
      readAt: z.string().optional(),
      servedAt: z.string().optional(),
      /** On the offline list: whom to serve, where, and by when for a summons. */
      partyName: z.string().optional(),
      address: z.string().optional(),
      hearingOn: z.string().optional(),
    }),
  ),
  hasMore: z.boolean(),
});
export type ServiceInboxOutput = z.infer<typeof ServiceInboxOutput>;

export const ServiceReadInput = z.strictObject({ requestId: RequestId, serviceId: id({ min: 8, max: 300 }) });
export type ServiceReadInput = z.input<typeof ServiceReadInput>;
export const ServiceReadOutput = z.object({ serviceId: z.string(), readAt: z.string(), servedAt: z.string(), url: z.string() });
export type ServiceReadOutput = z.infer<typeof ServiceReadOutput>;

export const MessageSendInput = z.strictObject({
  requestId: RequestId,
  caseId: CaseId,
  text: personText(1000, { lines: true, required: '请填写留言内容', tooShort: '请填写留言内容', tooLong: '留言最多1000字' }),
});
export type MessageSendInput = z.input<typeof MessageSendInput>;
export const MessageSendOutput = z.object({ messageId: z.string(), at: z.string() });
export type MessageSendOutput = z.infer<typeof MessageSendOutput>;

export const MessageListInput = z.strictObject({ caseId: CaseId, ...Page.shape });
export type MessageListInput = z.input<typeof MessageListInput>;
export const MessageListOutput = z.object({
  items: z.array(z.object({ messageId: z.string(), fromRole: z.string(), fromName: z.string(), mine: z.boolean(), text: z.string(), at: z.string() })),
  hasMore: z.boolean(),
});
export type MessageListOutput = z.infer<typeof MessageListOutput>;

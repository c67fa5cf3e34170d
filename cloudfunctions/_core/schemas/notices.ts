import * as z from 'zod';
import { id, IsoDate } from './fields';

/*
 * 群众服务, no login: the court's public information, its hearing announcements (开庭公告) and the
 * hearings broadcast (庭审直播). Nothing here names a party of a private hearing.
 */

const CourtId = id({ min: 2, required: '请选择法院', message: '请选择法院' });
const Paging = {
  page: z.number({ error: '页码应为数字' }).int('页码应为整数').min(0, '页码从0开始').max(500, '页码最多500').default(0),
  pageSize: z.number({ error: '每页条数应为数字' }).int('每页条数应为整数').min(1, '每页至少1条').max(50, '每页最多50条').default(20),
};

export const PublicNoticesInput = z.discriminatedUnion(
  'view',
  [
    /** 开庭公告: the court's public hearings under ordinary procedure from a day on (today by default). */
    z.strictObject({ view: z.literal('hearings'), courtId: CourtId, from: IsoDate.optional(), ...Paging }),
    /** 庭审直播: hearings broadcast now and next, of one court or of all. */
    z.strictObject({ view: z.literal('live'), courtId: CourtId.optional(), ...Paging }),
    /** 公告送达: the court's notices of service by publication (民事诉讼法 第九十五条), newest first. */
    z.strictObject({ view: z.literal('service'), courtId: CourtId, ...Paging }),
    /** 法院信息: address, hours, telephone, the map point, how to get there, the divisions. */
    z.strictObject({ view: z.literal('court'), courtId: CourtId }),
  ],
  { error: '请选择查看的内容：hearings（开庭公告）、live（庭审直播）、service（公告送达）或 court（法院信息）' },
);
export type PublicNoticesInput = z.input<typeof PublicNoticesInput>;

const Announcement = z.object({
  caseNumber: z.string(),
  courtName: z.string(),
  cause: z.string(),
  /** The parties as the announcement names them (民事诉讼法 第一百三十九条): 原告张三, 被告某公司. */
  parties: z.array(z.object({ role: z.string(), name: z.string() })),
  startsAt: z.string(),
  place: z.string(),
  /** The day the law asks it be announced by (three days before). */
  announceBy: z.string(),
});
const LiveHearing = z.object({
  caseNumber: z.string(),
  courtName: z.string(),
  cause: z.string(),
  startsAt: z.string(),
  state: z.enum(['live', 'approved']),
  streamUrl: z.string(),
});
export const CourtInfo = z.object({
  courtId: z.string(),
  code: z.string(),
  name: z.string(),
  address: z.string().optional(),
  hours: z.string().optional(),
  phone: z.string().optional(),
  /** The map point (GCJ-02, as wx.openLocation takes it). */
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  directions: z.string().optional(),
  divisions: z.array(z.object({ name: z.string() })),
});

const ServiceNotice = z.object({
  caseNumber: z.string(),
  title: z.string(),
  /** The notice's text as published. */
  body: z.string(),
  publishedOn: z.string(),
  /** The day the document is deemed served. */
  deemedServedOn: z.string(),
});

export const PublicNoticesOutput = z.discriminatedUnion('view', [
  z.object({ view: z.literal('hearings'), announcements: z.array(Announcement), page: z.number().int(), more: z.boolean() }),
  z.object({ view: z.literal('live'), hearings: z.array(LiveHearing), page: z.number().int(), more: z.boolean() }),
  z.object({ view: z.literal('service'), notices: z.array(ServiceNotice), page: z.number().int(), more: z.boolean() }),
  z.object({ view: z.literal('court'), court: CourtInfo }),
]);
export type PublicNoticesOutput = z.infer<typeof PublicNoticesOutput>;

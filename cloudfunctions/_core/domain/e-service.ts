/**
 * Electronic service (电子送达): when a document served on the platform takes effect. Service
 * needs the recipient's consent (民事诉讼法 第九十条); what counts as its date depends on
 * whether the recipient gave or confirmed the address it was sent to.
 */

/** On arrival for a confirmed address; otherwise only once the recipient reads or acts on it. */
export type ServiceEffect = 'on-arrival' | 'on-read';

export interface ElectronicService {
  /** The recipient provided or confirmed this address (送达地址确认书, 民诉法解释 第一百三十六条). */
  addressConfirmed: boolean;
  /** When the service message reached the recipient's platform account (the court system's record, 民诉法解释 第一百三十五条). */
  arrivedAt: Date;
  /** When the recipient first opened the document, if they have. */
  readAt?: Date | undefined;
}

// 民事诉讼法 第九十条第二款 (到达主义); 在线诉讼规则 第二十九条至第三十三条: an address the court found itself serves only on reading (收悉).
export function serviceEffect(service: Pick<ElectronicService, 'addressConfirmed'>): ServiceEffect {
  return service.addressConfirmed ? 'on-arrival' : 'on-read';
}

/** The moment service took effect, or undefined while it has not. */
export function servedAt(service: ElectronicService): Date | undefined {
  return serviceEffect(service) === 'on-arrival' ? service.arrivedAt : service.readAt;
}

/** The rule a proof of service (送达回证) states as its basis. */
export function serviceBasis(service: Pick<ElectronicService, 'addressConfirmed'>): string {
  return serviceEffect(service) === 'on-arrival'
    ? '民事诉讼法 第九十条（送达信息到达受送达人特定系统的日期为送达日期）'
    : '人民法院在线诉讼规则（受送达人阅读文书时视为送达）';
}

/**
 * 民事诉讼法 第九十条; 人民法院在线诉讼规则 第二十九条: a document is served electronically only
 * on a recipient who consented to it. A party none of whose recipients on the platform has
 * consented (or who is not on the platform at all) is served another way.
 */
export function servesElectronically(consent: { consent: boolean } | undefined): boolean {
  return consent?.consent === true;
}

/**
 * The ways the clerk serves a party off the platform, and the day each takes effect:
 * 直接送达 on the day the recipient signs the proof of service (民事诉讼法 第八十七条、第八十八条);
 * 邮寄送达 on the day of receipt the postal return receipt shows (民事诉讼法 第九十一条);
 * 留置送达 on the day the document is left with a recipient who refused it, before witnesses or on
 * photo or video (民事诉讼法 第八十九条), never for a 调解书 (民诉法解释 第一百三十三条).
 */
export const OFFLINE_SERVICE_METHODS = {
  'in-person': '直接送达',
  post: '邮寄送达',
  lodged: '留置送达',
  'public-notice': '公告送达',
} as const;
export type OfflineServiceMethod = keyof typeof OFFLINE_SERVICE_METHODS;

/**
 * 民事诉讼法 第九十五条 (2023): a recipient whose whereabouts are unknown, or who cannot be served in
 * any other way of this section, is served by public notice, deemed served when thirty days have
 * passed from the day it is published. The period runs from the next day (第八十五条), and a deemed
 * service is not moved off a rest day: it is not a party's last day to act.
 */
export const PUBLIC_NOTICE_DAYS = 30;
export function deemedServedOn(publishedOn: string): string {
  const [y, m, d] = publishedOn.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + PUBLIC_NOTICE_DAYS)).toISOString().slice(0, 10);
}

import * as z from 'zod';
import { isRealDate } from '#domain/time';

/** A client-chosen id for one attempt at a change; the same id on a retry means the same change. */
export const RequestId = z
  .string({ error: '缺少请求编号 requestId' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号 requestId 应为 8–64 位字母、数字、下划线或连字符');

/** An amount of money in fen: a non-negative whole number. */
export const Fen = z
  .number({ error: '金额须为数字（单位：分）' })
  .int('金额须为整数（单位：分），不能有小数')
  .nonnegative('金额不能为负数')
  .max(Number.MAX_SAFE_INTEGER, '金额过大');

/** A calendar date, YYYY-MM-DD, that exists. */
export const IsoDate = z.string({ error: '请填写日期' }).refine(isRealDate, '日期应为真实存在的日期，格式 YYYY-MM-DD');

/** Which page of a list a phone asks for: numbered from 0, at most 50 rows to a page. */
export const Page = z.object({
  page: z.number().int().min(0).max(1000).default(0),
  pageSize: z.number().int().min(1).max(50).default(20),
});

import type cloud from 'wx-server-sdk';
import { chinaDateTime } from '#domain/time';
import { logUndelivered } from './log';

/**
 * The subscribe-message templates court IT picks in the mini-program's console (their ids are
 * set in each function's environment), each field by what it carries and the keyword it
 * fills. WeChat checks a value by its keyword's kind: `thing` at most 20 characters, `phrase`
 * at most 5 Chinese characters, `time` a 24-hour time with its date, and `character_string`
 * at most 32 letters, digits and symbols — no Chinese, so a case number such as
 * （2026）粤0106民初123号 goes in a `thing`.
 */
export const Templates = {
  MC_TPL_FILING_RESULT: { cause: 'thing1', outcome: 'phrase2', caseNumber: 'thing3', decidedAt: 'time4', items: 'thing5' },
  MC_TPL_CASE_PROGRESS: { caseNumber: 'thing1', progress: 'thing2' },
  MC_TPL_SERVICE: { caseNumber: 'thing1', document: 'thing2', hearingAt: 'time3' },
  // Deadline reminders, one per kind (ReminderTemplates in #domain/case-deadlines): a day in a `date`, a sum in an `amount`.
  MC_TPL_REMIND_FEE: { caseNumber: 'thing1', amount: 'amount2', dueOn: 'date3', note: 'thing4' },
  MC_TPL_REMIND_HEARING: { caseNumber: 'thing1', hearingAt: 'time2', place: 'thing3', note: 'thing4' },
  MC_TPL_REMIND_TRANSCRIPT: { caseNumber: 'thing1', dueOn: 'date2', note: 'thing3' },
  MC_TPL_REMIND_APPEAL: { caseNumber: 'thing1', document: 'thing2', dueOn: 'date3', note: 'thing4' },
} as const satisfies Record<string, Record<string, string>>;
export type TemplateKey = keyof typeof Templates;

type Fields<T extends TemplateKey> = (typeof Templates)[T];
/** A `time` keyword takes an instant (shown in China time); every other kind a text. */
export type TemplateValues<T extends TemplateKey> = { [F in keyof Fields<T>]?: Fields<T>[F] extends `time${number}` ? Date : string };

/** One subscribe message: whom it is for, the page it opens (from `pages`), and its values. */
export type Notice = { [T in TemplateKey]: { template: T; touser: string; page: string; values: TemplateValues<T> } }[TemplateKey];

/** What sending needs of the SDK: its open API (untyped by the SDK). */
type OpenApi = Pick<typeof cloud, 'openapi'>;

const LIMITS = { thing: 20, phrase: 5 } as const;

/** A value as its keyword's kind accepts it: an instant in China time, a text cut to its kind's length. */
export function keywordValue(keyword: string, value: string | Date): string {
  if (value instanceof Date) return chinaDateTime(value);
  const limit = keyword.startsWith('phrase') ? LIMITS.phrase : LIMITS.thing;
  const chars = [...value];
  if (chars.length <= limit) return value;
  // A phrase may hold Chinese characters only, so it is cut without the ellipsis.
  return keyword.startsWith('phrase') ? chars.slice(0, limit).join('') : `${chars.slice(0, limit - 1).join('')}…`;
}

function messageData(notice: Notice): Record<string, { value: string }> {
  const fields: Record<string, string> = Templates[notice.template];
  const data: Record<string, { value: string }> = {};
  for (const [field, value] of Object.entries(notice.values) as [string, string | Date | undefined][]) {
    const keyword = fields[field];
    if (keyword && value !== undefined) data[keyword] = { value: keywordValue(keyword, value) };
  }
  return data;
}

export interface NoticeTally {
  sent: number;
  failed: number;
  /** Notices whose template has no id in this function's environment. */
  unconfigured: number;
}

/**
 * Sends the subscribe messages that report a change, after it has committed. A failed notice
 * never undoes the change (the person still sees it in the mini-program), but it is not
 * hidden either: one log line `kind: "undelivered"` counts what failed and says why.
 */
export async function notify(ctx: { cloud: OpenApi; requestId?: string | undefined }, notices: readonly Notice[]): Promise<NoticeTally> {
  const tally: NoticeTally = { sent: 0, failed: 0, unconfigured: 0 };
  const errors: string[] = [];
  await Promise.all(
    notices.map(async (notice) => {
      const templateId = process.env[notice.template];
      if (!templateId) {
        tally.unconfigured += 1;
        return;
      }
      try {
        await ctx.cloud.openapi.subscribeMessage.send({ touser: notice.touser, templateId, page: notice.page, data: messageData(notice) });
        tally.sent += 1;
      } catch (error) {
        tally.failed += 1;
        errors.push(`${notice.template}: ${describe(error)}`);
      }
    }),
  );
  if (tally.failed > 0 || tally.unconfigured > 0)
    logUndelivered({ channel: 'subscribe-message', requestId: ctx.requestId, attempted: notices.length, ...tally, errors });
  return tally;
}

/**
 * A mini-program code (wxacode.getUnlimited) for a page, as a base64 PNG, or undefined when
 * WeChat could not make one: the document is then issued without it, and the failure is
 * logged and counted like an undelivered notice.
 */
export async function miniProgramCode(
  ctx: { cloud: OpenApi; requestId?: string | undefined },
  target: { page: string; scene: string },
): Promise<string | undefined> {
  try {
    const code = (await ctx.cloud.openapi.wxacode.getUnlimited(target)) as { buffer: Buffer };
    return code.buffer.toString('base64');
  } catch (error) {
    logUndelivered({
      channel: 'wxacode',
      requestId: ctx.requestId,
      attempted: 1,
      sent: 0,
      failed: 1,
      unconfigured: 0,
      errors: [`${target.page}: ${describe(error)}`],
    });
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const { errCode, errMsg, errcode, errmsg } = error as Record<string, unknown>;
    return JSON.stringify({ errCode, errMsg, errcode, errmsg });
  }
  return String(error);
}

/**
 * The mini-program pages a function links to — subscribe messages, mini-program codes,
 * notices — and nothing else in cloudfunctions/ writes a page path. Each builder takes the
 * options its page reads (`pageOptions()` in miniprogram/<path>.ts); `pages.test.ts` checks
 * every path against miniprogram/app.json. Paths have no leading slash, as WeChat wants them.
 */
const PAGES = {
  caseDetail: 'litigation/case/case',
  messages: 'litigation/messages/messages',
  inbox: 'litigation/inbox/inbox',
  caseQuery: 'public/query/query',
  enforcementCase: 'enforcement/case/case',
  enforcementAnswer: 'enforcement/answer/answer',
} as const;

const withOptions = (path: string, options: Record<string, string>) => `${path}?${new URLSearchParams(options).toString()}`;

export const pages = {
  /** 案件详情, also of a filing not yet accepted (its state, and the items a correction asks for): reads `id`. */
  caseDetail: (caseId: string) => withOptions(PAGES.caseDetail, { id: caseId }),
  /** The case's messages with the panel: reads `id`. */
  messages: (caseId: string) => withOptions(PAGES.messages, { id: caseId }),
  /** 送达文书: everything served on the person who opens it, so it takes no options. */
  inbox: () => PAGES.inbox,
  /**
   * 扫码查案, behind the acceptance notice's mini-program code: `wxacode.getUnlimited` takes the
   * page without options and the query code as its `scene` (at most 32 characters), which the
   * page reads as `c=<code>`.
   */
  caseQuery: (publicCode: string) => ({ page: PAGES.caseQuery, scene: `c=${publicCode}` }),
  /** An enforcement case: its steps, dates and logs (the applicant's progress, the executor's case): reads `id`. */
  enforcementCase: (enforcementId: string) => withOptions(PAGES.enforcementCase, { id: enforcementId }),
  /** The executor's answer to an urge: reads `id` and `urge`. */
  enforcementAnswer: (enforcementId: string, urgeId: string) => withOptions(PAGES.enforcementAnswer, { id: enforcementId, urge: urgeId }),
};

/** Every page a function may link to, for checks against app.json. */
export function pagePaths(): string[] {
  return Object.values(PAGES);
}

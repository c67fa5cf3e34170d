import QRCode from 'qrcode';
import cloud from 'wx-server-sdk';
import { findById } from '#runtime';
import { miniprogramPages as declaredPages } from '../../emulator/project';
import { callFunction, ok, operation, resetEmulator } from '../support/emulator';
import { acceptedHuCase, huComplaint } from '../support/filing';
import { HU, REGISTRAR, seedCourts, verify } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

interface Sent {
  touser: string;
  page?: string;
  data: Record<string, { value: string }>;
}

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

/** What WeChat checks of a subscribe message's value, by its keyword's kind. */
function valueProblem(keyword: string, value: string): string | null {
  const length = [...value].length;
  if (keyword.startsWith('thing') && length > 20) return `${keyword}: more than 20 characters`;
  if (keyword.startsWith('phrase') && (length > 5 || !/^[\u4e00-\u9fff]+$/.test(value))) return `${keyword}: not 5 Chinese characters or fewer`;
  if (keyword.startsWith('character_string') && (length > 32 || CJK.test(value))) return `${keyword}: Chinese or more than 32 characters`;
  return null;
}

beforeEach(async () => {
  await resetEmulator();
  await seedCourts(db);
  await verify(HU);
});

describe('links functions send', () => {
  it('every subscribe message opens a page of app.json, with the options that page reads and values WeChat accepts', async () => {
    // Prepare: a filing sent back for correction, one refused, one accepted, assigned, heard, served and written about.
    const corrected = ok(await callFunction('filing-submit', huComplaint('links-file-0001'), HU.openid)).filingId;
    ok(
      await callFunction(
        'filing-review',
        { requestId: 'links-review-0001', filingId: corrected, outcome: 'correction', items: ['被告的营业执照信息'] },
        REGISTRAR.openid,
      ),
    );
    const refused = ok(await callFunction('filing-submit', huComplaint('links-file-0002'), HU.openid)).filingId;
    ok(
      await callFunction(
        'filing-review',
        { requestId: 'links-review-0002', filingId: refused, outcome: 'refuse', reasons: '不属于本院管辖，请向有管辖权的法院起诉' },
        REGISTRAR.openid,
      ),
    );
    const { caseId } = await acceptedHuCase();
    const presiding = ok(await callFunction('case-assign', { requestId: 'links-assign-0001', caseId }, REGISTRAR.openid)).presiding.openid;
    ok(
      await callFunction(
        'hearing-schedule',
        { requestId: 'links-hearing-0001', caseId, startsAt: '2026-03-20T09:30:00+08:00', place: { kind: 'online' } },
        presiding,
      ),
    );
    ok(await callFunction('service-send', { requestId: 'links-service-0001', caseId, documentId: 'fee-notice' }, presiding));
    ok(
      await callFunction(
        'message-send',
        { requestId: 'links-message-0001', caseId, text: '法官您好，我方已提交全部送货单，请查收并安排开庭前的证据交换。' },
        HU.openid,
      ),
    );
    ok(await callFunction('message-send', { requestId: 'links-message-0002', caseId, text: '已收到。' }, presiding));

    // Act
    const { messages } = await operation<{ messages: Sent[] }>('GET', 'outbox');

    // Assess: filing review ×3, assignment, hearing, service, a message each way.
    expect(messages.length).toBeGreaterThanOrEqual(8);
    const declared = declaredPages();
    const known = new Set([corrected, refused, caseId]);
    for (const message of messages) {
      const [path = '', query = ''] = (message.page ?? '').split('?');
      expect(declared).toContain(path);
      const id = new URLSearchParams(query).get('id');
      if (id !== null) expect(known).toContain(id);
      for (const [keyword, { value }] of Object.entries(message.data)) expect(valueProblem(keyword, value)).toBeNull();
    }
    const pagesOf = (touser: string) => messages.filter((m) => m.touser === touser).map((m) => m.page);
    expect(pagesOf(HU.openid)).toEqual(
      expect.arrayContaining([
        `litigation/case/case?id=${corrected}`,
        `litigation/case/case?id=${refused}`,
        `litigation/case/case?id=${caseId}`,
        'litigation/inbox/inbox',
        `litigation/messages/messages?id=${caseId}`,
      ]),
    );
    expect(pagesOf(presiding)).toEqual([`litigation/messages/messages?id=${caseId}`]);
  });

  it("the acceptance notice's code opens the public case query page of app.json", async () => {
    // Prepare
    const { caseId } = await acceptedHuCase();
    const stored = await findById<{ publicCode: string }>(db, 'cases', caseId);
    // Act
    const link = ok(await callFunction('dossier-url', { caseId, documentId: 'acceptance-notice' }, HU.openid));
    const html = await (await fetch(encodeURI(link.url))).text();
    // Assess: the emulator draws a code over `https://mp.weixin.qq.com/a/<page>?scene=<scene>`, so
    // the notice's code is the one drawn for the query page with the case's code as its scene.
    const page = 'public/query/query';
    expect(declaredPages()).toContain(page);
    const png = /data:image\/png;base64,([A-Za-z0-9+/=]+)/.exec(html)?.[1];
    const scene = encodeURIComponent(`c=${stored?.publicCode ?? ''}`);
    const drawn = await QRCode.toBuffer(`https://mp.weixin.qq.com/a/${page}?scene=${scene}`, { type: 'png', width: 430, margin: 2 });
    expect(png).toBe(drawn.toString('base64'));
  });
});

import cloud from 'wx-server-sdk';
import { verifyCaseChain, findById, type ChainHead } from '#runtime';

import type { ActionInput, ActionName, ActionOutput } from '#contract';
import { callFunction, operation, resetEmulator } from '../support/emulator';
import { huComplaint } from '../support/filing';
import { CLERK, faceChecked, HU, REGISTRAR, seedCourts, upload } from '../support/people';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = cloud.database();

async function call<N extends ActionName>(name: N, data: ActionInput<N>, openid?: string): Promise<ActionOutput<N>> {
  const reply = await callFunction(name, data, openid);
  if (!reply.result?.ok) throw new Error(`${name}: ${JSON.stringify(reply.result)} ${reply.errMsg}`);
  return reply.result.data;
}

/**
 * The seed story, through the same gateway the phone uses: Mr Hu in Ningbo sues a Guangzhou
 * trading company for 500,000 yuan of goods, and never travels to Guangzhou.
 */
it('Mr Hu: verify → file → accepted → assigned → hearing set → pays → reads the dossier → is served → writes to the judge', async () => {
  await resetEmulator();
  await seedCourts(db);

  await call('identity-verify', await faceChecked(HU, 'hu-verify-01'), HU.openid);
  const evidence = await upload(HU.openid, '送货单.jpg', 'jpeg bytes of the delivery note');
  const { filingId } = await call(
    'filing-submit',
    huComplaint('hu-file-0001', { evidence: [{ title: '送货单', proves: '被告已收货', file: evidence }] }),
    HU.openid,
  );
  const { caseNumber } = await call('filing-review', { requestId: 'li-accept-01', filingId, outcome: 'accept' }, REGISTRAR.openid);
  expect(caseNumber).toBe('（2026）粤0106民初1号');

  const { presiding } = await call('case-assign', { requestId: 'assign-0001', caseId: filingId }, REGISTRAR.openid);
  await call(
    'hearing-schedule',
    { requestId: 'hearing-0001', caseId: filingId, startsAt: '2026-03-20T09:30:00+08:00', place: { kind: 'online' } },
    presiding.openid,
  );

  await call('fee-order', { requestId: 'hu-pay-0001', caseId: filingId }, HU.openid);
  expect(await operation('POST', `pay/${filingId}F1`)).toMatchObject({ acknowledged: true });

  const dossier = await call('dossier-list', { caseId: filingId }, HU.openid);
  const link = await call('dossier-url', { caseId: filingId, documentId: dossier.documents.find((d) => d.kind === 'evidence')?.documentId ?? '' }, HU.openid);
  expect(await (await fetch(encodeURI(link.url))).text()).toBe('jpeg bytes of the delivery note');

  const judgment = await upload(CLERK.openid, '民事调解书.pdf', '%PDF-1.4 mediation');
  await call('service-send', { requestId: 'serve-0001', caseId: filingId, document: { title: '民事调解书', file: judgment } }, CLERK.openid);
  const inbox = await call('service-inbox', {}, HU.openid);
  await call('service-read', { requestId: 'hu-read-0001', serviceId: inbox.items.find((i) => i.title === '民事调解书')?.serviceId ?? '' }, HU.openid);

  await call('message-send', { requestId: 'hu-message-01', caseId: filingId, text: '法官您好，我在宁波，申请在线开庭，谢谢。' }, HU.openid);

  const detail = await call('case-detail', { caseId: filingId }, HU.openid);
  expect(detail).toMatchObject({
    caseNumber,
    stateLabel: '审理中',
    fee: { state: 'paid' },
    hearings: [{ startsAt: '2026-03-20 09:30', place: '在线庭审' }],
    chainVerified: true,
  });
  expect(detail.timeline.map((e) => e.label)).toEqual([
    '提交立案申请',
    '立案受理',
    '分案（确定承办法官）',
    '排期开庭',
    '发起缴费',
    '缴纳诉讼费',
    '电子送达',
    '受送达人阅读送达文书',
  ]);
  const stored = await findById<{ chain: ChainHead }>(db, 'cases', filingId);
  await expect(verifyCaseChain(db, filingId, stored?.chain)).resolves.toMatchObject({ ok: true, count: 8 });
});

/**
 * Mr Hu's journey, 40 times over, four at a time: per action p50/p95 latency and DB round
 * trips per call, as the emulator measured them, against the budget (≤ 3 for reads, ≤ 5 for
 * writes) and marked OVER where above it.
 */
import { sittingSlot } from '#domain/hearings';
import { chinaDate } from '#domain/time';
import { contract, isActionName } from '../../cloudfunctions/_core/contract';
import { buildFunctions } from '../build';
import { seedDemo } from '../lib/demo';
import { DEMO_PARTIES } from '../lib/seed';
import { callOk, functionStats, post, withEmulator, type Row } from './lib';

/** Round trips per call an action may take: a read 3, a write 5 (its audit event included). */
export const READ_BUDGET = 3;
export const WRITE_BUDGET = 5;

export function roundTripBudget(name: string): number {
  return isActionName(name) && contract[name].mutating ? WRITE_BUDGET : READ_BUDGET;
}

export async function litigationSuite(): Promise<Row[]> {
  await buildFunctions();
  return withEmulator(undefined, async (url) => {
    await seedDemo(url, () => undefined);
    await fetch(`${url}/__/stats`);
    const call = (name: string, data: Record<string, unknown>, openid: string) => callOk(url, name, data, openid);
    const hu = 'party-hu';
    const journey = async (i: number) => {
      const id = (step: string) => `bench-${step}-${i}`;
      const upload = async (openid: string, name: string) =>
        (
          (await (
            await fetch(`${url}/upload/uploads/${openid}/${i}-${name}`, { method: 'PUT', headers: { 'x-wx-openid': openid }, body: `%PDF-1.4 ${name} ${i}` })
          ).json()) as { fileID: string }
        ).fileID;
      const { filingId } = (await call(
        'filing-submit',
        {
          requestId: id('file'),
          courtId: 'gz-tianhe',
          caseType: 'civil-first-instance',
          cause: '买卖合同纠纷',
          parties: [
            { kind: 'natural', role: 'plaintiff', name: DEMO_PARTIES[0]?.name, idNumber: DEMO_PARTIES[0]?.idNumber, address: '浙江省宁波市江北区人民路88号' },
            {
              kind: 'legal',
              role: 'defendant',
              name: '广州某贸易有限公司',
              uscc: '91350100M000100Y43',
              representative: '吴某',
              address: '广东省广州市天河区天河路385号',
            },
          ],
          claims: [{ text: '判令被告支付货款', amountFen: 50_000_000 + i }],
          facts: '原告向被告供应服装，被告收货后经多次催告仍未支付货款，故诉至法院。',
          service: { consent: true, mobile: '13800138000', addressConfirmed: true },
        },
        hu,
      )) as { filingId: string };
      await call('filing-review', { requestId: id('accept'), filingId, outcome: 'accept' }, 'staff-registrar-li');
      const { presiding } = (await call('case-assign', { requestId: id('assign'), caseId: filingId }, 'staff-leader-sun')) as { presiding: { openid: string } };
      await call(
        'hearing-schedule',
        // Each journey its own slot, twenty days on: the judges are shared, and a judge sits once at a time.
        {
          requestId: id('hearing'),
          caseId: filingId,
          startsAt: sittingSlot(chinaDate(new Date(Date.now() + 20 * 86_400_000)), i, 60).toISOString(),
          place: { kind: 'online' },
        },
        presiding.openid,
      );
      // The hearings module: Mr Hu chooses to be heard online (在线诉讼规则 第四条).
      await call(
        'hearing-consent',
        {
          op: 'choose',
          requestId: id('consent'),
          caseId: filingId,
          hearingId: 'hearing-1',
          choice: 'online',
          textShown: '本案拟在线开庭审理，在线庭审与线下庭审具有同等法律效力。',
        },
        hu,
      );
      await call('fee-order', { requestId: id('order'), caseId: filingId }, hu);
      await post(`${url}/__/pay/${filingId}F1`, {});
      await call(
        'evidence-add',
        { requestId: id('evidence'), caseId: filingId, items: [{ title: '送货单', proves: '被告已收货', file: await upload(hu, '送货单.pdf') }] },
        hu,
      );
      await call('evidence-list', { caseId: filingId }, presiding.openid);
      const { documents } = (await call('dossier-list', { caseId: filingId }, hu)) as { documents: { documentId: string }[] };
      await call('dossier-url', { caseId: filingId, documentId: documents[0]?.documentId }, hu);
      await call('service-send', { requestId: id('serve'), caseId: filingId, documentId: 'fee-notice' }, presiding.openid);
      await call('message-send', { requestId: id('message'), caseId: filingId, text: '法官您好，申请在线开庭。' }, hu);
      await call('message-list', { caseId: filingId }, presiding.openid);
      await call('case-detail', { caseId: filingId }, hu);
      await call('case-list', { view: 'cases' }, hu);
      await call('case-query', { code: '0000000000000000' }, hu).catch(() => undefined);
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < 40) await journey(next++);
      }),
    );
    const inbox = (await call('service-inbox', { pageSize: 50 }, hu)) as { items: { serviceId: string }[] };
    for (const [i, item] of inbox.items.slice(0, 40).entries()) await call('service-read', { requestId: `bench-read-${i}`, serviceId: item.serviceId }, hu);
    const stats = await functionStats(url);
    return Object.entries(stats)
      .filter(([name]) => !['fee-calc', 'deadline-calc'].includes(name))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, s]) => {
        const budget = roundTripBudget(name);
        return {
          what: name,
          calls: s.invocations,
          p50Ms: s.p50Ms,
          p95Ms: s.p95Ms,
          coldMs: s.coldP50Ms,
          dbRoundTrips: s.dbCallsPerInvocation,
          budget,
          over: s.dbCallsPerInvocation > budget ? 'OVER' : '',
        };
      });
  });
}

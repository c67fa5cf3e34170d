import type { Database } from '#runtime';
import { callFunction, ok, operation } from './emulator';
import { acceptedHuCase } from './filing';
import { HU, REGISTRAR, seedCourts, verify } from './people';

/** Tianhe's president, the president of the Guangzhou Intermediate Court above it, and a lawyer of another firm. */
export const PRESIDENT = { openid: 'o-president-zhao', name: '赵院长' };
export const HIGHER_PRESIDENT = { openid: 'o-president-gz', name: '广州中院院长' };
export const OTHER_PRESIDENT = { openid: 'o-president-yuexiu', name: '越秀院长' };

/** The two courts of `seedCourts`, their presidents, and the intermediate court above Tianhe. */
export async function seedManagement(db: Database): Promise<void> {
  await seedCourts(db);
  await db.collection('courts').add({ data: { _id: 'gz-intermediate', code: '粤01', name: '广州市中级人民法院', divisions: [] } });
  await db
    .collection('courts')
    .doc('gz-tianhe')
    .update({ data: { higherCourtId: 'gz-intermediate', address: '广州市天河区天河北路 1 号' } });
  const staff = (person: { openid: string; name: string }, courtId: string) => ({
    _id: person.openid,
    name: person.name,
    courtId,
    roles: ['president'],
    active: true,
  });
  const rows = [staff(PRESIDENT, 'gz-tianhe'), staff(HIGHER_PRESIDENT, 'gz-intermediate'), staff(OTHER_PRESIDENT, 'gz-yuexiu')];
  await db.collection('staff').add({ data: rows });
  await db.collection('users').add({ data: rows.map(({ _id, name, ...record }) => ({ _id, kind: 'staff', name, staff: record })) });
}

/** Mr Hu's case accepted and assigned: its id, number and presiding judge. */
export async function assignedHuCase(
  options: { procedure?: 'ordinary' | 'simplified'; tag?: string } = {},
): Promise<{ caseId: string; caseNumber: string; presiding: string; members: string[] }> {
  await verify(HU);
  const { caseId, caseNumber } = await acceptedHuCase(options);
  const assigned = ok(await callFunction('case-assign', { requestId: `assign-${options.tag ?? '0001'}`, caseId }, REGISTRAR.openid));
  return { caseId, caseNumber, presiding: assigned.presiding.openid, members: assigned.members.map((m) => m.openid) };
}

/** Moves the emulator's clock (China time 10:00 of the day). */
export async function today(day: string): Promise<void> {
  await operation('POST', 'clock', { now: `${day}T02:00:00.000Z` });
}

/** As mediation records the 调解书's last signed receipt (民诉法解释 第一百四十九条): the case closed by mediation on `on`, its statement effective. */
export async function mediatedBySeed(db: Database, caseId: string, on: string, decision: Record<string, unknown> = {}): Promise<void> {
  await db
    .collection('cases')
    .doc(caseId)
    .update({
      data: {
        state: 'closed',
        closing: { outcome: 'mediation', on },
        decisions: [
          {
            id: 'statement-1',
            kind: 'mediation-statement',
            title: '民事调解书',
            documentId: 'statement-1',
            issuedOn: '2026-03-04',
            effectiveOn: on,
            ...decision,
          },
        ],
      },
    });
}

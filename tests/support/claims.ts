import cloud from 'wx-server-sdk';
import { Environments } from '#contract';
import { findById } from '#runtime';
import { deploymentOf } from '../../scripts/lib/plugins';
import { ok, callFunction } from './emulator';

/** The 小鸣单车 bankruptcy of the tests, and its window: accepted 2026-02-20, announced the next day, open until 2026-04-30. */
export const XIAOMING = {
  bankruptcyId: 'xiaoming-bike',
  caseNumber: '（2026）粤01破1号',
  debtor: '广州悦骑信息科技有限公司',
  acceptedOn: '2026-02-20',
  announcedOn: '2026-02-21',
  deadlineOn: '2026-04-30',
} as const;

/**
 * The deploy record `npm run plugin -- deploy` leaves in the plug-in's environment, for tests
 * of the plug-in's functions that do not run the script (tests/plugins/lifecycle.test.ts does).
 * A record the script wrote already is kept.
 */
export async function recordDeployment(bankruptcyId: string, courtId = 'gz-intermediate'): Promise<void> {
  // The test file has initialised wx-server-sdk, as every integration test does.
  const db = cloud.database({ env: Environments.claims.localId });
  if (await findById(db, 'bankruptcies', bankruptcyId)) return;
  await db
    .collection('bankruptcies')
    .doc(bankruptcyId)
    .set({ data: { deployment: deploymentOf('claims', courtId, new Date()) } });
}

/** The administrator opens the declaration window of the 小鸣单车 bankruptcy in the plug-in, deployed for it. */
export async function openXiaomingClaims(administrator: string): Promise<void> {
  await recordDeployment(XIAOMING.bankruptcyId);
  ok(await callFunction('claims-open', { requestId: 'open-0001', ...XIAOMING }, administrator));
}

/** The bankruptcy's administrator, a law firm appointed by the court, as the plug-in's staff record holds it. */
export const ADMINISTRATOR = 'o-administrator-junxin';

/** The administrator is on the plug-in's staff and opens the 小鸣单车 window (given the plug-in's database). */
export async function openXiaomingAsAdministrator(db: ReturnType<typeof cloud.database>): Promise<void> {
  await db.collection('users').add({
    data: { _id: ADMINISTRATOR, kind: 'staff', name: '广东君信律师事务所', staff: { courtId: 'gz-intermediate', roles: ['administrator'], active: true } },
  });
  await openXiaomingClaims(ADMINISTRATOR);
}

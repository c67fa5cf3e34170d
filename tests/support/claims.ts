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

/** The administrator opens the declaration window of the 小鸣单车 bankruptcy in the plug-in. */
export async function openXiaomingClaims(administrator: string): Promise<void> {
  ok(await callFunction('claims-open', { requestId: 'open-0001', ...XIAOMING }, administrator));
}

import type { ActionName } from '#contract';
import { huComplaint } from '../support/filing';
import type { World } from './world';

/*
 * Inputs for the actions whose schema the generator cannot satisfy by itself (a pattern, a
 * refinement across fields): one valid call each, over the world's ids. The generated tests
 * (matrix, retries, faults) take an action's sample when it has one, its generated input
 * otherwise, and fail by name an action that has neither. `requestId` is replaced per call.
 */
export type Sample = (world: World) => Record<string, unknown>;

export const SAMPLES: Partial<Record<ActionName, Sample>> = {
  'deadline-calc': () => ({ from: '2026-03-02', period: { days: 15 } }),
  'filing-submit': () => huComplaint('sample-file-0001', { courtId: 'gz-tianhe' }),
  'filing-review': (world) => ({ filingId: world.filingId, outcome: 'accept', procedure: 'simplified', divisionId: 'tianhe-civil-1' }),
  // A payment notice WeChat Pay never sent: the callback asks the pay service and records nothing.
  'fee-paid': (world) => ({
    returnCode: 'SUCCESS',
    resultCode: 'SUCCESS',
    outTradeNo: `${world.caseId}F2`,
    transactionId: '4200000000000000forged',
    totalFee: 5000,
  }),
  'hearing-schedule': (world) => ({
    caseId: world.caseId,
    startsAt: '2026-03-27T09:30:00+08:00',
    place: { kind: 'courtroom', room: '第五法庭' },
  }),
  // The world's bankruptcy is open already: the rightful caller is answered CONFLICT, past access.
  'claims-open': (world) => ({
    bankruptcyId: world.bankruptcyId,
    caseNumber: '（2026）粤0106破1号',
    debtor: '广州悦骑信息科技有限公司',
    acceptedOn: '2026-02-20',
    announcedOn: '2026-02-21',
    deadlineOn: '2026-04-30',
  }),
  'service-send': (world) => ({ caseId: world.caseId, documentId: 'acceptance-notice' }),
};

import type { Database } from '#runtime';
import type { MediatorRosterInput } from '#schemas/mediation';
import { Environments } from '#contract';
import { emulatorUrl } from './emulator';

/** Tianhe's mediation office (诉调对接中心), an invited mediator, and the president. */
export const OFFICE = { openid: 'o-mediation-office', name: '诉调对接中心' };
export const MEDIATOR = { openid: 'o-mediator-liang', name: '梁调解员' };
export const MEDIATION_PRESIDENT = { openid: 'o-president-tianhe', name: '天河院长' };

export async function seedMediationStaff(db: Database): Promise<void> {
  const rows = [
    { _id: OFFICE.openid, name: OFFICE.name, courtId: 'gz-tianhe', roles: ['mediation-office'], active: true },
    { _id: MEDIATOR.openid, name: MEDIATOR.name, courtId: 'gz-tianhe', roles: ['mediator'], active: true },
    { _id: MEDIATION_PRESIDENT.openid, name: MEDIATION_PRESIDENT.name, courtId: 'gz-tianhe', roles: ['president'], active: true },
  ];
  await db.collection('staff').add({ data: rows });
  await db.collection('users').add({ data: rows.map(({ _id, name, ...staff }) => ({ _id, kind: 'staff', name, staff })) });
}

/** Mediator Liang's profile on the roster (在线调解规则 第五条第二款). */
export const mediatorProfile = (requestId: string): MediatorRosterInput => ({
  op: 'save',
  requestId,
  mediator: MEDIATOR.openid,
  name: MEDIATOR.name,
  mediatorKind: 'invited-mediator',
  organisation: '天河区人民调解委员会',
  introduction: '从事商事纠纷调解十年',
  caseRange: ['买卖合同纠纷', '民间借贷纠纷'],
  specialities: ['商事'],
  feeCharged: false,
});

/** The page uploads to the environment of the function it calls (wx.cloud.uploadFile with `config.env`): mediation's is court-2. */
export async function uploadToMediation(openid: string, name: string, content: string | Buffer): Promise<string> {
  const res = await fetch(`${emulatorUrl()}/upload/uploads/${openid}/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'x-wx-openid': openid, 'x-wx-env': Environments['court-2'].localId },
    body: content,
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

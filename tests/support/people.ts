import { residentIdCheckChar } from '#domain/identity';
import type { Database } from '#runtime';
import { callFunction, operation } from './emulator';

/** A valid (fabricated) resident ID from a 17-digit prefix. */
export const residentId = (prefix17: string) => prefix17 + residentIdCheckChar(prefix17);

export const HU = { openid: 'o-hu', name: '胡建国', idNumber: residentId('33020319800305123') };
export const WU = { openid: 'o-wu', name: '吴海涛', idNumber: residentId('44010419750101301') };

type Person = { openid: string; name: string; idNumber: string };
type VerifyAction = 'identity-verify' | 'creditor-verify';

/** What wx.requestFacialVerify({ verifyId }) does on the phone of `openid`, ending with `verifyRet` (10000: 识别成功). */
export async function faceCheckOnPhone(verifyId: string, openid: string, verifyRet = 10000): Promise<{ ok: boolean; errMsg: string }> {
  return operation<{ ok: boolean; errMsg: string }>('POST', 'face', { verifyId, openid, verifyRet }).catch((error: unknown) => ({
    ok: false,
    errMsg: String(error),
  }));
}

/**
 * 实名认证's first half, as the page runs it: the start call opens the face-check session, and
 * the person's own phone runs the check. Answers the finish call's input, not yet sent.
 */
export async function faceChecked(
  person: Person,
  requestId: string,
  options: { action?: VerifyAction; lawyer?: { licence: string; firm: string } } = {},
): Promise<{ op: 'finish'; requestId: string; verifyId: string }> {
  const start = {
    op: 'start' as const,
    requestId: `${requestId}-start`,
    name: person.name,
    idNumber: person.idNumber,
    ...(options.lawyer ? { lawyer: options.lawyer } : {}),
  };
  const started = await callFunction(options.action ?? 'identity-verify', start, person.openid);
  if (!started.result.ok || started.result.data.op !== 'start') throw new Error(`face check not started: ${JSON.stringify(started.result)}`);
  const { verifyId } = started.result.data;
  const phone = await faceCheckOnPhone(verifyId, person.openid);
  if (!phone.ok) throw new Error(`face check failed on the phone: ${phone.errMsg}`);
  return { op: 'finish', requestId, verifyId };
}

/** The person verifies their identity through the real function. */
export async function verify(person: Person, requestId = `verify-${person.openid}`, action: VerifyAction = 'identity-verify'): Promise<void> {
  const reply = await callFunction(action, await faceChecked(person, requestId, { action }), person.openid);
  if (!reply.result.ok) throw new Error(`verification failed: ${JSON.stringify(reply.result)}`);
}

/** A creditor verifies inside the claims plug-in, whose environment keeps its own users. */
export const verifyCreditor = (person: { openid: string; name: string; idNumber: string }) => verify(person, `creditor-${person.openid}`, 'creditor-verify');

/** An approved lawyer: verified with the licence, then approved by court IT. */
export const LIN = { openid: 'o-lawyer-lin', name: '林晓明', idNumber: residentId('44010619850612202') };

export async function verifyApprovedLawyer(db: Database): Promise<void> {
  const reply = await callFunction(
    'identity-verify',
    await faceChecked(LIN, 'verify-lawyer-01', { lawyer: { licence: '14401200010000001', firm: '广东某律师事务所' } }),
    LIN.openid,
  );
  if (!reply.result.ok) throw new Error(`verification failed: ${JSON.stringify(reply.result)}`);
  await db
    .collection('users')
    .doc(LIN.openid)
    .update({ data: { lawyerApprovedAt: new Date() } });
}

export const REGISTRAR = { openid: 'o-registrar-li', name: '李立案' };
export const OTHER_REGISTRAR = { openid: 'o-registrar-yuexiu', name: '越秀立案' };
export const JUDGES = [
  { openid: 'o-judge-chen', name: '陈法官' },
  { openid: 'o-judge-zhou', name: '周法官' },
  { openid: 'o-judge-wu', name: '吴法官' },
  { openid: 'o-judge-he', name: '何法官' },
];
export const CLERK = { openid: 'o-clerk-wang', name: '王书记员' };

/** Two Guangzhou courts and the staff of Tianhe's first civil division, written as court IT provisions them. */
export async function seedCourts(db: Database): Promise<void> {
  await db.collection('courts').add({
    data: [
      { _id: 'gz-tianhe', code: '粤0106', name: '广州市天河区人民法院', divisions: [{ id: 'tianhe-civil-1', name: '民事审判第一庭' }] },
      { _id: 'gz-yuexiu', code: '粤0104', name: '广州市越秀区人民法院', divisions: [{ id: 'yuexiu-civil-1', name: '民事审判第一庭' }] },
    ],
  });
  const staff = (person: { openid: string; name: string }, courtId: string, divisionId: string, roles: string[]) => ({
    _id: person.openid,
    name: person.name,
    courtId,
    divisionId,
    roles,
    active: true,
  });
  const rows = [
    staff(REGISTRAR, 'gz-tianhe', 'tianhe-civil-1', ['registrar']),
    staff(OTHER_REGISTRAR, 'gz-yuexiu', 'yuexiu-civil-1', ['registrar']),
    ...JUDGES.map((judge) => staff(judge, 'gz-tianhe', 'tianhe-civil-1', ['judge'])),
    staff(CLERK, 'gz-tianhe', 'tianhe-civil-1', ['clerk']),
  ];
  await db.collection('staff').add({ data: rows });
  // As court-admin does: the roles mirrored into users/<openid>, where the functions read them.
  await db.collection('users').add({ data: rows.map(({ _id, name, ...record }) => ({ _id, kind: 'staff', name, staff: record })) });
}

/** The phone's wx.cloud.uploadFile into the caller's own upload area. */
export async function upload(openid: string, name: string, content: string | Buffer): Promise<string> {
  const { emulatorUrl } = await import('./emulator');
  const res = await fetch(`${emulatorUrl()}/upload/uploads/${openid}/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'x-wx-openid': openid },
    body: content,
  });
  return ((await res.json()) as { fileID: string }).fileID;
}

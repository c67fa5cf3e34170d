import { residentIdCheckChar } from '#domain/identity';
import { callFunction, operation } from './emulator';

/** A valid (fabricated) resident ID from a 17-digit prefix. */
export const residentId = (prefix17: string) => prefix17 + residentIdCheckChar(prefix17);

export const HU = { openid: 'o-hu', name: '胡建国', idNumber: residentId('33020319800305123') };
export const WU = { openid: 'o-wu', name: '吴海涛', idNumber: residentId('44010419750101301') };

/** What wx.startFacialRecognitionVerify gives this person's phone. */
export async function faceToken(person: { openid: string; name: string; idNumber: string }): Promise<string> {
  return (await operation<{ verifyResult: string }>('POST', 'face', person)).verifyResult;
}

/** The person verifies their identity through the real function. */
export async function verify(person: { openid: string; name: string; idNumber: string }, requestId = `verify-${person.openid}`): Promise<void> {
  const reply = await callFunction<{ ok: boolean }>('identity-verify', { requestId, name: person.name, idNumber: person.idNumber, verifyResult: await faceToken(person) }, person.openid);
  if (!reply.result.ok) throw new Error(`verification failed: ${JSON.stringify(reply.result)}`);
}

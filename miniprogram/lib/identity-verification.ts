import { call, newRequestId } from './call';
import { run } from './page';
import { checkResidentId } from '../shared/identity';

/**
 * WeChat's face check 2.0 on this phone (base library 3.8.12+, callback style only): runs the
 * session the function opened. Its success says only that the check finished; the function asks
 * WeChat for the real result (queryVerifyInfo).
 */
export const requestFacialVerify = (verifyId: string) =>
  new Promise<void>((resolve, reject) =>
    (wx as unknown as { requestFacialVerify(o: { verifyId: string; success(): void; fail(error: { errMsg: string }): void }): void }).requestFacialVerify({
      verifyId,
      success: () => resolve(),
      fail: (error) => reject(new Error(error.errMsg)),
    }),
  );

/** Where the phone keeps the ticket of its last verification. */
export const TICKET_KEY = 'mc.verification-ticket';

/**
 * 实名认证 as a page does it: name and ID number open a face-check session with the function of
 * the environment the page belongs to (the court's, or a plug-in's own), the phone runs WeChat's
 * face check, and the same function then asks WeChat for the result.
 */
export function identityVerification(action: 'identity-verify' | 'creditor-verify') {
  return {
    data: {
      name: '',
      idNumber: '',
      idError: '',
      done: null as { name: string; idMasked: string } | null,
      loading: false,
      error: '',
      fieldErrors: {} as Record<string, string>,
    },
    methods: {
      onName(this: WechatMiniprogram.Component.TrivialInstance, e: WechatMiniprogram.CustomEvent<{ value: string }>) {
        this.setData({ name: e.detail.value });
      },
      onId(this: WechatMiniprogram.Component.TrivialInstance, e: WechatMiniprogram.CustomEvent<{ value: string }>) {
        const idNumber = e.detail.value.trim().toUpperCase();
        const check = idNumber.length === 18 ? checkResidentId(idNumber) : null;
        this.setData({ idNumber, idError: check && !check.ok ? check.reason : '' });
      },
      async verify(this: WechatMiniprogram.Component.TrivialInstance) {
        const { name, idNumber } = this.data as { name: string; idNumber: string };
        const check = checkResidentId(idNumber);
        if (name.trim().length < 2 || !check.ok) {
          this.setData({ error: '请填写本人真实姓名和18位身份证号码', idError: check.ok ? '' : check.reason });
          return;
        }
        const started = await run(this, () => call(action, { op: 'start', requestId: newRequestId(), name: name.trim(), idNumber }));
        if (!started || started.op !== 'start') return;
        try {
          await requestFacialVerify(started.verifyId);
        } catch {
          this.setData({ error: '人脸识别未完成，请在光线充足处重试' });
          return;
        }
        const result = await run(this, () => call(action, { op: 'finish', requestId: newRequestId(), verifyId: started.verifyId }), { success: '认证成功' });
        if (result?.op !== 'finish') return;
        // The verification's signed ticket: the claims plug-in's declaration sends it and is then not read again.
        if (result.ticket) wx.setStorageSync(TICKET_KEY, result.ticket);
        this.setData({ done: { name: result.name, idMasked: result.idMasked } });
      },
    },
  };
}

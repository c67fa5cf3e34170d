import { call, newRequestId } from './call';
import { run } from './page';
import { checkResidentId } from '../shared/identity';

// A restricted API (granted to government and court mini-programs), absent from the public typings.
const faceVerify = (options: { name: string; idCardNumber: string }) =>
  (
    wx as unknown as { startFacialRecognitionVerify(o: { name: string; idCardNumber: string }): Promise<{ verifyResult: string }> }
  ).startFacialRecognitionVerify(options);

/**
 * 实名认证 as a page does it: name and ID number, then WeChat's face check, verified by the
 * function of the environment the page belongs to (the court's, or a plug-in's own).
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
        let verifyResult: string;
        try {
          verifyResult = (await faceVerify({ name: name.trim(), idCardNumber: idNumber })).verifyResult;
        } catch {
          this.setData({ error: '人脸识别未完成，请在光线充足处重试' });
          return;
        }
        const result = await run(this, () => call(action, { requestId: newRequestId(), name: name.trim(), idNumber, verifyResult }), { success: '认证成功' });
        if (result) this.setData({ done: { name: result.name, idMasked: result.idMasked } });
      },
    },
  };
}

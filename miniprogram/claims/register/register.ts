import { call, newRequestId } from '../lib/call';
import { initCloud } from '../lib/env';
import { parseYuan, yuan } from '../lib/format';
import { TICKET_KEY } from '../lib/identity-verification';
import { pageOptions, run } from '../lib/page';
import { bankruptcyOf } from '../scene';

/** 债权申报: a verified creditor declares (or amends) their claim. */
Component({
  data: {
    bankruptcyId: '',
    form: { principal: '', interest: '', interestUntil: '', basis: '', collateral: '', bank: '', accountName: '', account: '', mobile: '' },
    consent: true,
    done: null as { version: number; total: string; notice: string } | null,
    loading: false,
    error: '',
    errorCode: '',
    fieldErrors: {} as Record<string, string>,
  },
  lifetimes: {
    attached() {
      initCloud();
      this.setData({ bankruptcyId: bankruptcyOf(pageOptions()) });
    },
  },
  methods: {
    onField(e: WechatMiniprogram.Input) {
      this.setData({ [`form.${(e.currentTarget.dataset as { field: string }).field}`]: e.detail.value });
    },
    onConsent(e: WechatMiniprogram.SwitchChange) {
      this.setData({ consent: e.detail.value });
    },
    async submit() {
      const f = this.data.form;
      const principalFen = parseYuan(f.principal);
      const interestFen = f.interest ? parseYuan(f.interest) : 0;
      if (principalFen === null || interestFen === null) {
        this.setData({ error: '请按“元”填写金额，最多两位小数' });
        return;
      }
      // The ticket of the creditor's verification, if the phone has one: the declaration is then one write.
      const ticket: unknown = wx.getStorageSync(TICKET_KEY);
      const result = await run(
        this,
        () =>
          call('claim-register', {
            requestId: newRequestId(),
            bankruptcyId: this.data.bankruptcyId,
            ...(typeof ticket === 'string' && ticket ? { ticket } : {}),
            principalFen,
            interestFen,
            ...(f.interestUntil ? { interestUntil: f.interestUntil } : {}),
            basis: f.basis,
            ...(f.collateral ? { collateral: f.collateral } : {}),
            bankAccount: { bank: f.bank, name: f.accountName, account: f.account },
            eService: { consent: this.data.consent, mobile: f.mobile },
          }),
        { loading: '正在提交', success: '已申报' },
      );
      if (result) this.setData({ done: { version: result.version, total: yuan(result.totalFen), notice: result.notice ?? '' } });
    },
    openStatus() {
      wx.navigateTo({ url: `/claims/status/status?b=${this.data.bankruptcyId}` });
    },
    /** A creditor verifies inside the plug-in (its environment keeps its own users), then comes back. */
    openVerify() {
      wx.navigateTo({ url: '/claims/verify/verify' });
    },
  },
});

import { largeText } from '../../lib/large-text';
import { call } from '../../lib/call';
import { run } from '../../lib/page';

const KINDS = [
  { value: 'appeal-judgment', label: '不服判决上诉（15日）' },
  { value: 'appeal-ruling', label: '不服裁定上诉（10日）' },
  { value: 'defence', label: '答辩（15日）' },
  { value: 'fee-payment', label: '预交诉讼费（7日）' },
];

/** 期限计算: the last day of a period, moved off statutory rest days (民事诉讼法 第八十五条). No login. */
Component({
  behaviors: [largeText],
  data: {
    kinds: KINDS,
    kind: 'appeal-judgment',
    from: '',
    result: null as { deadline: string; note: string } | null,
    loading: false,
    error: '',
    fieldErrors: {},
  },
  methods: {
    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ from: e.detail.value, result: null });
    },
    onKind(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ kind: e.detail.value, result: null });
    },
    async calculate() {
      if (!this.data.from) {
        this.setData({ error: '请先选择收到文书的日期' });
        return;
      }
      const result = await run(this, () => call('deadline-calc', { from: this.data.from, kind: this.data.kind as 'appeal-judgment' }));
      if (result) {
        const note = result.shiftedOver.length > 0 ? `期间最后一日为休息日，顺延至 ${result.deadline}` : '期间最后一日为工作日';
        this.setData({ result: { deadline: result.deadline, note: result.calendarKnown ? note : `${note}（该年度节假日安排尚未公布，仅按周末计算）` } });
      }
    },
  },
});

import { parseYuan } from '../../lib/format';

/** An amount typed in yuan, handed on in fen (never as a floating-point number). */
Component({
  properties: { label: { type: String, value: '金额（元）' }, placeholder: { type: String, value: '例如 500000' }, error: { type: String, value: '' } },
  data: { text: '', invalid: '' },
  methods: {
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const text = e.detail.value;
      const fen = text.trim() === '' ? null : parseYuan(text);
      this.setData({ text, invalid: text.trim() !== '' && fen === null ? '请输入金额，最多两位小数' : '' });
      this.triggerEvent('change', { fen });
    },
  },
});

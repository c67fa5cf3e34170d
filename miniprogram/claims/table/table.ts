import { call } from '../lib/call';
import { initCloud } from '../lib/env';
import { yuan } from '../lib/format';
import { pageOptions, run } from '../lib/page';
import { bankruptcyOf } from '../scene';

const STATE: Record<string, string> = { pending: '待审查', confirmed: '确认', 'partly-confirmed': '部分确认', disputed: '有争议', rejected: '不予确认' };

/** 债权表: totals by review state and security, and the export for the creditors' meeting. */
Component({
  data: {
    bankruptcyId: '',
    totals: [] as { label: string; claims: number; declared: string; confirmed: string }[],
    exported: '',
    loading: false,
    error: '',
    fieldErrors: {},
  },
  lifetimes: {
    async attached() {
      initCloud();
      this.setData({ bankruptcyId: bankruptcyOf(pageOptions()) });
      const table = await run(this, () => call('claims-table', { bankruptcyId: this.data.bankruptcyId, pageSize: 1 }));
      if (table) {
        this.setData({
          totals: (table.totals ?? []).map((t) => ({
            label: `${STATE[t.state] ?? t.state}${t.secured ? '（有担保）' : ''}`,
            claims: t.claims,
            declared: yuan(t.declaredFen),
            confirmed: yuan(t.confirmedFen),
          })),
        });
      }
    },
  },
  methods: {
    async exportTable() {
      const table = await run(this, () => call('claims-table', { bankruptcyId: this.data.bankruptcyId, pageSize: 1, totals: false, export: 'xlsx' }), {
        loading: '正在导出',
      });
      if (!table?.export) return;
      this.setData({ exported: `已导出 ${table.export.rows} 笔` });
      wx.downloadFile({ url: table.export.url, success: (res) => void wx.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true }) });
    },
  },
});

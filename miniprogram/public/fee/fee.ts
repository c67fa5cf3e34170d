import { largeText } from '../../lib/large-text';
import { call } from '../../lib/call';
import { yuan } from '../../lib/format';
import { run } from '../../lib/page';
import type { FeeCalcOutput } from '../../../cloudfunctions/_core/schemas/fees';

type Category = 'property' | 'divorce' | 'personality' | 'labour' | 'administrative' | 'enforcement' | 'preservation';

const CATEGORIES: { value: Category; label: string; needsAmount: boolean }[] = [
  { value: 'property', label: '财产案件（如合同、借款）', needsAmount: true },
  { value: 'divorce', label: '离婚案件', needsAmount: false },
  { value: 'personality', label: '人格权案件', needsAmount: false },
  { value: 'labour', label: '劳动争议', needsAmount: false },
  { value: 'administrative', label: '行政案件', needsAmount: false },
  { value: 'enforcement', label: '申请执行', needsAmount: true },
  { value: 'preservation', label: '申请保全', needsAmount: true },
];

/** 诉讼费计算: what a case costs, band by band, with the articles applied. No login. */
Component({
  behaviors: [largeText],
  data: {
    categories: CATEGORIES.map((c) => ({ label: c.label, value: c.value })),
    category: 'property' as Category,
    amountFen: null as number | null,
    procedure: 'ordinary',
    outcome: 'judgment',
    result: null as (FeeCalcOutput & { feeText: string; lines: { label: string; amount: string }[] }) | null,
    loading: false,
    error: '',
    fieldErrors: {} as Record<string, string>,
  },
  methods: {
    onCategory(e: WechatMiniprogram.CustomEvent<{ value: Category }>) {
      this.setData({ category: e.detail.value, result: null });
    },
    onAmount(e: WechatMiniprogram.CustomEvent<{ fen: number | null }>) {
      this.setData({ amountFen: e.detail.fen, result: null });
    },
    onProcedure(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ procedure: e.detail.value, result: null });
    },
    onOutcome(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ outcome: e.detail.value, result: null });
    },
    async calculate() {
      const { category, amountFen, procedure, outcome } = this.data;
      const result = await run(this, () =>
        call('fee-calc', {
          category,
          ...(amountFen !== null ? { amountFen } : {}),
          procedure: procedure as 'ordinary' | 'simplified',
          outcome: outcome as 'judgment' | 'mediation' | 'withdrawal',
        }),
      );
      if (result)
        this.setData({
          result: { ...result, feeText: yuan(result.feeFen), lines: result.breakdown.map((l) => ({ label: l.label, amount: yuan(l.amountFen) })) },
        });
    },
  },
});

import { GUANGDONG_FEES, type RangeFeeKind } from './fee-schedule.guangdong';
import { caseFee, type FilingFeeKind } from './filing';
import { applyRate, DEFAULT_ROUNDING, exact, formatRate, roundFen, yuan, type ExactFen, type Rounding } from './money';

/** 诉讼费用交纳办法 (国务院令第481号). Amounts in fen, rates in parts per 100,000. */
interface Tier {
  /** Upper bound of the band (X, upTo] in yuan; Infinity for the last. */
  upTo: number;
  /** A flat amount for the whole first band, in yuan. */
  flatYuan?: number;
  ratePer100k?: number;
}

// 诉讼费用交纳办法 第十三条第（一）项: 财产案件分段累计
export const PROPERTY_TIERS: readonly Tier[] = [
  { upTo: 10_000, flatYuan: 50 },
  { upTo: 100_000, ratePer100k: 2500 },
  { upTo: 200_000, ratePer100k: 2000 },
  { upTo: 500_000, ratePer100k: 1500 },
  { upTo: 1_000_000, ratePer100k: 1000 },
  { upTo: 2_000_000, ratePer100k: 900 },
  { upTo: 5_000_000, ratePer100k: 800 },
  { upTo: 10_000_000, ratePer100k: 700 },
  { upTo: 20_000_000, ratePer100k: 600 },
  { upTo: Infinity, ratePer100k: 500 },
];

// 诉讼费用交纳办法 第十四条第（一）项: 申请执行
export const ENFORCEMENT_TIERS: readonly Tier[] = [
  { upTo: 10_000, flatYuan: 50 },
  { upTo: 500_000, ratePer100k: 1500 },
  { upTo: 5_000_000, ratePer100k: 1000 },
  { upTo: 10_000_000, ratePer100k: 500 },
  { upTo: Infinity, ratePer100k: 100 },
];

// 诉讼费用交纳办法 第十四条第（二）项: 申请保全措施（最多不超过5000元）
export const PRESERVATION_TIERS: readonly Tier[] = [
  { upTo: 1_000, flatYuan: 30 },
  { upTo: 100_000, ratePer100k: 1000 },
  { upTo: Infinity, ratePer100k: 500 },
];
export const PRESERVATION_CAP_YUAN = 5_000;

// 诉讼费用交纳办法 第十三条第（二）项第1目: 离婚案件财产总额超过20万元的部分按0.5%
const DIVORCE_PROPERTY_TIERS: readonly Tier[] = [
  { upTo: 200_000, ratePer100k: 0 },
  { upTo: Infinity, ratePer100k: 500 },
];

// 诉讼费用交纳办法 第十三条第（二）项第2目: 人格权案件损害赔偿超过5万至10万1%，超过10万0.5%
const PERSONALITY_DAMAGES_TIERS: readonly Tier[] = [
  { upTo: 50_000, ratePer100k: 0 },
  { upTo: 100_000, ratePer100k: 1000 },
  { upTo: Infinity, ratePer100k: 500 },
];

// 诉讼费用交纳办法 第十四条第（六）项: 破产案件减半交纳，最高不超过30万元
export const BANKRUPTCY_CAP_YUAN = 300_000;

export const FeeCategories = [
  'property',
  'divorce',
  'personality',
  'other-non-property',
  'ip',
  'labour',
  'administrative',
  'administrative-special',
  'jurisdiction-objection',
  'enforcement',
  'preservation',
  'payment-order',
  'public-summons',
  'arbitration-review',
  'bankruptcy',
] as const;
export type FeeCategory = (typeof FeeCategories)[number];

/** 案件受理费 (Art 13) can be halved; 申请费 (Art 14) cannot. */
const ACCEPTANCE_FEES: ReadonlySet<FeeCategory> = new Set([
  'property',
  'divorce',
  'personality',
  'other-non-property',
  'ip',
  'labour',
  'administrative',
  'administrative-special',
]);

export interface FeeRequest {
  category: FeeCategory;
  /** The claimed amount, property value, damages, enforcement amount... in fen. */
  amountFen?: number | undefined;
  procedure?: 'ordinary' | 'simplified' | undefined;
  outcome?: 'judgment' | 'mediation' | 'withdrawal' | undefined;
  /** A counterclaim (or an independent third-party claim) heard with the main case. */
  counterclaim?: boolean | undefined;
  /** An appeal: amountFen is then the part of the first-instance decision appealed against. */
  appeal?: boolean | undefined;
  rounding?: Rounding | undefined;
  /** Amounts inside statutory ranges; the Guangdong table by default. */
  schedule?: Record<RangeFeeKind, { yuan: number; range: readonly [number, number]; confirmed: boolean }> | undefined;
}

export interface FeeLine {
  label: string;
  baseFen?: number;
  rate?: string;
  amountFen: number;
}

export interface FeeResult {
  feeFen: number;
  breakdown: FeeLine[];
  basis: string[];
  /** For a fee the province sets inside a statutory range: the range, in fen. */
  rangeFen?: [number, number];
  notes: string[];
}

export class FeeInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Fee over progressive bands (分段累计), exact, with a line per band reached. */
export function tieredFee(amountFen: number, tiers: readonly Tier[]): { exact: ExactFen; lines: FeeLine[] } {
  let total = 0n;
  const lines: FeeLine[] = [];
  let lower = 0;
  for (const tier of tiers) {
    const lowerFen = yuan(lower);
    if (amountFen <= lowerFen && lower > 0) break;
    const upperFen = tier.upTo === Infinity ? amountFen : Math.min(amountFen, yuan(tier.upTo));
    const partFen = Math.max(0, upperFen - lowerFen);
    const band =
      tier.upTo === Infinity
        ? `超过${lower.toLocaleString('en-US')}元的部分`
        : lower === 0
          ? `不超过${tier.upTo.toLocaleString('en-US')}元的部分`
          : `超过${lower.toLocaleString('en-US')}元至${tier.upTo.toLocaleString('en-US')}元的部分`;
    if (tier.flatYuan !== undefined) {
      total += exact(yuan(tier.flatYuan));
      lines.push({ label: `${band}（每件${tier.flatYuan}元）`, baseFen: partFen, amountFen: yuan(tier.flatYuan) });
    } else if (tier.ratePer100k !== undefined && tier.ratePer100k > 0) {
      const part = applyRate(partFen, tier.ratePer100k);
      total += part;
      lines.push({ label: band, baseFen: partFen, rate: formatRate(tier.ratePer100k), amountFen: roundFen(part) });
    }
    if (tier.upTo === Infinity || amountFen <= yuan(tier.upTo)) break;
    lower = tier.upTo;
  }
  return { exact: total, lines };
}

function requireAmount(request: FeeRequest, label: string): number {
  const amount = request.amountFen;
  if (amount === undefined) throw new FeeInputError('amountFen', `请填写${label}`);
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new FeeInputError('amountFen', `${label}须为大于零的整数（单位：分）`);
  return amount;
}

/**
 * The fee for one case or application. Exact to the fen fraction until a single rounding at
 * the end; reductions by half (Arts 15, 16, 18) are applied once, never stacked.
 */
export function calculateFee(request: FeeRequest): FeeResult {
  const schedule = request.schedule ?? GUANGDONG_FEES;
  const rounding = request.rounding ?? DEFAULT_ROUNDING;
  const basis: string[] = [];
  const notes: string[] = [];
  const lines: FeeLine[] = [];
  let value: ExactFen;
  let rangeFen: [number, number] | undefined;
  let divisor = 1n;
  let capFen: number | undefined;

  const rangeFee = (kind: RangeFeeKind, label: string) => {
    const entry = schedule[kind];
    rangeFen = [yuan(entry.range[0]), yuan(entry.range[1])];
    if (!entry.confirmed) notes.push(`${label}的具体金额（法定幅度${entry.range[0]}–${entry.range[1]}元）尚待法院确认`);
    lines.push({ label: `${label}（法定幅度${entry.range[0]}–${entry.range[1]}元，本省标准）`, amountFen: yuan(entry.yuan) });
    return exact(yuan(entry.yuan));
  };
  const tiered = (amountFen: number, tiers: readonly Tier[]) => {
    const result = tieredFee(amountFen, tiers);
    lines.push(...result.lines);
    return result.exact;
  };

  switch (request.category) {
    case 'property':
      value = tiered(requireAmount(request, request.appeal ? '上诉请求涉及的金额' : '诉讼请求金额'), PROPERTY_TIERS);
      basis.push('诉讼费用交纳办法 第十三条第（一）项');
      if (request.appeal) basis.push('诉讼费用交纳办法 第十七条');
      break;
    case 'divorce':
      value = rangeFee('divorce', '离婚案件');
      if (request.amountFen !== undefined) value += tiered(requireAmount(request, '财产总额'), DIVORCE_PROPERTY_TIERS);
      basis.push('诉讼费用交纳办法 第十三条第（二）项第1目');
      break;
    case 'personality':
      value = rangeFee('personality', '侵害人格权案件');
      if (request.amountFen !== undefined) value += tiered(requireAmount(request, '损害赔偿金额'), PERSONALITY_DAMAGES_TIERS);
      basis.push('诉讼费用交纳办法 第十三条第（二）项第2目');
      break;
    case 'other-non-property':
      value = rangeFee('otherNonProperty', '其他非财产案件');
      basis.push('诉讼费用交纳办法 第十三条第（二）项第3目');
      break;
    case 'ip':
      if (request.amountFen === undefined) {
        value = rangeFee('ipNoAmount', '知识产权民事案件（无争议金额）');
      } else {
        value = tiered(requireAmount(request, '争议金额'), PROPERTY_TIERS);
      }
      basis.push('诉讼费用交纳办法 第十三条第（三）项');
      break;
    case 'labour':
      value = exact(yuan(10));
      lines.push({ label: '劳动争议案件（每件10元）', amountFen: yuan(10) });
      basis.push('诉讼费用交纳办法 第十三条第（四）项');
      break;
    case 'administrative':
      value = exact(yuan(50));
      lines.push({ label: '行政案件（每件50元）', amountFen: yuan(50) });
      basis.push('诉讼费用交纳办法 第十三条第（五）项第2目');
      break;
    case 'administrative-special':
      value = exact(yuan(100));
      lines.push({ label: '商标、专利、海事行政案件（每件100元）', amountFen: yuan(100) });
      basis.push('诉讼费用交纳办法 第十三条第（五）项第1目');
      break;
    case 'jurisdiction-objection':
      value = rangeFee('jurisdictionObjection', '管辖权异议不成立');
      basis.push('诉讼费用交纳办法 第十三条第（六）项');
      break;
    case 'enforcement':
      if (request.amountFen === undefined) value = rangeFee('enforcementNoAmount', '申请执行（无执行金额）');
      else value = tiered(requireAmount(request, '执行金额'), ENFORCEMENT_TIERS);
      basis.push('诉讼费用交纳办法 第十四条第（一）项');
      notes.push('申请执行费执行后交纳，由被执行人负担（第二十条、第三十八条）');
      break;
    case 'preservation':
      value = request.amountFen === undefined ? tiered(0, PRESERVATION_TIERS) : tiered(requireAmount(request, '保全财产数额'), PRESERVATION_TIERS);
      capFen = yuan(PRESERVATION_CAP_YUAN);
      basis.push('诉讼费用交纳办法 第十四条第（二）项');
      break;
    case 'payment-order':
      value = tiered(requireAmount(request, '请求给付的金额'), PROPERTY_TIERS);
      divisor = 3n;
      lines.push({ label: '按财产案件受理费标准的三分之一交纳', amountFen: roundFen(value, rounding, 3n) });
      basis.push('诉讼费用交纳办法 第十四条第（三）项');
      break;
    case 'public-summons':
      value = exact(yuan(100));
      lines.push({ label: '公示催告（每件100元）', amountFen: yuan(100) });
      basis.push('诉讼费用交纳办法 第十四条第（四）项');
      break;
    case 'arbitration-review':
      value = exact(yuan(400));
      lines.push({ label: '撤销仲裁裁决或认定仲裁协议效力（每件400元）', amountFen: yuan(400) });
      basis.push('诉讼费用交纳办法 第十四条第（五）项');
      break;
    case 'bankruptcy':
      value = tiered(requireAmount(request, '破产财产总额'), PROPERTY_TIERS);
      divisor = 2n;
      capFen = yuan(BANKRUPTCY_CAP_YUAN);
      lines.push({ label: '按财产案件受理费标准减半交纳', amountFen: roundFen(value, rounding, 2n) });
      basis.push('诉讼费用交纳办法 第十四条第（六）项');
      notes.push('破产案件申请费清算后交纳（第二十条、第四十二条）');
      break;
  }

  const reductions: string[] = [];
  if (ACCEPTANCE_FEES.has(request.category)) {
    if (request.outcome === 'mediation') reductions.push('以调解方式结案，减半交纳（第十五条）');
    if (request.outcome === 'withdrawal') reductions.push('申请撤诉，减半交纳（第十五条）');
    if (request.procedure === 'simplified') reductions.push('适用简易程序，减半交纳（第十六条）');
    if (request.counterclaim) reductions.push('反诉或有独立请求权的第三人提出与本案有关的诉讼请求，减半交纳（第十八条）');
  } else if (request.outcome === 'mediation' || request.outcome === 'withdrawal' || request.procedure === 'simplified' || request.counterclaim) {
    notes.push('申请费不适用减半交纳的规定');
  }
  if (reductions.length > 0) {
    divisor *= 2n;
    const halved = roundFen(value, rounding, divisor);
    lines.push({ label: `减半交纳：${reductions.join('；')}`, amountFen: halved });
    if (reductions.length > 1) notes.push('多项减半事由并存时只减半一次');
    basis.push(...new Set(reductions.map((r) => `诉讼费用交纳办法 ${r.slice(r.indexOf('（') + 1, -1)}`)));
  }

  let feeFen = roundFen(value, rounding, divisor);
  if (capFen !== undefined && feeFen > capFen) {
    feeFen = capFen;
    lines.push({ label: `最高不超过${(capFen / 100).toLocaleString('en-US')}元`, amountFen: capFen });
  }
  const result: FeeResult = { feeFen, breakdown: lines, basis, notes };
  if (rangeFen) result.rangeFen = rangeFen;
  return result;
}

/**
 * What a refund of 案件受理费 may follow from, each an outcome the case must have on record:
 * 调解结案 or 撤诉 (第十五条), 适用简易程序 (第十六条), 减少诉讼请求 before the end of court
 * investigation (第二十一条); a suit dismissed (驳回起诉), which owes no fee (第八条、第二十七条).
 */
export const RefundGrounds = ['mediation', 'withdrawal', 'simplified', 'claim-reduced', 'dismissal'] as const;
export type RefundGround = (typeof RefundGrounds)[number];

/** What a case has recorded that bears on its fee. */
export interface CaseFeeFacts {
  feeKind: FilingFeeKind;
  /** The claim as filed, in fen. */
  amountFen: number;
  procedure: 'ordinary' | 'simplified';
  /** How the case ended, once its closing is recorded (the outcomes of legal-rules-2 §4.5). */
  closing?: { outcome: string } | undefined;
  /** Reductions of the claim recorded before the end of court investigation, the latest last. */
  claimReductions?: readonly { amountFen: number }[] | undefined;
}

/** What was paid against the fee notice, and what has been refunded (or asked back) so far. */
export interface FeePaid {
  feeFen: number;
  refundedFen: number;
}

export type RefundDecision = { ok: true; refundFen: number; dueFen: number; basis: string[] } | { ok: false; reason: string };

/** Each ground, and what must be on record before it refunds anything. */
const GROUND_RECORDED: Record<RefundGround, { recorded: (facts: CaseFeeFacts) => boolean; missing: string }> = {
  mediation: {
    recorded: (f) => f.closing?.outcome === 'mediation',
    missing: '本案尚无调解结案的记录：须先记录调解结案（调解书送达），才能按诉讼费用交纳办法第十五条退费',
  },
  withdrawal: {
    // 按撤诉处理 counts as a withdrawal (legal-rules-2 §4.5).
    recorded: (f) => f.closing?.outcome === 'withdrawal' || f.closing?.outcome === 'treated-withdrawn',
    missing: '本案尚无准予撤诉的记录：须先记录准予撤诉的裁定，才能按诉讼费用交纳办法第十五条退费',
  },
  simplified: {
    recorded: (f) => f.procedure === 'simplified',
    missing: '本案适用普通程序：须先记录适用简易程序，才能按诉讼费用交纳办法第十六条退费',
  },
  dismissal: {
    recorded: (f) => f.closing?.outcome === 'dismissal',
    missing: '本案尚无驳回起诉的记录：须先记录驳回起诉的裁定，才能按诉讼费用交纳办法第八条、第二十七条退费',
  },
  'claim-reduced': {
    recorded: (f) => (f.claimReductions?.length ?? 0) > 0,
    missing: '本案尚无减少诉讼请求的记录：须先记录当事人在法庭调查终结前减少诉讼请求，才能按诉讼费用交纳办法第二十一条退费',
  },
};

/**
 * The refund a case is due on the ground a judge invokes: refused unless that ground is on
 * record; otherwise what was paid, less what was refunded, less the fee the case owes on
 * everything recorded (procedure, closing, reduced claim), by the one fee rule (`caseFee`).
 * The halvings of 第十五条 and 第十六条 never stack; a reduced claim is billed on its new amount
 * (第二十一条).
 */
export function refundDue(ground: RefundGround, facts: CaseFeeFacts, paid: FeePaid): RefundDecision {
  const rule = GROUND_RECORDED[ground];
  if (!rule.recorded(facts)) return { ok: false, reason: rule.missing };
  const reduced = facts.claimReductions?.[facts.claimReductions.length - 1]?.amountFen;
  const closed = facts.closing?.outcome;
  const outcome = closed === 'mediation' ? 'mediation' : closed === 'withdrawal' || closed === 'treated-withdrawn' ? 'withdrawal' : undefined;
  const billed = caseFee(facts, { amountFen: reduced ?? facts.amountFen, outcome });
  // 第八条、第二十七条: a dismissed suit owes nothing; what was paid comes back whole.
  const due = closed === 'dismissal' ? { feeFen: 0, basis: ['诉讼费用交纳办法 第八条', '诉讼费用交纳办法 第二十七条'] } : billed;
  const refundFen = paid.feeFen - paid.refundedFen - due.feeFen;
  if (refundFen <= 0) return { ok: false, reason: '按现行标准计算无应退费用' };
  const basis = reduced !== undefined ? [...due.basis, '诉讼费用交纳办法 第二十一条'] : due.basis;
  return { ok: true, refundFen, dueFen: due.feeFen, basis };
}

/** A party's fee record: paid, refunded (confirmed by WeChat Pay), on its way back, and what the fee now nets to. */
export function feeAccount(fee: { state: 'unpaid' | 'paid'; feeFen: number; refunds?: readonly { refundFen: number; state?: string }[] | undefined }): {
  paidFen: number;
  refundedFen: number;
  refundingFen: number;
  netFen: number;
} {
  const paidFen = fee.state === 'paid' ? fee.feeFen : 0;
  const refunds = fee.refunds ?? [];
  const sum = (state: string) => refunds.filter((r) => (r.state ?? 'requested') === state).reduce((total, r) => total + r.refundFen, 0);
  const refundedFen = sum('refunded');
  const refundingFen = sum('requested');
  return { paidFen, refundedFen, refundingFen, netFen: paidFen - refundedFen - refundingFen };
}

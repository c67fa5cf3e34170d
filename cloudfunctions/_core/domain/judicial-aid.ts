/*
 * 司法救助 on litigation fees (诉讼费用交纳办法 第四十四条至第五十一条): exemption (免交), reduction
 * (减交) and deferral (缓交), each on its grounds; applied for with the complaint or the appeal,
 * with proof of hardship (第四十八条); a refusal in writing with reasons; the fee notice follows the
 * decision; the grant is stated at the end of the case (第五十一条).
 */
import { feeDueOn } from './filing';
import { AidGrounds, AidKindLabels, MIN_REDUCTION_PERCENT, type AidGround, type AidKind } from './judicial-aid-words';

export * from './judicial-aid-words';

export const AID_BASIS: Readonly<Record<AidKind, string>> = {
  exemption: '诉讼费用交纳办法 第四十四条、第四十五条',
  reduction: '诉讼费用交纳办法 第四十四条、第四十六条',
  deferral: '诉讼费用交纳办法 第四十四条、第四十七条',
};

/** Whether the ground is one the articles say the court must grant on proof ("应当准予"). */
export function mustGrant(ground: AidGround): boolean {
  return !ground.endsWith('-other');
}

/**
 * Why an application cannot be made as put, or null: the ground must be of the form asked;
 * exemption is for natural persons only (第四十四条); a reduction is at least 30 per cent and
 * less than the whole (第四十六条; the whole is an exemption).
 */
export function aidProblem(a: { kind: AidKind; ground: AidGround; partyKind: 'natural' | 'legal'; percent?: number | undefined }): string | null {
  if (AidGrounds[a.ground].kind !== a.kind) return `“${AidGrounds[a.ground].label}”不是${AidKindLabels[a.kind]}的法定情形`;
  if (a.kind === 'exemption' && a.partyKind !== 'natural') return '免交诉讼费用只适用于自然人（诉讼费用交纳办法 第四十四条），单位可申请减交或者缓交';
  if (a.kind === 'reduction') {
    if (a.percent === undefined) return '申请减交须写明减交比例';
    if (a.percent < MIN_REDUCTION_PERCENT) return `减交比例不得低于${MIN_REDUCTION_PERCENT}%（诉讼费用交纳办法 第四十六条）`;
    if (a.percent >= 100) return '全部免交请申请免交';
  }
  return null;
}

/** What is payable after a reduction of `percent`: the fee less the reduction, rounded down to the fen in the party's favour. */
export function reducedFee(feeFen: number, percent: number): number {
  return Math.floor((feeFen * (100 - percent)) / 100);
}

/**
 * The fee notice after the court's decision (第四十八条): none when exempt; the reduced amount
 * due 7 days from the decision (第二十二条); a deferral's later day; a refusal leaves the fee
 * whole, due 7 days from the decision.
 */
export function feeAfterDecision(
  fee: { feeFen: number; dueOn: string },
  decision: { granted: false } | { granted: true; kind: AidKind; percent?: number | undefined; deferredTo?: string | undefined },
  decidedOn: string,
): { feeFen: number; dueOn: string } {
  if (!decision.granted) return { feeFen: fee.feeFen, dueOn: feeDueOn(decidedOn) };
  if (decision.kind === 'exemption') return { feeFen: 0, dueOn: decidedOn };
  if (decision.kind === 'reduction') return { feeFen: reducedFee(fee.feeFen, decision.percent ?? MIN_REDUCTION_PERCENT), dueOn: feeDueOn(decidedOn) };
  return { feeFen: fee.feeFen, dueOn: decision.deferredTo ?? fee.dueOn };
}

/**
 * 第四十八条: the application comes with the complaint or the appeal. One made later (at the
 * hearing) is outside the article; the court may still grant it [M]: warned, not blocked.
 */
export function lateApplicationWarning(a: { hearingStarted: boolean; feeDueOn: string; appliedOn: string }): string | null {
  if (!a.hearingStarted && a.appliedOn <= a.feeDueOn) return null;
  return '司法救助应当在起诉或者上诉时提出（诉讼费用交纳办法 第四十八条），本申请提出较晚，由法院酌情决定';
}

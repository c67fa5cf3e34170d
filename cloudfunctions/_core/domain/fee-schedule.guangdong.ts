/**
 * Amounts inside the statutory ranges of 诉讼费用交纳办法 Art 13(二)(三)(六) and Art 14(一),
 * which each province sets (last paragraph of Art 13). Guangdong's figures follow
 * 粤价函〔2008〕45号 as republished by the Zhongshan court (2008-03-27); entries marked
 * `confirmed: false` have no published Guangdong figure in hand and must be confirmed by the
 * court before release.
 */
export interface RangeAmount {
  /** The statutory range in yuan. */
  range: readonly [number, number];
  /** The amount charged in this province, in yuan. */
  yuan: number;
  source: string;
  confirmed: boolean;
}

export type RangeFeeKind = 'divorce' | 'personality' | 'otherNonProperty' | 'ipNoAmount' | 'jurisdictionObjection' | 'enforcementNoAmount';

export const GUANGDONG_FEES: Record<RangeFeeKind, RangeAmount> = {
  divorce: { range: [50, 300], yuan: 300, source: '粤价函〔2008〕45号', confirmed: true },
  personality: { range: [100, 500], yuan: 500, source: '粤价函〔2008〕45号', confirmed: true },
  otherNonProperty: { range: [50, 100], yuan: 100, source: '粤价函〔2008〕45号', confirmed: true },
  ipNoAmount: { range: [500, 1000], yuan: 1000, source: '粤价函〔2008〕45号', confirmed: true },
  jurisdictionObjection: { range: [50, 100], yuan: 100, source: '粤价函〔2008〕45号', confirmed: true },
  enforcementNoAmount: { range: [50, 500], yuan: 50, source: '待法院确认', confirmed: false },
};

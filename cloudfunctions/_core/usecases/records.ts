import type { CaseMember, CaseRole, ChainHead } from '#runtime';
import type { StoredFile } from '#runtime';
import type { CaseType, FilingFeeKind, FilingState } from '#domain/filing';
import type { StoredParty } from './parties';

/** A filing (立案申请) from submission to the registrar's decision; its id becomes the case id. */
export interface FilingRecord {
  _id: string;
  owner: string;
  courtId: string;
  courtCode: string;
  courtName: string;
  caseType: CaseType;
  feeKind: FilingFeeKind;
  cause: string;
  parties: StoredParty[];
  agent?: { openid: string; name: string; forParty: number; powerOfAttorney: StoredFile };
  claims: { text: string; amountFen?: number }[];
  amountFen: number;
  facts: string;
  evidence: { title: string; proves: string; file?: StoredFile }[];
  service: { consent: boolean; mobileMasked: string; addressConfirmed: boolean };
  members: CaseMember[];
  state: FilingState;
  submittedAt: Date;
  receivedOn: string;
  reviewDueOn: string;
  correction?: { items: string[]; at: Date; by: string };
  refusal?: { reasons: string; at: Date; by: string };
  caseId?: string;
  chain: ChainHead;
  updatedAt: Date;
}

export type CaseState = 'accepted' | 'in-trial' | 'closed' | 'withdrawn';

export interface CaseDocument {
  id: string;
  kind: 'complaint' | 'evidence' | 'power-of-attorney' | 'acceptance-notice' | 'fee-notice' | 'hearing-notice' | 'served-document' | 'service-proof';
  title: string;
  /** Absent while a notice is rendered from the case on first read. */
  file?: StoredFile;
  at: Date;
  by: string;
}

export interface CaseRecord {
  _id: string;
  caseNumber: string;
  courtId: string;
  courtCode: string;
  courtName: string;
  caseType: CaseType;
  cause: string;
  procedure: 'ordinary' | 'simplified';
  state: CaseState;
  filedOn: string;
  trialLimitOn: string;
  parties: StoredParty[];
  members: CaseMember[];
  amountFen: number;
  feeKind: FilingFeeKind;
  fee: {
    noticeId: string;
    feeFen: number;
    basis: string[];
    dueOn: string;
    state: 'unpaid' | 'paid';
    outTradeNo?: string;
    paidAt?: Date;
    transactionId?: string;
    /** Each refund asked of WeChat Pay; `refunded` once its refund notice confirms it (a refund asked before notices were kept has no state). */
    refunds?: { outRefundNo: string; refundFen: number; reason: string; at: Date; state?: 'requested' | 'refunded' | 'failed' }[];
  };
  /** How the case ended, once its closing is recorded (审结: 判决、调解、撤诉). */
  closing?: { outcome: 'judgment' | 'mediation' | 'withdrawal'; on: string };
  /** Reductions of the claim recorded before the end of court investigation (诉讼费用交纳办法 第二十一条), the latest last. */
  claimReductions?: { amountFen: number; on: string }[];
  panel?: {
    presiding: { openid: string; name: string };
    members: { openid: string; name: string }[];
    clerk?: { openid: string; name: string };
    draw: { seed: string; candidates: string[] };
  };
  hearings: { id: string; startsAt: Date; place: { kind: 'courtroom' | 'online'; room?: string }; scheduledBy: string }[];
  documents: CaseDocument[];
  /** Who consented to electronic service, and whether they confirmed the address (民诉法解释 第一百三十六条). */
  eService: Record<string, { consent: boolean; addressConfirmed: boolean }>;
  /** The code printed on the acceptance notice's QR code, for the public case query. */
  publicCode: string;
  chain: ChainHead;
  createdAt: Date;
  updatedAt: Date;
}

/** One document served on one person (电子送达). */
export interface ServiceRecord {
  _id: string;
  caseId: string;
  caseNumber: string;
  documentId: string;
  title: string;
  recipient: string;
  recipientRole: CaseRole;
  addressConfirmed: boolean;
  sentAt: Date;
  /** 民诉法 第九十条: arrival at the recipient's platform account. */
  arrivedAt: Date;
  readAt?: Date;
  /** When service took effect (the rule is `servedAt` in `#domain/e-service`). */
  servedAt?: Date;
  sentBy: string;
}

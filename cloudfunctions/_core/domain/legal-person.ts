/**
 * Who may act for a legal person (法人或者其他组织), and what proves it. A legal person is
 * recognised by its unified social credit code (GB 32100-2015, `checkUscc` in `./identity`) and
 * the legal representative on its registration, never by a name typed beside it.
 */

/**
 * 民事诉讼法 第五十一条: a legal person litigates through its legal representative; 第六十一条:
 * it may appoint up to two agents (a lawyer, or an employee), each with a power of attorney
 * (第六十二条).
 */
export const REPRESENTATION_CAPACITIES = ['legal-representative', 'authorised-agent'] as const;
export type RepresentationCapacity = (typeof REPRESENTATION_CAPACITIES)[number];

export const CAPACITY_LABELS: Readonly<Record<RepresentationCapacity, string>> = {
  'legal-representative': '法定代表人',
  'authorised-agent': '委托代理人',
};

/** The papers that prove the capacity, as a court names them. */
export const PROOF_KINDS = {
  'business-licence': '营业执照',
  'representative-certificate': '法定代表人身份证明书',
  authorisation: '授权委托书',
} as const;
export type ProofKind = keyof typeof PROOF_KINDS;
export const PROOF_KIND_NAMES = Object.keys(PROOF_KINDS) as [ProofKind, ...ProofKind[]];

/**
 * 登记立案规定 第六条第（一）项、第（二）项: a legal person files with its business licence and
 * its legal representative's certificate; one who acts for it by appointment adds the power of
 * attorney (民诉法解释 第八十八条).
 */
export function requiredProofs(capacity: RepresentationCapacity): ProofKind[] {
  return capacity === 'legal-representative' ? ['business-licence', 'representative-certificate'] : ['business-licence', 'authorisation'];
}

export function missingProofs(capacity: RepresentationCapacity, supplied: readonly ProofKind[]): ProofKind[] {
  return requiredProofs(capacity).filter((kind) => !supplied.includes(kind));
}

/**
 * 民诉法解释 第五十条: the legal representative is the one registered. The person acting as it
 * must be, by their verified name, the representative the filing names for the company.
 */
export function isNamedRepresentative(party: { representative?: string | undefined }, verifiedName: string | undefined): boolean {
  const named = party.representative?.trim();
  return Boolean(named && verifiedName && named === verifiedName.trim());
}

/** A legal person's credit codes compared as registered: case and spacing do not make another company. */
export function sameUscc(a: string | undefined, b: string | undefined): boolean {
  return Boolean(a && b && a.trim().toUpperCase() === b.trim().toUpperCase());
}

/** The representation as the registrar (or the judge, or the administrator) reads it: who acts, in what capacity, what is still missing. */
export interface RepresentationStatus {
  capacity: RepresentationCapacity;
  supplied: ProofKind[];
  missing: ProofKind[];
}

export function representationStatus(capacity: RepresentationCapacity, supplied: readonly ProofKind[]): RepresentationStatus {
  return { capacity, supplied: [...new Set(supplied)], missing: missingProofs(capacity, supplied) };
}

/** What a correction notice says for missing proof (一次性告知, 登记立案规定 第七条): one item per paper, naming the party. */
export function proofCorrectionItems(partyName: string, missing: readonly ProofKind[]): string[] {
  return missing.map((kind) => `${partyName}的${PROOF_KINDS[kind]}`);
}

/** A creditor is one person or one company, whichever account declares for it (企业破产法 第四十九条、第五十七条). */
export function creditorKey(creditor: { uscc: string } | { idLookup: string }): string {
  return 'uscc' in creditor ? `uscc:${creditor.uscc.trim().toUpperCase()}` : `person:${creditor.idLookup}`;
}

import { maskMobile, maskResidentId } from '#domain/identity';
import { CAPACITY_LABELS, missingProofs, PROOF_KINDS, representationStatus, type ProofKind, type RepresentationCapacity } from '#domain/legal-person';
import { attachUpload, invalidField, lookupHash, seal, type ActionContext, type SealedValue } from '#runtime';
import type { FilingParty } from '#schemas/filing';
import type { CaseDocument, RepresentationRecord } from './records';

/** A party as stored: identity numbers and phones sealed, with masked copies for display. */
export interface StoredParty {
  role: FilingParty['role'];
  kind: FilingParty['kind'];
  name: string;
  idLookup?: string;
  idSealed?: SealedValue;
  idMasked?: string;
  /** A company's credit code is public registration data, kept in the clear. */
  uscc?: string;
  representative?: string;
  mobileSealed?: SealedValue;
  mobileMasked?: string;
  address: string;
}

export function storeParty(party: FilingParty): StoredParty {
  const stored: StoredParty = { role: party.role, kind: party.kind, name: party.name, address: party.address };
  if (party.kind === 'natural' && party.idNumber) {
    stored.idLookup = lookupHash('resident-id', party.idNumber);
    stored.idSealed = seal(party.idNumber);
    stored.idMasked = maskResidentId(party.idNumber);
  }
  if (party.kind === 'legal') {
    stored.uscc = party.uscc;
    stored.representative = party.representative;
  }
  if (party.mobile) {
    stored.mobileSealed = seal(party.mobile);
    stored.mobileMasked = maskMobile(party.mobile);
  }
  return stored;
}

/** What any member of the case may see of a party: no address, no full numbers. */
export function publicParty(party: StoredParty): { role: string; kind: string; name: string; idMasked?: string; uscc?: string; representative?: string } {
  return {
    role: party.role,
    kind: party.kind,
    name: party.name,
    ...(party.idMasked ? { idMasked: party.idMasked } : {}),
    ...(party.uscc ? { uscc: party.uscc } : {}),
    ...(party.representative ? { representative: party.representative } : {}),
  };
}

/**
 * Acting for a legal person on one's own (answering a suit, declaring a claim) needs every paper
 * the capacity asks (登记立案规定 第六条第（一）项、第（二）项; 民诉法解释 第八十八条): refused,
 * naming what is missing, before anything is written. `act` is what the person is doing, as
 * "为单位应诉".
 */
export function requireProofs(acting: { capacity: RepresentationCapacity; proofs: readonly { kind: ProofKind }[] }, act: string, field: string): void {
  const missing = missingProofs(
    acting.capacity,
    acting.proofs.map((p) => p.kind),
  );
  if (missing.length === 0) return;
  const message = `以${CAPACITY_LABELS[acting.capacity]}身份${act}，请提交${missing.map((kind) => PROOF_KINDS[kind]).join('、')}`;
  throw invalidField(field, message);
}

/**
 * The papers someone acting for a legal person supplied, moved into the case's folder and hashed
 * there, and what is still missing for their capacity (登记立案规定 第六条). `alsoSupplied` is a
 * paper attached elsewhere (a lawyer's power of attorney).
 */
export async function recordRepresentation(
  ctx: ActionContext,
  acting: { capacity: RepresentationCapacity; proofs: { kind: ProofKind; file: string }[]; alsoSupplied?: ProofKind[] },
  folder: string,
): Promise<Omit<RepresentationRecord, 'party'>> {
  const proofs = await Promise.all(
    acting.proofs.map(async (proof) => ({ kind: proof.kind, file: await attachUpload(ctx.cloud, ctx.caller.openid, proof.file, folder) })),
  );
  const status = representationStatus(acting.capacity, [...proofs.map((p) => p.kind), ...(acting.alsoSupplied ?? [])]);
  return {
    openid: ctx.caller.openid,
    actorName: ctx.caller.user?.name ?? '',
    capacity: acting.capacity,
    proofs,
    supplied: status.supplied,
    missing: status.missing,
  };
}

/** The papers of a representation as dossier documents (the registrar and the judge see them flagged in the case). */
export function representationDocuments(representation: RepresentationRecord, partyName: string, at: Date): CaseDocument[] {
  return representation.proofs.map((proof) => ({
    id: `representation-${representation.party}-${proof.file.sha256.slice(0, 16)}`,
    kind: 'representation-proof' as const,
    title: `${PROOF_KINDS[proof.kind]}（${partyName}）`,
    file: proof.file,
    at,
    by: representation.openid,
  }));
}

/** What a case or filing shows of those acting for legal persons: the capacity, the papers, what is unproven. */
export function representationView(representation: RepresentationRecord, parties: readonly StoredParty[]) {
  const state = representation.rejected ? 'rejected' : representation.missing.length > 0 ? 'unproven' : representation.examined ? 'examined' : 'to-examine';
  return {
    party: parties[representation.party]?.name ?? '',
    partyIndex: representation.party,
    capacity: CAPACITY_LABELS[representation.capacity],
    actorName: representation.actorName,
    supplied: representation.supplied.map((kind) => PROOF_KINDS[kind]),
    missing: representation.missing.map((kind) => PROOF_KINDS[kind]),
    state,
    stateLabel: { unproven: '代表资格未证明', 'to-examine': '证明材料待审核', examined: '已审核', rejected: '未获认可' }[state],
    ...(representation.rejected ? { reason: representation.rejected.reason } : {}),
  } as const;
}

import { maskMobile, maskResidentId } from '#domain/identity';
import { lookupHash, seal, type SealedValue } from '#runtime';
import type { FilingParty } from '#schemas/filing';

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

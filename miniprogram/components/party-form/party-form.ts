import type * as z from 'zod';
import type { FilingParty } from '../../../cloudfunctions/_core/schemas/filing';
import { checkMobile, checkResidentId, checkUscc } from '../../shared/identity';

/** One party as filing-submit takes it. */
export type FilingPartyInput = z.input<typeof FilingParty>;
type Natural = Extract<FilingPartyInput, { kind: 'natural' }>;
type Legal = Extract<FilingPartyInput, { kind: 'legal' }>;

/** A party as the form holds it while a person types: both kinds' fields, so switching kind loses nothing. */
export type PartyDraft = Omit<Natural, 'kind'> & Partial<Omit<Legal, 'kind' | keyof Natural>> & { kind: FilingPartyInput['kind'] };

/** The party the function takes: the fields of its kind, an empty mobile left out. */
export function toFilingParty(party: PartyDraft): FilingPartyInput {
  const common = { role: party.role, name: party.name, address: party.address, ...(party.mobile ? { mobile: party.mobile } : {}) };
  if (party.kind === 'natural') return { kind: 'natural', ...common, ...(party.idNumber ? { idNumber: party.idNumber } : {}) };
  return { kind: 'legal', ...common, uscc: party.uscc ?? '', representative: party.representative ?? '' };
}

/** Checks a party as typed: the same rules the functions apply (GB 11643, GB 32100). */
export function partyErrors(party: PartyDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (party.name.trim().length < 2) errors.name = party.kind === 'legal' ? '请填写单位全称' : '请填写姓名';
  if (party.kind === 'natural') {
    if (party.idNumber) {
      const check = checkResidentId(party.idNumber);
      if (!check.ok) errors.idNumber = check.reason;
    } else if (party.role === 'plaintiff') errors.idNumber = '请填写原告的身份证号码';
  } else {
    const check = checkUscc(party.uscc ?? '');
    if (!check.ok) errors.uscc = check.reason;
    if ((party.representative ?? '').trim().length < 2) errors.representative = '请填写法定代表人姓名';
  }
  if (party.mobile && !checkMobile(party.mobile)) errors.mobile = '手机号码格式不正确';
  if (party.address.trim().length < 5) errors.address = '住所地请写到街道门牌';
  return errors;
}

/** One party of a complaint: natural or legal person, checked as typed. */
Component({
  properties: {
    party: { type: Object, value: { kind: 'natural', role: 'plaintiff', name: '', address: '' } as PartyDraft },
    index: { type: Number, value: 0 },
    title: { type: String, value: '当事人' },
  },
  data: { errors: {} as Record<string, string> },
  methods: {
    update(field: keyof PartyDraft, value: string) {
      const party = { ...(this.data.party as PartyDraft), [field]: value } as PartyDraft;
      const errors = partyErrors(party);
      this.setData({ party, errors });
      this.triggerEvent('change', { index: this.data.index, party, valid: Object.keys(errors).length === 0 });
    },
    onKind(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.update('kind', e.detail.value);
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = (e.currentTarget.dataset as { field: keyof PartyDraft }).field;
      this.update(field, e.detail.value);
    },
  },
});

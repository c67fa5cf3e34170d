import { maskBankAccount, maskMobile, maskResidentId, residentIdCheckChar } from '../domain/identity';
import { findPersonalData, maskPersonalData, redactPersonalData } from './personal-data';

const residentId = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const HU_ID = residentId('33020319800305123');
/** A card number passing Luhn (a test card). */
const CARD = '6222020200112233446';

describe('personal data in the clear', () => {
  it('finds an ID number with its check digit, a mobile and a bank card passing Luhn', () => {
    expect(findPersonalData(`身份证 ${HU_ID}，手机 13800138000，账号 ${CARD}`)).toEqual([
      { kind: 'resident-id', value: HU_ID },
      { kind: 'mobile', value: '13800138000' },
      { kind: 'bank-card', value: CARD },
    ]);
    expect(findPersonalData(`{"idNumber":"${HU_ID.slice(0, 17)}x"}`).length).toBe(HU_ID.endsWith('X') ? 1 : 0);
  });

  it('passes the masked forms', () => {
    const masked = `${maskResidentId(HU_ID)} ${maskMobile('13800138000')} ${maskBankAccount(CARD)}`;
    expect(findPersonalData(masked)).toEqual([]);
  });

  it('passes numbers that are not a person’s: a wrong check digit, a digit run inside a hash or a seal, an 11-digit amount, a timestamp', () => {
    // A wrong check digit that is not a card number either (it fails Luhn too).
    const wrongChecks = '0123456789'.split('').map((d) => `${HU_ID.slice(0, 17)}${d}`);
    const notACard = wrongChecks.find((id) => id !== HU_ID && findPersonalData(id).length === 0);
    expect(notACard).toBeDefined();
    expect(wrongChecks.filter((id) => findPersonalData(id).some((hit) => hit.kind === 'resident-id'))).toEqual([HU_ID]);
    expect(findPersonalData('a13800138000f e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toEqual([]);
    expect(findPersonalData('1765000000000 20260302100000 4111111111111112')).toEqual([]);
  });

  it('masks them in a log line, and in every text of a value', () => {
    expect(redactPersonalData(`Error: duplicate key ${HU_ID} 13800138000`)).toBe(`Error: duplicate key ${maskResidentId(HU_ID)} 138****8000`);
    expect(maskPersonalData({ parties: [{ idNumber: HU_ID, mobile: '13800138000', amountFen: 13800138000 }] })).toEqual({
      parties: [{ idNumber: maskResidentId(HU_ID), mobile: '138****8000', amountFen: 13800138000 }],
    });
  });
});

import { checkMobile, checkResidentId, checkUscc, maskBankAccount, maskMobile, maskName, maskResidentId, residentIdCheckChar, uscCheckChar } from './identity';

describe('GB 11643-1999 resident ID', () => {
  it('accepts the standard example 11010519491231002X and reads birth date and sex', () => {
    expect(checkResidentId('11010519491231002X')).toEqual({ ok: true, birthDate: '1949-12-31', sex: 'female', region: '110105' });
  });

  it('reads sex from the sequence: odd male, even female', () => {
    const prefix = '44010619900101123';
    expect(checkResidentId(prefix + residentIdCheckChar(prefix))).toMatchObject({ ok: true, sex: 'male' });
  });

  it('accepts a lower-case x', () => {
    expect(checkResidentId('11010519491231002x').ok).toBe(true);
  });

  it.each([
    ['110105194912310021', '校验位'],
    ['11010519491331002X', '出生日期'],
    ['110105202902300029', '出生日期'],
    ['991105194912310020', '地区码'],
    ['1101051949123100', '18位'],
  ])('refuses %s (%s)', (id, reason) => {
    const result = checkResidentId(id);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('refuses a birth date in the future', () => {
    const prefix = '44010620991231123';
    expect(checkResidentId(prefix + residentIdCheckChar(prefix), new Date('2026-01-01')).ok).toBe(false);
  });
});

describe('GB 32100-2015 unified social credit code', () => {
  it('accepts a valid code and computes the MOD 31 check character', () => {
    expect(checkUscc('91350100M000100Y43')).toEqual({ ok: true });
    expect(uscCheckChar('91350100M000100Y4')).toBe('3');
  });

  it.each(['91350100M000100Y44', '91350100M000100I43', '9135010M000100Y43', '01350100M000100Y43'])('refuses %s', (code) => {
    expect(checkUscc(code).ok).toBe(false);
  });
});

describe('masking for display', () => {
  it('shows region and the last four of an ID number', () => {
    expect(maskResidentId('440106199001011231')).toBe('440106********1231');
  });
  it('shows 3 + 4 digits of a mobile', () => {
    expect(maskMobile('13800138000')).toBe('138****8000');
    expect(checkMobile('13800138000')).toBe(true);
    expect(checkMobile('12800138000')).toBe(false);
  });
  it('keeps the surname and the last four of an account', () => {
    expect(maskName('胡建国')).toBe('胡**');
    expect(maskBankAccount('6222 0200 1234 5678')).toBe('************5678');
  });
});

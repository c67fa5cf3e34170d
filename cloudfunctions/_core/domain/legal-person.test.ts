import { checkUscc } from './identity';
import { creditorKey, isNamedRepresentative, missingProofs, proofCorrectionItems, requiredProofs, representationStatus, sameUscc } from './legal-person';
import { refusalAppealDueOn } from './filing';

describe('who may act for a legal person (民事诉讼法 第五十一条、第六十一条; 登记立案规定 第六条)', () => {
  it('a legal representative proves it with the business licence and the representative’s certificate; an agent with the licence and a power of attorney', () => {
    expect(requiredProofs('legal-representative')).toEqual(['business-licence', 'representative-certificate']);
    expect(requiredProofs('authorised-agent')).toEqual(['business-licence', 'authorisation']);
    expect(missingProofs('authorised-agent', ['business-licence'])).toEqual(['authorisation']);
    expect(representationStatus('legal-representative', ['business-licence', 'business-licence', 'representative-certificate'])).toEqual({
      capacity: 'legal-representative',
      supplied: ['business-licence', 'representative-certificate'],
      missing: [],
    });
  });

  it('the registered representative is matched by verified name, not by a name decorated with the company', () => {
    expect(isNamedRepresentative({ representative: '吴海涛' }, '吴海涛')).toBe(true);
    expect(isNamedRepresentative({ representative: '吴海涛' }, '广州某贸易有限公司（法定代表人 吴海涛）')).toBe(false);
    expect(isNamedRepresentative({}, '吴海涛')).toBe(false);
    expect(isNamedRepresentative({ representative: '吴海涛' }, undefined)).toBe(false);
  });

  it('a credit code is one company whatever its case; a real code passes GB 32100-2015', () => {
    expect(checkUscc('9144030071526726XG')).toEqual({ ok: true });
    expect(sameUscc('91350100m000100y43', '91350100M000100Y43')).toBe(true);
    expect(sameUscc('91350100M000100Y43', undefined)).toBe(false);
  });

  it('a correction notice names every missing paper with its party (一次性告知)', () => {
    expect(proofCorrectionItems('腾讯科技（深圳）有限公司', ['business-licence', 'authorisation'])).toEqual([
      '腾讯科技（深圳）有限公司的营业执照',
      '腾讯科技（深圳）有限公司的授权委托书',
    ]);
  });

  it('a creditor is one company by credit code, or one person by the keyed hash of their ID number', () => {
    expect(creditorKey({ uscc: '9144030071526726xg' })).toBe('uscc:9144030071526726XG');
    expect(creditorKey({ idLookup: 'abc123' })).toBe('person:abc123');
  });
});

describe('appeal against a refusal ruling (民事诉讼法 第一百五十七条、第一百七十一条)', () => {
  it('runs 10 days from service, moved off rest days (legal-rules-2 §5.4: served 09-25 → 10-05 is a holiday → 10-08)', () => {
    expect(refusalAppealDueOn('2024-09-25')).toBe('2024-10-08');
    expect(refusalAppealDueOn('2026-03-02')).toBe('2026-03-12');
  });
});

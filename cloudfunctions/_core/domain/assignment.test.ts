import { divisionHearing, drawPanel, uniform, weightOf } from './assignment';

const judges = [
  { openid: 'j-a', name: '甲', caseload: 0 },
  { openid: 'j-b', name: '乙', caseload: 4 },
  { openid: 'j-c', name: '丙', caseload: 1 },
  { openid: 'j-d', name: '丁', caseload: 9 },
];

describe('random assignment weighted by caseload', () => {
  it('is reproducible from the seed, whatever order the candidates come in', () => {
    const first = drawPanel('seed-1', judges, 3);
    expect(drawPanel('seed-1', [...judges].reverse(), 3)).toEqual(first);
    expect(new Set(first.map((j) => j.openid)).size).toBe(3);
  });

  it('favours the judge with fewer open cases in proportion to 1/(1+load)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i += 1) {
      const [presiding] = drawPanel(`s${i}`, judges, 1);
      if (presiding) counts.set(presiding.openid, (counts.get(presiding.openid) ?? 0) + 1);
    }
    const total = judges.reduce((sum, j) => sum + weightOf(j.caseload), 0);
    for (const judge of judges) expect((counts.get(judge.openid) ?? 0) / 20_000).toBeCloseTo(weightOf(judge.caseload) / total, 1);
  });

  it('draws numbers in [0, 1)', () => {
    for (let i = 0; i < 1000; i += 1) {
      const u = uniform('x', i);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('refuses a panel larger than the candidates', () => {
    expect(() => drawPanel('s', judges.slice(0, 2), 3)).toThrow(RangeError);
  });
});

describe('the division that hears an accepted case (人民法院组织法 第二十七条)', () => {
  const civil = { id: 'civil-1', name: '民事审判第一庭', hears: ['civil-first-instance'] };
  const civil2 = { id: 'civil-2', name: '民事审判第二庭', hears: ['civil-first-instance'] };
  const admin = { id: 'admin-1', name: '行政审判庭', hears: ['administrative-first-instance'] };

  it('takes the court’s one division hearing the type when the registrar names none', () => {
    expect(divisionHearing([civil, admin], 'civil-first-instance')).toEqual({ ok: true, division: civil });
    expect(divisionHearing([{ id: 'all', name: '综合审判庭' }], 'administrative-first-instance')).toMatchObject({ ok: true, division: { id: 'all' } });
  });

  it('asks the registrar to choose among several, and refuses a division of another court or of another kind', () => {
    expect(divisionHearing([civil, civil2, admin], 'civil-first-instance')).toEqual({ ok: false, reason: '请选择承办部门（民事审判第一庭、民事审判第二庭）' });
    expect(divisionHearing([civil, civil2], 'civil-first-instance', 'civil-2')).toEqual({ ok: true, division: civil2 });
    expect(divisionHearing([civil, civil2], 'civil-first-instance', 'yuexiu-civil-1')).toEqual({ ok: false, reason: '所选承办部门不属于本院' });
    expect(divisionHearing([civil, admin], 'civil-first-instance', 'admin-1')).toEqual({ ok: false, reason: '行政审判庭不审理此类案件' });
    expect(divisionHearing([admin], 'civil-first-instance')).toMatchObject({ ok: false });
  });
});

import { anonymiseJudgment, publicationBar } from './anonymise';
import { appealDeadline, collectionServiceDay, effectiveDate, publishBy } from './judgments';

// legal-rules-2 §5.4, the test vectors of service, appeal, effect and publication.
describe('judgments served, appealed, effective, published (§5.4)', () => {
  it('1. served 06-03 and 06-05 → appeal until 06-18 and 06-20 → effective 06-21 → publish by 07-02', () => {
    const deadlines = [appealDeadline('2024-06-03', 'judgment'), appealDeadline('2024-06-05', 'judgment')];
    expect(deadlines).toEqual(['2024-06-18', '2024-06-20']);
    expect(effectiveDate(deadlines)).toBe('2024-06-21');
    expect(publishBy('2024-06-21')).toBe('2024-07-02');
    expect(effectiveDate([deadlines[0], undefined])).toBeUndefined();
  });

  it('2. a dismissal ruling served 09-25 → 10 days end on the holiday 10-05 → 10-08', () => {
    expect(appealDeadline('2024-09-25', 'ruling')).toBe('2024-10-08');
  });

  it('3. a Hong Kong party served 03-01 → 30 days end on Sunday 03-31 → 04-01', () => {
    expect(appealDeadline('2024-03-01', 'judgment', true)).toBe('2024-04-01');
  });

  it('4. simplified, a 7-day collection period from 05-20, not collected → served 05-27; appeal until 06-11', () => {
    const served = collectionServiceDay('2024-05-20', 7);
    expect(served).toBe('2024-05-27');
    expect(appealDeadline(served, 'judgment')).toBe('2024-06-11');
    expect(collectionServiceDay('2024-05-20', 7, '2024-05-22')).toBe('2024-05-22');
  });

  it('5. divorce is not published; inheritance names to 某; companies keep their names, bank accounts deleted', () => {
    expect(publicationBar({ kind: 'divorce' })).toMatch(/第四条/);
    expect(
      anonymiseJudgment(
        '原告张三与被告张四继承纠纷一案',
        [
          { name: '张三', role: 'party' },
          { name: '张四', role: 'party' },
        ],
        'inheritance',
      ).text,
    ).not.toContain('张三');
    const companies = anonymiseJudgment('原告广州甲有限公司诉被告广州乙有限公司，款项汇入账号6222020200112233445。', [], 'civil');
    expect(companies.text).toContain('广州甲有限公司');
    expect(companies.text).not.toContain('6222020200112233445');
  });
});

import { caseDeadlines, compareByNext, countDeadlines, decisionFacts, deadlineState, nextDeadline } from './case-deadlines';
import { feeDueOn, reviewDueOn } from './filing';
import { decisionEffect } from './judgments';
import { transcriptDueOn } from './online-hearing';
import { limitExpiry } from './trial-limits';

/** Noon in China on a day. */
const at = (day: string, time = '12:00') => new Date(`${day}T${time}:00+08:00`);

describe('a case’s deadlines of every kind, each with its article', () => {
  it('a filing received 2024-06-03 is reviewed by 06-11 (7 days end on the 端午 holiday 06-10): due soon on 06-10, overdue on 06-12', () => {
    const due = reviewDueOn('2024-06-03');
    expect(due).toBe('2024-06-11');
    expect(caseDeadlines({ reviewDueOn: due }, at('2024-06-10'))).toEqual([
      { kind: 'filing-review', label: '法院审查期限', date: '2024-06-11', daysLeft: 1, state: 'due-soon', basis: '登记立案规定 第八条' },
    ]);
    expect(caseDeadlines({ reviewDueOn: due }, at('2024-06-12'))[0]).toMatchObject({ state: 'overdue', daysLeft: -1 });
    expect(caseDeadlines({ reviewDueOn: due }, at('2024-06-04'))[0]).toMatchObject({ state: 'later', daysLeft: 7 });
  });

  it('an unpaid fee noticed 2024-06-03 is due 06-11; a paid fee has no deadline (诉讼费用交纳办法 第二十二条)', () => {
    const dueOn = feeDueOn('2024-06-03');
    const [fee] = caseDeadlines({ fee: { state: 'unpaid', dueOn } }, at('2024-06-08'));
    expect(fee).toMatchObject({ kind: 'fee-payment', date: dueOn, state: 'due-soon', basis: '诉讼费用交纳办法 第二十二条' });
    expect(caseDeadlines({ fee: { state: 'paid', dueOn } }, at('2024-06-08'))).toEqual([]);
  });

  it('the next hearing counts until it starts; a cancelled one never', () => {
    const hearings = [
      { startsAt: at('2024-06-20', '09:30') },
      { startsAt: at('2024-06-14', '09:30'), cancelled: true },
      { startsAt: at('2024-06-17', '14:00') },
    ];
    expect(caseDeadlines({ hearings }, at('2024-06-13'))).toEqual([
      { kind: 'hearing', label: '开庭', date: '2024-06-17', daysLeft: 4, state: 'later', basis: '民事诉讼法 第一百三十九条' },
    ]);
    expect(caseDeadlines({ hearings }, at('2024-06-17', '15:00'))[0]).toMatchObject({ date: '2024-06-20', state: 'due-soon' });
    expect(caseDeadlines({ hearings }, at('2024-06-21'))).toEqual([]);
  });

  it('a transcript of a hearing on 06-14 is signed by 06-19 (民事诉讼法 第一百五十条)', () => {
    const [t] = caseDeadlines({ transcripts: [{ dueOn: transcriptDueOn('2024-06-14') }] }, at('2024-06-18'));
    expect(t).toMatchObject({ kind: 'transcript-signatures', date: '2024-06-19', state: 'due-soon', basis: '民事诉讼法 第一百五十条' });
  });

  it('§4.6 vector 1: ordinary, filed 2024-01-10 → the limit ends 07-10: due soon from 30 days before, with its procedure’s article', () => {
    const { expiresOn, basis } = limitExpiry({ procedure: 'ordinary', filedOn: '2024-01-10' });
    const trialLimit = { expiresOn, basis: basis[0] as string };
    expect(caseDeadlines({ trialLimit }, at('2024-06-09'))[0]).toMatchObject({ kind: 'trial-limit', date: '2024-07-10', state: 'later' });
    expect(caseDeadlines({ trialLimit }, at('2024-06-10'))[0]).toMatchObject({ state: 'due-soon', daysLeft: 30, basis: '民事诉讼法 第一百五十二条' });
    expect(caseDeadlines({ trialLimit }, at('2024-07-11'))[0]).toMatchObject({ state: 'overdue' });
  });

  it('§5.4 vector 1: served 06-03 and 06-05 → each party’s appeal to 06-18 and 06-20; effective 06-21 → published by 07-02', () => {
    const served = { servedOn: { 0: '2024-06-03', 1: '2024-06-05' }, parties: [0, 1], appealKind: 'judgment' as const };
    const names = ['胡建国', '广州小鸣单车科技有限公司'];
    const during = (today: string) =>
      decisionFacts({ effect: decisionEffect({ ...served, today }), partyNames: names, publish: true, published: false, refundOwed: true, today });
    expect(caseDeadlines(during('2024-06-10'), at('2024-06-10'))).toEqual([
      {
        kind: 'appeal',
        label: '胡建国上诉期限届满',
        date: '2024-06-18',
        daysLeft: 8,
        state: 'later',
        basis: '民事诉讼法 第一百七十一条、第二百八十六条；民诉法解释 第二百四十四条',
        party: 0,
      },
      expect.objectContaining({ kind: 'appeal', label: '广州小鸣单车科技有限公司上诉期限届满', date: '2024-06-20' }),
    ]);
    // The first party's period has run out: only the second's is still running.
    expect(caseDeadlines(during('2024-06-19'), at('2024-06-19')).map((d) => d.date)).toEqual(['2024-06-20']);
    // Effective: publication within 7 working days, the refund within 15 days (诉讼费用交纳办法 第五十三条).
    expect(caseDeadlines(during('2024-06-21'), at('2024-06-21'))).toEqual([
      expect.objectContaining({ kind: 'publication', date: '2024-07-02', state: 'later', basis: expect.stringContaining('第七条') }),
      expect.objectContaining({ kind: 'fee-refund', date: '2024-07-06', state: 'later' }),
    ]);
  });

  it('a party who appealed has no period running, the other’s runs on; a published or withheld decision has no publication due', () => {
    const effect = decisionEffect({
      appealKind: 'judgment',
      parties: [0, 1],
      servedOn: { 0: '2024-06-03', 1: '2024-06-05' },
      appealed: [1],
      today: '2024-06-10',
    });
    expect(decisionFacts({ effect, partyNames: ['甲', '乙'], publish: true, published: false, refundOwed: false, today: '2024-06-10' })).toEqual({
      appeals: [{ party: '甲', index: 0, appealBy: '2024-06-18' }],
    });
    const effective = decisionEffect({ appealKind: 'judgment', parties: [0], servedOn: { 0: '2024-06-03' }, today: '2024-07-01' });
    expect(decisionFacts({ effect: effective, partyNames: [], publish: true, published: true, refundOwed: false, today: '2024-07-01' })).toEqual({});
    expect(decisionFacts({ effect: effective, partyNames: [], publish: false, published: false, refundOwed: false, today: '2024-07-01' })).toEqual({});
  });

  it('orders a case’s deadlines by day, counts them per kind and state, and orders cases by their next one', () => {
    const today = at('2024-06-10');
    const a = caseDeadlines(
      { fee: { state: 'unpaid', dueOn: '2024-06-05' }, hearings: [{ startsAt: at('2024-06-12', '09:00') }], trialLimit: { expiresOn: '2024-09-01' } },
      today,
    );
    expect(a.map((d) => [d.kind, d.state])).toEqual([
      ['fee-payment', 'overdue'],
      ['hearing', 'due-soon'],
      ['trial-limit', 'later'],
    ]);
    expect(countDeadlines(a)).toEqual({
      byKind: {
        'filing-review': 0,
        'fee-payment': 1,
        hearing: 1,
        'transcript-signatures': 0,
        'trial-limit': 1,
        appeal: 0,
        publication: 0,
        'fee-refund': 0,
      },
      byState: { overdue: 1, 'due-soon': 1, later: 1 },
    });
    const b = caseDeadlines({ trialLimit: { expiresOn: '2024-06-11' } }, today);
    const cases = [
      { id: 'none', next: undefined },
      { id: 'b', next: nextDeadline(b) },
      { id: 'a', next: nextDeadline(a) },
    ];
    expect(cases.sort((x, y) => compareByNext(x.next, y.next)).map((c) => c.id)).toEqual(['a', 'b', 'none']);
    expect(deadlineState('trial-limit', '2024-06-10', '2024-06-10')).toBe('due-soon');
  });
});

import { caseFee } from './filing';
import { addWorkingDays } from './deadlines';
import {
  canMove,
  checkTerms,
  confirmationDeadline,
  confirmationBarOf,
  confirmationDecisionDue,
  effectiveOn,
  mediationPeriod,
  obligationsOf,
  renderAgreement,
  servedEffectOn,
  stepDueOn,
} from './mediation';

describe('legal-rules-2 §2.5: the test vectors', () => {
  it('1. the agreement takes effect 2024-03-01: the joint confirmation application is due 03-31, a Sunday, so 04-01 (民事诉讼法 第二百零五条、第八十五条)', () => {
    expect(confirmationDeadline('2024-03-01')).toBe('2024-04-01');
  });

  it('2. the mediator accepts 2024-09-10: pre-filing mediation ends 10-10; appraisal 09-20 to 09-30 excluded, 10-20 (在线调解规则 第二十四条、第二十六条)', () => {
    expect(mediationPeriod({ track: 'pre-filing', startOn: '2024-09-10' })).toMatchObject({ endOn: '2024-10-10', excludedDays: 0 });
    expect(mediationPeriod({ track: 'pre-filing', startOn: '2024-09-10', excluded: [{ from: '2024-09-20', to: '2024-09-30' }] })).toMatchObject({
      endOn: '2024-10-20',
      excludedDays: 10,
    });
  });

  it('3. simplified, consent 07-01: ends 07-08; extended by consent to 07-20, 12 days are not counted in the trial limit (民事调解规定 第四条)', () => {
    expect(mediationPeriod({ track: 'simplified', startOn: '2024-07-01' })).toMatchObject({ endOn: '2024-07-08', extensionDays: 0 });
    expect(mediationPeriod({ track: 'simplified', startOn: '2024-07-01', extendedTo: ['2024-07-20'] })).toMatchObject({
      endOn: '2024-07-20',
      nominalEndOn: '2024-07-08',
      extensionDays: 12,
    });
    expect(mediationPeriod({ track: 'ordinary', startOn: '2024-07-01' }).endOn).toBe('2024-07-16');
  });

  it('4. a 调解书 signed for on 05-06 and 05-08 takes effect 05-08; one party refusing leaves it without effect (民诉法解释 第一百四十九条; 民事诉讼法 第一百零二条)', () => {
    const signed = [
      { who: 'plaintiff', on: '2024-05-06' },
      { who: 'defendant', on: '2024-05-08' },
    ];
    expect(effectiveOn(['plaintiff', 'defendant'], signed)).toBe('2024-05-08');
    expect(effectiveOn(['plaintiff', 'defendant'], signed.slice(0, 1))).toBeNull();
    expect(effectiveOn(['plaintiff', 'defendant'], signed.slice(0, 1), ['defendant'])).toBeNull();
  });

  it('5. a fee of 8,800 yuan closed by mediation is 4,400 (诉讼费用交纳办法 第十五条); a refusal to e-sign terminates the mediation (在线调解规则 第二十五条第七项)', () => {
    const record = { feeKind: 'general' as const, amountFen: 50_000_000, procedure: 'ordinary' as const };
    expect(caseFee(record).feeFen).toBe(880_000);
    expect(caseFee(record, { outcome: 'mediation' }).feeFen).toBe(440_000);
    expect(canMove('in-session', 'terminated')).toBe(true);
    expect(canMove('terminated', 'signed')).toBe(false);
  });
});

describe('working days (在线调解规则 第十条、第十二条、第十五条)', () => {
  it('skips weekends and the National Day holiday, and counts a make-up Saturday', () => {
    // Fri 2024-09-27 + 2 working days: Sun 09-29 is a make-up working day, Mon 09-30 the next.
    expect(addWorkingDays('2024-09-27', 2)).toBe('2024-09-30');
    // Mon 2024-09-30 + 3: 10-01..07 rest, Tue 10-08, Wed 10-09, Thu 10-10.
    expect(stepDueOn('acceptance', '2024-09-30')).toBe('2024-10-10');
    expect(stepDueOn('joint-choice', '2026-03-02')).toBe('2026-03-04');
    expect(stepDueOn('designation', '2026-03-06')).toBe('2026-03-11');
  });
});

describe('the flow of §2.2', () => {
  it('returns only from screening, and ends in a filing or a resumed case only after failure or termination', () => {
    expect(canMove('applied', 'returned')).toBe(true);
    expect(canMove('in-session', 'returned')).toBe(false);
    expect(canMove('failed', 'filed')).toBe(true);
    expect(canMove('signed', 'filed')).toBe(false);
    expect(canMove('closed', 'confirmation')).toBe(true);
  });
});

describe('the agreement (在线调解规则 第十九条)', () => {
  const terms = [
    {
      debtor: 1,
      creditor: 0,
      amountFen: 45_000_000,
      instalments: [
        { amountFen: 25_000_000, dueOn: '2026-04-30' },
        { amountFen: 20_000_000, dueOn: '2026-05-31' },
      ],
    },
  ];
  it('renders the structured terms, instalments included, into the text every signer sees', () => {
    const text = renderAgreement({
      title: '调解协议',
      parties: [
        { name: '胡建国', role: '申请人' },
        { name: '广州某贸易有限公司', role: '被申请人' },
      ],
      mediator: '陈法官',
      facts: '买卖合同货款纠纷',
      terms,
      feeBearing: '由被申请人负担',
      version: 1,
    });
    expect(text).toContain('广州某贸易有限公司向胡建国支付450000元，分2期支付：第1期于2026-04-30前支付250000元；第2期于2026-05-31前支付200000元。');
    expect(text).toContain('案件受理费的负担：由被申请人负担');
    // Each instalment kept, for enforcement once its own day has passed; the two years run from the last (民事诉讼法 第二百五十条).
    expect(obligationsOf(terms)).toEqual([
      {
        debtor: 1,
        creditor: 0,
        amountFen: 45_000_000,
        dueOn: '2026-05-31',
        instalments: [
          { amountFen: 25_000_000, dueOn: '2026-04-30' },
          { amountFen: 20_000_000, dueOn: '2026-05-31' },
        ],
      },
    ]);
  });

  it('refuses instalments that do not add up, a party paying itself, and an empty agreement', () => {
    expect(checkTerms([{ debtor: 1, creditor: 0, amountFen: 100, instalments: [{ amountFen: 50, dueOn: '2026-04-01' }] }], 2)).toEqual([
      '第1项：分期金额合计0.50元与给付总额1元不符',
    ]);
    expect(checkTerms([{ debtor: 0, creditor: 0, amountFen: 100 }], 2)).toEqual(['第1项：履行方与接受方不能是同一当事人']);
    expect(checkTerms([], 2)).toEqual(['调解协议至少应有一项内容']);
  });
});

describe('judicial confirmation (司法确认程序规定 第五条)', () => {
  it('is decided within 15 days of acceptance, 25 with the president’s approval', () => {
    expect(confirmationDecisionDue('2026-03-02', false)).toBe('2026-03-17');
    expect(confirmationDecisionDue('2026-03-02', true)).toBe('2026-03-27');
  });
});

describe('a confirmation ruling takes effect on the last party’s service (民事诉讼法 第一百五十八条、第一百八十五条)', () => {
  it('waits for every party, each counted by its first service', () => {
    expect(servedEffectOn(2, [{ party: 0, servedOn: '2026-03-02' }])).toBeUndefined();
    expect(servedEffectOn(2, [{ party: 0, servedOn: '2026-03-02' }, { party: 1 }])).toBeUndefined();
    expect(
      servedEffectOn(2, [
        { party: 0, servedOn: '2026-03-02' },
        { party: 1, servedOn: '2026-03-09' },
        { party: 1, servedOn: '2026-03-05' },
      ]),
    ).toBe('2026-03-05');
  });
});

describe('what 民诉法解释 第三百五十五条 bars, by the cause', () => {
  it('a status relation (第三项) or the ownership of property or IP (第五项), never a money claim between the same people', () => {
    for (const cause of ['离婚纠纷', '确认亲子关系纠纷', '解除收养关系纠纷', '婚姻无效纠纷']) expect(confirmationBarOf(cause)).toBe('status');
    for (const cause of ['所有权确认纠纷', '专利权权属纠纷', '著作权权属纠纷']) expect(confirmationBarOf(cause)).toBe('ownership');
    for (const cause of ['买卖合同纠纷', '离婚后财产纠纷', '抚养费纠纷', '民间借贷纠纷']) expect(confirmationBarOf(cause)).toBeUndefined();
  });
});

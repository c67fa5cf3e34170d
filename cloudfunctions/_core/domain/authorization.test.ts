import type { GlobalRole } from '../contract/base';
import {
  decide,
  holdsPower,
  memberHolds,
  Permissions,
  PERMISSIONS,
  refusalMessage,
  UnitRoles,
  type CaseMember,
  type PermissionRule,
  type Matter,
  type Subject,
} from './authorization';

const NOW = new Date('2026-03-02T02:00:00Z');

/** Someone as the model sees them: a citizen (no staff record), or staff of a court and division. */
const citizen = (openid: string, roles: GlobalRole[] = ['party']): Subject => ({ openid, roles: new Set(roles), staff: null });
const staff = (openid: string, courtId: string, divisionId: string | undefined, roles: GlobalRole[], active = true): Subject => ({
  openid,
  roles: new Set(active ? roles : []),
  staff: { courtId, divisionId, roles, active },
});

// Mr Hu sues a company; Ms Lin is his lawyer; the company's representative joined and awaits examination.
const members: CaseMember[] = [
  { openid: 'hu', role: 'plaintiff', for: '0' },
  { openid: 'lin', role: 'agent', for: '0', powers: ['receive-service', 'settle'] },
  { openid: 'wu', role: 'defendant', for: '1' },
  { openid: 'ex-agent', role: 'agent', for: '0', revokedAt: new Date('2026-03-01T02:00:00Z') },
  { openid: 'plain-agent', role: 'agent', for: '0' },
  { openid: 'chen', role: 'presiding-judge' },
  { openid: 'wang', role: 'clerk' },
];
const matter: Matter = {
  courtId: 'tianhe',
  divisionId: 'civil-1',
  members,
  parties: [{ role: 'plaintiff' }, { role: 'defendant' }],
  representations: [{ openid: 'wu', party: 1 }],
};
const holds = (subject: Subject, permission: keyof typeof Permissions, on: Matter = matter) => decide(subject, on, permission, NOW).ok;

describe('case roles', () => {
  it('grants a party what its side may do, and a stranger nothing, whatever they hold elsewhere', () => {
    expect(holds(citizen('hu'), 'evidence.add')).toBe(true);
    expect(holds(citizen('hu'), 'hearing.schedule')).toBe(false);
    expect(holds(citizen('stranger'), 'case.read')).toBe(false);
    expect(holds(citizen('stranger', ['party', 'lawyer']), 'dossier.read')).toBe(false);
  });

  it('acts as the first grant: the member’s own role, an agent with the party it acts for', () => {
    expect(decide(citizen('lin'), matter, 'evidence.add', NOW)).toEqual({ ok: true, grants: [{ via: 'case', role: 'agent', member: members[1] }] });
  });

  it('limits a permission of one side to that side, an agent by the party it acts for (诉讼费用交纳办法 第二十条: the plaintiff pays in advance)', () => {
    expect(holds(citizen('hu'), 'fee.pay')).toBe(true);
    expect(holds(citizen('lin'), 'fee.pay')).toBe(true);
    const forDefendant: Matter = { ...matter, members: [...members, { openid: 'zhao', role: 'agent', for: '1' }] };
    expect(holds(citizen('zhao'), 'fee.pay', forDefendant)).toBe(false);
    expect(holds(citizen('zhao'), 'evidence.add', forDefendant)).toBe(true);
  });

  it('ends an agent’s every grant the instant its mandate is revoked (民事诉讼法 第六十三条)', () => {
    expect(holds(citizen('ex-agent'), 'case.read')).toBe(false);
    expect(decide(citizen('ex-agent'), matter, 'case.read', new Date('2026-02-28T02:00:00Z')).ok).toBe(true);
  });

  it('gives one who joined for a company nothing until the court examines the papers, and says why (民诉法解释 第五十条)', () => {
    const refused = decide(citizen('wu'), matter, 'dossier.read', NOW);
    expect(refused).toEqual({ ok: false, refusal: 'pending' });
    expect(refusalMessage(refused as Extract<typeof refused, { ok: false }>, 'dossier.read')).toContain('正待法院审核');
    const examined: Matter = { ...matter, representations: [{ openid: 'wu', party: 1, examined: { by: 'chen', at: NOW } }] };
    expect(holds(citizen('wu'), 'dossier.read', examined)).toBe(true);
  });
});

describe('an agent’s powers (民事诉讼法 第六十二条)', () => {
  it('holds a special power only when the power of attorney names it; "全权代理" alone names none', () => {
    expect(holdsPower({ powers: ['settle'] }, 'settle')).toBe(true);
    expect(holdsPower({}, 'settle')).toBe(false);
    expect(holdsPower({}, 'receive-service')).toBe(true);
    expect(holdsPower({ powers: ['settle'] }, 'receive-service')).toBe(false);
  });

  it('refuses an agent without the power, naming it; the party itself needs none', () => {
    expect(holds(citizen('lin'), 'settlement.make')).toBe(true);
    const refused = decide(citizen('plain-agent'), matter, 'appeal.file', NOW);
    expect(refused).toEqual({ ok: false, refusal: 'power', power: 'appeal' });
    expect(refusalMessage(refused as Extract<typeof refused, { ok: false }>, 'appeal.file')).toBe(
      '您的授权委托书未授予“代为提起上诉”的权限，不能提起上诉（民事诉讼法 第六十二条）',
    );
    expect(holds(citizen('hu'), 'appeal.file')).toBe(true);
  });

  it('serves an agent only with the power to receive service', () => {
    expect(memberHolds(matter, members[1] as CaseMember, 'service.receive', NOW)).toBe(true);
    expect(memberHolds(matter, { openid: 'x', role: 'agent', for: '0', powers: ['settle'] }, 'service.receive', NOW)).toBe(false);
    expect(memberHolds(matter, members[3] as CaseMember, 'service.receive', NOW)).toBe(false);
    expect(memberHolds(matter, members[2] as CaseMember, 'service.receive', NOW)).toBe(false);
  });
});

describe('court and division boundaries', () => {
  it('counts a staff member’s case role only while active, and only in the case’s own court', () => {
    expect(holds(staff('chen', 'tianhe', 'civil-1', ['judge']), 'hearing.schedule')).toBe(true);
    expect(holds(staff('chen', 'tianhe', 'civil-1', ['judge'], false), 'hearing.schedule')).toBe(false);
    expect(holds(staff('chen', 'yuexiu', 'civil-1', ['judge']), 'hearing.schedule')).toBe(false);
    expect(holds(citizen('chen'), 'case.read')).toBe(false);
  });

  it('lets a division leader read and assign his own division’s cases, not another’s, and none of another court', () => {
    expect(holds(staff('sun', 'tianhe', 'civil-1', ['leader', 'judge']), 'case.read')).toBe(true);
    expect(holds(staff('sun', 'tianhe', 'civil-1', ['leader', 'judge']), 'case.assign')).toBe(true);
    expect(holds(staff('qian', 'tianhe', 'civil-2', ['leader']), 'case.read')).toBe(false);
    expect(holds(staff('qian', 'tianhe', 'civil-2', ['leader']), 'case.assign')).toBe(false);
    expect(holds(staff('li', 'yuexiu', 'civil-1', ['leader']), 'case.read')).toBe(false);
    expect(holds(staff('sun', 'tianhe', 'civil-1', ['leader'], false), 'case.read')).toBe(false);
    // A case with no division yet: only court-wide roles reach it.
    expect(holds(staff('sun', 'tianhe', 'civil-1', ['leader']), 'case.assign', { ...matter, divisionId: undefined })).toBe(false);
    expect(holds(staff('reg', 'tianhe', 'filing', ['registrar']), 'case.assign', { ...matter, divisionId: undefined })).toBe(true);
  });

  it('lets the president reach every case of the court, and approve what only he approves', () => {
    expect(holds(staff('pres', 'tianhe', undefined, ['president']), 'case.read')).toBe(true);
    expect(holds(staff('pres', 'tianhe', undefined, ['president']), 'limit.decide')).toBe(true);
    expect(holds(staff('pres', 'yuexiu', undefined, ['president']), 'case.read')).toBe(false);
    expect(holds(staff('sun', 'tianhe', 'civil-1', ['leader']), 'limit.decide')).toBe(false);
  });

  it('keeps deliberation to the panel and the president: never a party, a clerk reading, or the division leader', () => {
    expect(holds(staff('chen', 'tianhe', 'civil-1', ['judge']), 'deliberation.read')).toBe(true);
    expect(holds(staff('pres', 'tianhe', undefined, ['president']), 'deliberation.read')).toBe(true);
    expect(holds(citizen('hu'), 'deliberation.read')).toBe(false);
    expect(holds(citizen('lin'), 'deliberation.read')).toBe(false);
    expect(holds(staff('wang', 'tianhe', 'civil-1', ['clerk']), 'deliberation.read')).toBe(false);
    expect(holds(staff('sun', 'tianhe', 'civil-1', ['leader']), 'deliberation.read')).toBe(false);
  });

  it('gives a filing under review to the registrars of its court alone', () => {
    const filing: Matter = { courtId: 'tianhe', members: [{ openid: 'hu', role: 'plaintiff', for: '0' }], parties: [{ role: 'plaintiff' }] };
    expect(holds(staff('reg', 'tianhe', 'filing', ['registrar']), 'filing.review', filing)).toBe(true);
    expect(holds(staff('reg2', 'yuexiu', 'filing', ['registrar']), 'filing.review', filing)).toBe(false);
    expect(holds(staff('sun', 'tianhe', 'civil-1', ['leader']), 'filing.read', filing)).toBe(false);
    expect(holds(citizen('hu'), 'filing.read', filing)).toBe(true);
    expect(holds(citizen('hu'), 'filing.review', filing)).toBe(false);
  });
});

describe('global roles', () => {
  it('lets an approved lawyer file for a client, and no one else, with the reason', () => {
    const none: Matter = { courtId: '', members: [] };
    expect(holds(citizen('lin', ['party', 'lawyer']), 'filing.file-as-agent', none)).toBe(true);
    const refused = decide(citizen('hu'), none, 'filing.file-as-agent', NOW);
    expect(refused.ok).toBe(false);
    expect(refusalMessage(refused as Extract<typeof refused, { ok: false }>, 'filing.file-as-agent')).toBe('代为立案须为经法院审核通过的律师');
  });
});

describe('the table', () => {
  it('names a Chinese label, known case roles and unit roles for every permission, and rests each unit role on a staff role', () => {
    for (const name of PERMISSIONS) {
      const rule: PermissionRule = Permissions[name];
      expect(rule.label).toMatch(/[\u4e00-\u9fff]/);
      expect(rule.case.length + (rule.unit?.length ?? 0) + (rule.global?.length ?? 0)).toBeGreaterThan(0);
    }
    for (const unit of Object.values(UnitRoles))
      expect(['leader', 'president', 'registrar', 'judge', 'clerk', 'administrator', 'mediation-office']).toContain(unit.staffRole);
  });

  it('answers a stranger the same whether or not the case exists', () => {
    expect(refusalMessage({ ok: false, refusal: 'stranger' }, 'dossier.read')).toBe(refusalMessage({ ok: false, refusal: 'stranger' }, 'case.read'));
  });
});

describe('a judicial confirmation (司法确认)', () => {
  // A pre-filing mediation whose confirmation Judge Zhou (civil-1) accepted: he is its 承办法官.
  const mediation: Matter = {
    courtId: 'tianhe',
    divisionId: 'civil-1',
    members: [
      { openid: 'hu', role: 'plaintiff', for: '0' },
      { openid: 'wu', role: 'defendant', for: '1' },
      { openid: 'liang', role: 'mediator' },
      { openid: 'zhou', role: 'presiding-judge' },
    ],
    parties: [{ role: 'plaintiff' }, { role: 'defendant' }],
  };
  const zhou = staff('zhou', 'tianhe', 'civil-1', ['judge']);

  it('the deciding judge reads the mediation and rules; a judge of another division, or of his own who did not accept it, does neither', () => {
    expect(decide(zhou, mediation, 'mediation.read', NOW).ok).toBe(true);
    expect(decide(zhou, mediation, 'confirmation.rule', NOW).ok).toBe(true);
    for (const judge of [staff('feng', 'tianhe', 'civil-2', ['judge']), staff('wu-judge', 'tianhe', 'civil-1', ['judge'])]) {
      expect(decide(judge, mediation, 'mediation.read', NOW).ok).toBe(false);
      expect(decide(judge, mediation, 'confirmation.rule', NOW).ok).toBe(false);
      // Any judge of the court may still accept a pending application (and so become its judge).
      expect(decide(judge, mediation, 'confirmation.decide', NOW).ok).toBe(true);
    }
    expect(decide(staff('zhou-elsewhere', 'yuexiu', 'civil-1', ['judge']), mediation, 'confirmation.decide', NOW).ok).toBe(false);
  });
});

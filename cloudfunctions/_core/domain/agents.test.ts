import { agentSlotProblem, MAX_AGENTS_PER_PARTY, namedPowers, powersText, type AgentPower } from './agents';
import { decide, memberHolds, refusalMessage, type CaseMember, type Matter, type Subject } from './authorization';

/** legal-rules-2.md §8.5: the test vectors on agents and powers of attorney (民事诉讼法 第六十一条至第六十三条). */

const lawyer = (openid: string): Subject => ({ openid, roles: new Set(['party', 'lawyer']), staff: null });
const matterWith = (powers: readonly AgentPower[] | undefined, extra: Partial<CaseMember> = {}): Matter => ({
  courtId: 'tianhe',
  parties: [{ role: 'plaintiff' }, { role: 'defendant' }],
  members: [
    { openid: 'hu', role: 'plaintiff', for: '0' },
    { openid: 'lin', role: 'agent', for: '1', ...(powers ? { powers } : {}), ...extra },
  ],
});
const NOW = new Date('2024-05-20T02:00:00Z');

describe('§8.5 vector 1: "全权代理" alone grants none of the special powers (第六十二条)', () => {
  it('refuses a settlement, an appeal, an admission or a counterclaim under a general grant, and accepts an appeal where "代为上诉" is named', () => {
    // A power of attorney saying only "全权代理": no power named, or only receiving service.
    for (const general of [undefined, [] as AgentPower[], ['receive-service'] as AgentPower[]]) {
      for (const permission of ['appeal.file', 'settlement.make', 'claim.admit', 'claim.waive', 'claim.modify', 'counterclaim.file'] as const) {
        const decision = decide(lawyer('lin'), matterWith(general), permission, NOW);
        expect(decision).toMatchObject({ ok: false, refusal: 'power' });
        if (!decision.ok) expect(refusalMessage(decision, permission)).toContain('第六十二条');
      }
      expect(decide(lawyer('lin'), matterWith(general), 'evidence.add', NOW).ok).toBe(true);
    }
    expect(decide(lawyer('lin'), matterWith(['appeal']), 'appeal.file', NOW).ok).toBe(true);
    expect(decide(lawyer('lin'), matterWith(['appeal']), 'settlement.make', NOW).ok).toBe(false);
  });
});

describe('§8.5 vector 2: at most two agents per party (第六十一条)', () => {
  it('refuses a third agent, counts only mandates that still run, and one mandate per person and party', () => {
    expect(MAX_AGENTS_PER_PARTY).toBe(2);
    const two = [
      { openid: 'lin', party: '1' },
      { openid: 'zhang', party: '1' },
    ];
    expect(agentSlotProblem(two, '1', 'qian')).toContain('第六十一条');
    expect(agentSlotProblem(two, '0', 'qian')).toBeNull();
    expect(
      agentSlotProblem(
        [
          { openid: 'lin', party: '1' },
          { openid: 'zhang', party: '1', ended: true },
        ],
        '1',
        'qian',
      ),
    ).toBeNull();
    expect(agentSlotProblem([{ openid: 'lin', party: '1' }], '1', 'lin')).not.toBeNull();
  });
});

describe('§8.5 vector 3: enforcement money paid to the agent only with exec_collect_money (执行工作规定 第二十条)', () => {
  it('grants collecting only to the power that names it', () => {
    const applicantSide = (powers: AgentPower[]): Matter => ({
      courtId: 'tianhe',
      parties: [{ role: 'plaintiff' }],
      members: [{ openid: 'lin', role: 'agent', for: '0', powers }],
    });
    expect(decide(lawyer('lin'), applicantSide(['receive-service', 'settle', 'exec-settle']), 'enforcement.collect', NOW)).toMatchObject({
      ok: false,
      power: 'exec-collect-money',
    });
    expect(decide(lawyer('lin'), applicantSide(['exec-collect-money']), 'enforcement.collect', NOW).ok).toBe(true);
  });
});

describe('§8.5 vector 4: revoked 2024-05-20 (第六十三条)', () => {
  it('ends access that day, and service on the old address on 05-21 is no service on the party', () => {
    const revoked = matterWith(['receive-service', 'appeal'], { revokedAt: NOW });
    const lin = revoked.members[1];
    if (!lin) throw new Error('unreachable');
    expect(decide(lawyer('lin'), revoked, 'case.read', new Date('2024-05-19T09:00:00Z')).ok).toBe(true);
    expect(decide(lawyer('lin'), revoked, 'case.read', new Date('2024-05-20T08:00:00Z')).ok).toBe(false);
    expect(memberHolds(revoked, lin, 'service.receive', new Date('2024-05-21T02:00:00Z'))).toBe(false);
    expect(memberHolds(revoked, lin, 'service.receive', new Date('2024-05-19T02:00:00Z'))).toBe(true);
  });
});

describe('§8.5 vector 5: a former agent reads a closed case for a retrial application (律师阅卷规定 第一条、第五条)', () => {
  const revoked = matterWith(['appeal'], { revokedAt: NOW });
  const later = new Date('2025-03-01T02:00:00Z');
  it('reads the main file of the archived case, and nothing else of it', () => {
    const archived: Matter = { ...revoked, archive: { archivedAt: new Date('2024-12-01T02:00:00Z') } };
    expect(decide(lawyer('lin'), archived, 'dossier.read', later).ok).toBe(true);
    expect(decide(lawyer('lin'), archived, 'case.read', later).ok).toBe(false);
    expect(decide(lawyer('lin'), archived, 'deliberation.read', later).ok).toBe(false);
    expect(decide(lawyer('lin'), archived, 'message.read', later).ok).toBe(false);
  });
  it('reads nothing while the case is still being tried', () => {
    expect(decide(lawyer('lin'), revoked, 'dossier.read', later).ok).toBe(false);
  });
});

describe('the powers as written on the file', () => {
  it('names each power once, in the table’s order, and a general grant as such', () => {
    expect(namedPowers(['receive-service', 'appeal', 'appeal'])).toEqual(['appeal', 'receive-service']);
    expect(powersText([])).toBe('一般授权（无特别授权事项）');
    expect(powersText(['receive-service', 'appeal'])).toBe('代为提起上诉、代为签收法律文书');
  });
});

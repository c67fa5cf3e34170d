import {
  absenceConsequence,
  absenceProblem,
  announceBy,
  announcementRequired,
  asyncHearingProblem,
  broadcastBar,
  broadcastState,
  hearingMode,
  recordingMayReplaceTranscript,
  transcriptDueOn,
  withdrawalInTime,
  type Consent,
  type Disconnect,
} from './online-hearing';

const at = new Date('2024-06-01T02:00:00Z');
const consent = (party: number, choice: 'online' | 'offline', extra: Partial<Consent> = {}): Consent => ({
  party,
  step: 'hearing:hearing-1',
  choice,
  source: 'platform',
  at,
  text: '在线庭审告知',
  ...extra,
});

describe('legal-rules-2 §1.8 test vectors', () => {
  it('1. an ordinary public hearing on Fri 2024-06-14 is summoned and announced by 06-11; simplified needs no announcement', () => {
    expect(announceBy('2024-06-14')).toBe('2024-06-11');
    expect(announcementRequired('ordinary', true)).toBe(true);
    expect(announcementRequired('simplified', true)).toBe(false);
    expect(announcementRequired('ordinary', false)).toBe(false);
  });

  it('2. async hearing: small claims undisputed with a written application and consent → allowed; ordinary → refused; disputed → refused', () => {
    const ok = { procedure: 'simplified', smallClaims: true, writtenApplication: true, allConsented: true, mainFactsUndisputed: true, difficulty: true };
    expect(asyncHearingProblem(ok)).toBeNull();
    expect(asyncHearingProblem({ ...ok, procedure: 'ordinary', smallClaims: false })).toContain('小额诉讼程序或者简易程序');
    expect(asyncHearingProblem({ ...ok, smallClaims: false, mainFactsUndisputed: false })).toContain('主要事实和证据仍有争议');
  });

  it('3. D1 refuses without reason and D2 with a good one → no online hearing; D1 alone → the others online, D1 offline', () => {
    const parties = [0, 1, 2];
    expect(
      hearingMode(parties, [consent(0, 'online'), consent(1, 'offline'), consent(2, 'offline', { reason: '年迈，无智能手机', reasonAccepted: true })], []),
    ).toEqual({
      mode: 'offline',
      online: [],
    });
    expect(hearingMode(parties, [consent(0, 'online'), consent(1, 'offline'), consent(2, 'online')], [])).toEqual({ mode: 'mixed', online: [0, 2] });
    expect(hearingMode(parties, [consent(0, 'online'), consent(1, 'online'), consent(2, 'online')], ['in-person-check'])).toEqual({
      mode: 'offline',
      online: [],
    });
    expect(hearingMode([0, 1], [consent(0, 'online'), consent(1, 'online', { withdrawnAt: at })], [])).toEqual({ mode: 'mixed', online: [0] });
  });

  it('4. an ISP outage is not 拒不到庭; leaving after a prompt and a warning is 中途退庭, default judgment possible', () => {
    const outage: Disconnect = { openid: 'o-wu', party: 1, at, cause: 'network' };
    expect(absenceProblem('no-show', 1, [outage], false)).toContain('不视为拒不到庭');
    const left: Disconnect = { openid: 'o-wu', party: 1, at, cause: 'left-voluntarily', promptedAt: at, warnedAt: at };
    expect(absenceProblem('walked-out', 1, [left], true)).toBeNull();
    expect(absenceProblem('walked-out', 1, [{ ...left, warnedAt: undefined }], true)).toContain('提示、警告');
    expect(absenceConsequence('defendant')).toEqual({ article: '民事诉讼法 第一百四十七条', consequence: '可以缺席判决' });
    expect(absenceConsequence('plaintiff')?.article).toBe('民事诉讼法 第一百四十六条');
  });

  it('5. recording-as-transcript in a simplified civil case needs every party: one consent → a transcript; both → hashes signed', () => {
    expect(recordingMayReplaceTranscript('civil-first-instance', 'simplified', [0, 1], [0])).toBe(false);
    expect(recordingMayReplaceTranscript('civil-first-instance', 'simplified', [0, 1], [0, 1])).toBe(true);
    expect(recordingMayReplaceTranscript('civil-first-instance', 'ordinary', [0, 1], [0, 1])).toBe(false);
  });
});

describe('deadlines of the hearing', () => {
  it('withdraws consent before the day (在线诉讼规则 第五条); signs the transcript within five days (民事诉讼法 第一百五十条)', () => {
    expect(withdrawalInTime('2024-06-13', '2024-06-14')).toBe(true);
    expect(withdrawalInTime('2024-06-14', '2024-06-14')).toBe(false);
    expect(transcriptDueOn('2024-06-14')).toBe('2024-06-19');
  });
});

describe('legal-rules-2 §7.4 test vectors', () => {
  it('1. a public ordinary-procedure hearing on 05-10 is announced by 05-07; in simplified procedure no statutory announcement', () => {
    expect(announceBy('2024-05-10')).toBe('2024-05-07');
    expect(announcementRequired('ordinary', true)).toBe(true);
    expect(announcementRequired('simplified', true)).toBe(false);
  });

  it('2. a divorce heard in private is never broadcast and kept off the internet', () => {
    expect(broadcastBar({ isPublic: false, objections: [] })).toEqual({ bar: 'private', reason: expect.stringContaining('不得在互联网公开') });
  });

  it('3. a defendant objects (client trade data) and the court accepts: no broadcast; an overruled or unanswered objection does not bar it', () => {
    const objection = { id: 'o1', party: 1, reason: '庭审将涉及客户交易数据' };
    expect(broadcastBar({ isPublic: true, objections: [{ ...objection, accepted: true, answer: '理由正当' }] })?.bar).toBe('party-objects');
    expect(broadcastBar({ isPublic: true, objections: [{ ...objection, accepted: false, answer: '不涉及商业秘密' }] })).toBeNull();
    expect(broadcastBar({ isPublic: true, objections: [objection] })).toBeNull();
  });

  it('an approved broadcast is live while the hearing sits and archived after it', () => {
    expect(broadcastState(undefined, 'open')).toBe('none');
    expect(broadcastState('proposed', 'open')).toBe('proposed');
    expect(broadcastState('approved', 'pending')).toBe('approved');
    expect(broadcastState('approved', 'open')).toBe('live');
    expect(broadcastState('approved', 'closed')).toBe('archived');
    expect(broadcastState('rejected', 'closed')).toBe('rejected');
  });
});

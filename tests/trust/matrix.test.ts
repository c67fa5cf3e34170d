import { actionNames, contract, type ActionName } from '#contract';
import { Permissions, refusalMessage, type Permission } from '#domain/authorization';
import { callRaw } from '../support/emulator';
import { changes, expectedFor, inputFor, type Expected } from './actions';
import { NOT_YET_COVERED } from './samples';
import { digest, PEOPLE, restoreWorld, STAFF, theWorld, UNKNOWN_OPENID, type Digest, type World, WORLD_BUILD_MS } from './world';

/*
 * Who may call what, over every action of the contract (issue 17 item 2): each kind of caller
 * against the real ids of someone else's case, filing or bankruptcy in the trust world. What
 * each should be answered comes from the action's contract entry (allow, verified, access) and
 * the permission table; a new action is covered by its entry, and one that declares no access,
 * or whose input can be neither generated nor found in ./samples.ts, fails here by name.
 *
 * Refused: the code the model names, and nothing written (the emulator's digest is unchanged).
 * Granted: never the model's refusal, and at least one caller the model grants gets past access
 * (answered, or refused by the matter's state, never INVALID_INPUT: the input was valid). Over
 * the caller's own data (`access: 'own'`): no document that existed is changed, by anyone but
 * their owner (Mr Hu: the world's case, service and claim are his). Public: every caller is
 * answered alike, and a forged callback writes nothing.
 */

interface CallerKind {
  kind: string;
  openid(world: World): string | undefined;
}

const CALLERS: CallerKind[] = [
  { kind: 'none', openid: () => undefined },
  { kind: 'unknown', openid: () => UNKNOWN_OPENID },
  { kind: 'unverified', openid: () => PEOPLE.unverified.openid },
  { kind: 'verified stranger', openid: () => PEOPLE.stranger.openid },
  { kind: 'the plaintiff', openid: () => PEOPLE.hu.openid },
  { kind: 'the defendant (the other party)', openid: () => PEOPLE.wu.openid },
  { kind: 'the plaintiff’s agent', openid: () => PEOPLE.lin.openid },
  { kind: 'a lawyer of another case', openid: () => PEOPLE.otherLawyer.openid },
  { kind: 'a revoked agent', openid: () => PEOPLE.revokedAgent.openid },
  { kind: 'staff of another division', openid: () => STAFF.otherDivision.openid },
  { kind: 'a judge of another division', openid: () => STAFF.judgeOtherDivision.openid },
  { kind: 'staff of another court', openid: () => STAFF.otherCourt.openid },
  { kind: 'a registrar of another court', openid: () => STAFF.registrarOtherCourt.openid },
  { kind: 'inactive staff of the panel', openid: (w) => w.inactive },
  { kind: 'the presiding judge', openid: (w) => w.presiding },
  { kind: 'the clerk', openid: () => STAFF.clerk.openid },
  { kind: 'the division’s leader', openid: () => STAFF.leader.openid },
  { kind: 'the court’s registrar', openid: () => STAFF.registrar.openid },
  { kind: 'the court’s president', openid: () => STAFF.president.openid },
  { kind: 'the bankruptcy’s administrator', openid: () => STAFF.administrator.openid },
  { kind: 'the court’s mediation office', openid: () => STAFF.office.openid },
  { kind: 'the mediator', openid: () => STAFF.mediator.openid },
  { kind: 'the executor', openid: () => STAFF.executor.openid },
  { kind: 'the enforcement bureau’s leader', openid: () => STAFF.bureauLeader.openid },
  { kind: 'the higher court’s president', openid: () => STAFF.higherPresident.openid },
];

const ACCESS_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_VERIFIED']);

interface Reply {
  ok: boolean;
  error?: { code: string; message: string };
}

/** The owner of the world's matters: Mr Hu, plaintiff and creditor. */
const OWNER = PEOPLE.hu.openid;

/** A WeChat callback answers `{ errcode, errmsg: 'CODE: message' }`: read as an envelope. */
function envelopeOf(name: ActionName, reply: unknown): Reply {
  if (!contract[name].callback) return reply as Reply;
  const { errcode, errmsg } = (reply ?? {}) as { errcode?: number; errmsg?: string };
  if (errcode === 0) return { ok: true };
  const [code = 'INTERNAL', ...message] = String(errmsg ?? '').split(': ');
  return { ok: false, error: { code, message: message.join(': ') } };
}

/** What the model answers someone it refuses, for each permission an action declares. */
function modelRefusals(name: ActionName): Set<string> {
  const access = contract[name].access;
  if (!Array.isArray(access)) return new Set();
  return new Set(
    (access as Permission[]).flatMap((p) => [
      refusalMessage({ ok: false, refusal: 'stranger' }, Permissions[p]),
      refusalMessage({ ok: false, refusal: 'pending' }, p),
    ]),
  );
}

let world: World;
let built: Digest;
const tally = { actions: 0, calls: 0, refused: 0, granted: 0, own: 0, public: 0 };

beforeAll(async () => {
  world = await theWorld();
  built = await digest();
}, WORLD_BUILD_MS);

afterAll(() => {
  process.stdout.write(
    `trust matrix: ${tally.actions} actions × ${CALLERS.length} kinds of caller = ${tally.calls} calls ` +
      `(${tally.refused} refused, ${tally.granted} granted, ${tally.own} over their own data, ${tally.public} public); ` +
      `NOT COVERED YET: ${Object.keys(NOT_YET_COVERED).join(', ') || 'none'}\n`,
  );
});

/** Why a caller's answer and writes break what the model expects, or nothing. */
function judge(name: ActionName, who: string, expected: Expected, reply: Reply, after: Digest, openid: string | undefined): string[] {
  const wrote = changes(built, after);
  const wroteAny = wrote.changed.length + wrote.added.length + wrote.removed.length > 0;
  const code = reply.ok ? 'ok' : (reply.error?.code ?? `no envelope: ${JSON.stringify(reply)}`);
  const faults: string[] = [];
  const at = `${name} by ${who} (${expected.why})`;
  if (code === 'INTERNAL' || code.startsWith('no envelope')) faults.push(`${at}: answered ${code} ${reply.error?.message ?? ''}`);
  switch (expected.answer) {
    case 'refused':
      if (code !== expected.code) faults.push(`${at}: expected ${expected.code}, answered ${code} ${reply.error?.message ?? ''}`);
      if (wroteAny) faults.push(`${at}: refused, yet wrote ${JSON.stringify(wrote)}`);
      break;
    case 'granted':
      // The action's own rules may still refuse (evidence is submitted from one's own uploads); the model's refusal, never.
      if (code !== 'FORBIDDEN' ? ACCESS_CODES.has(code) : modelRefusals(name).has(reply.error?.message ?? '')) {
        faults.push(`${at}: expected to be let in, answered ${code} ${reply.error?.message ?? ''}`);
      }
      break;
    case 'own': {
      // Over one's own data: whatever it writes, never a document that was someone else's.
      if (openid === OWNER) break;
      const others = [...wrote.changed, ...wrote.removed].filter((path) => !openid || !path.includes(openid));
      if (others.length > 0) faults.push(`${at}: changed what was not the caller’s: ${others.join(', ')}`);
      break;
    }
    case 'public':
      if (ACCESS_CODES.has(code)) faults.push(`${at}: a public action answered ${code}`);
      if (contract[name].mutating && wroteAny) faults.push(`${at}: a forged call wrote ${JSON.stringify(wrote)}`);
      break;
  }
  return faults;
}

describe('every action × every kind of caller, over someone else’s matter', () => {
  it.each(actionNames.filter((name) => !NOT_YET_COVERED[name]).map((name) => [name]))('%s', async (name) => {
    tally.actions += 1;
    const faults: string[] = [];
    const answers = new Map<string, string>();
    let granted = 0;
    let letIn = 0;
    for (const [i, caller] of CALLERS.entries()) {
      const openid = caller.openid(world);
      const made = inputFor(name, world, `mx-${i}-${name}`.slice(0, 64));
      if ('missing' in made) throw new Error(`${name}: no valid input: ${made.missing}`);
      const expected = await expectedFor(name, world, openid, made.input);
      const reply = envelopeOf(name, (await callRaw<unknown>(name, made.input, openid)).result);
      const after = await digest();
      tally.calls += 1;
      tally[expected.answer] += 1;
      if (expected.answer === 'granted') granted += 1;
      if (expected.answer === 'granted' && (reply.ok || !['INVALID_INPUT', 'INTERNAL', 'FORBIDDEN', ...ACCESS_CODES].includes(reply.error?.code ?? '')))
        letIn += 1;
      if (expected.answer === 'public') answers.set(caller.kind, JSON.stringify(reply));
      faults.push(...judge(name, caller.kind, expected, reply, after, openid));
      if (after.digest !== built.digest) await restoreWorld();
    }
    const entry = contract[name];
    if (Array.isArray(entry.access) && granted === 0) {
      faults.push(`${name}: nobody in the world holds [${entry.access.join(', ')}]; add them to tests/trust/world.ts`);
    } else if (granted > 0 && letIn === 0) {
      faults.push(`${name}: no caller the model lets in got past access with a valid input; fix its sample in tests/trust/samples.ts`);
    }
    if (new Set(answers.values()).size > 1) faults.push(`${name}: a public action answered callers differently: ${JSON.stringify([...answers])}`);
    expect(faults).toEqual([]);
  });
});

import { actionNames, contract, type ActionName } from '#contract';
import { answerOf, call, effectCall, effectSince, nothing, writesBetween, type EffectCall, type Reply } from './effects';
import { NOT_YET_COVERED, ONCE_ONLY, RETRIES_ELSEWHERE } from './samples';
import { digest, restoreWorld, theWorld, type Digest, type World, WORLD_BUILD_MS } from './world';

/*
 * Retries and races over every mutating action of the contract (issue 17 item 4): the same
 * requestId twice, the same ten at once, and — for what must happen once however many attempts
 * race (ONCE_ONLY) — ten distinct requestIds at once. Each has the effect of one call: the same
 * documents changed to the same shape, as many added, no file more (./effects.ts).
 */

const mutating = actionNames.filter((name) => contract[name].mutating && !RETRIES_ELSEWHERE[name] && !NOT_YET_COVERED[name]);
let world: World;
let built: Digest;
let scenarios = 0;

beforeAll(async () => {
  world = await theWorld();
  built = await digest();
}, WORLD_BUILD_MS);

afterAll(() => {
  const elsewhere = Object.entries(RETRIES_ELSEWHERE).map(([name, why]) => `${name}: ${why}`);
  process.stdout.write(
    `trust retries: ${mutating.length} mutating actions, ${scenarios} retry and race scenarios; not generated: ${elsewhere.join('; ') || 'none'}\n`,
  );
});

const codes = (replies: Reply[]) => replies.map((r) => (r.ok ? 'ok' : r.error?.code)).join(',');

async function effectFound(name: ActionName): Promise<EffectCall> {
  const found = await effectCall(name, world, built);
  if ('missing' in found) throw new Error(found.missing);
  return found;
}

describe.each(mutating.map((name) => [name]))('%s', (name) => {
  it('the same requestId twice: one effect, the same answer', async () => {
    const fx = await effectFound(name);
    await restoreWorld();
    const first = await call(name, fx.input('rt-twice-0001'), fx.openid);
    const once = await digest();
    const again = await call(name, fx.input('rt-twice-0001'), fx.openid);
    scenarios += 1;
    expect(first.ok).toBe(true);
    expect(answerOf(again)).toBe(answerOf(first));
    expect(writesBetween(once, await digest())).toEqual([]);
  });

  it('the same requestId ten times at once: one effect, one answer', async () => {
    const fx = await effectFound(name);
    await restoreWorld();
    await call(name, fx.input('rt-single-0001'), fx.openid);
    const single = await effectSince(built, await digest());
    await restoreWorld();
    const replies = await Promise.all(Array.from({ length: 10 }, () => call(name, fx.input('rt-burst-0001'), fx.openid)));
    scenarios += 1;
    expect(codes(replies)).toBe(Array(10).fill('ok').join(','));
    expect(new Set(replies.map(answerOf)).size).toBe(1);
    expect(await effectSince(built, await digest())).toEqual(single);
  });

  if (!ONCE_ONLY.includes(name)) return;
  it('ten distinct requestIds at once: the effect of one', async () => {
    const fx = await effectFound(name);
    await restoreWorld();
    await call(name, fx.input('rt-single-0002'), fx.openid);
    const single = await effectSince(built, await digest());
    expect(nothing(single)).toBe(false);
    await restoreWorld();
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => call(name, fx.input(`rt-distinct-${String(i).padStart(4, '0')}`), fx.openid)));
    scenarios += 1;
    expect(replies.filter((r) => !r.ok && r.error?.code === 'INTERNAL')).toEqual([]);
    expect(replies.some((r) => r.ok)).toBe(true);
    expect(await effectSince(built, await digest())).toEqual(single);
  });
});

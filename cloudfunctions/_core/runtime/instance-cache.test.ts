import { clearInstanceCaches, INSTANCE_CACHES, instanceCache } from './instance-cache';

const at = (seconds: number) => new Date(Date.UTC(2026, 2, 1, 0, 0, seconds));

describe('instanceCache', () => {
  it('keeps a found value for its time limit by the action’s clock, then loads again', async () => {
    let loads = 0;
    const cache = instanceCache(5_000, async (key) => ({ key, load: ++loads }));
    expect(await cache.get('a', at(0))).toEqual({ key: 'a', load: 1 });
    expect(await cache.get('a', at(4))).toEqual({ key: 'a', load: 1 });
    expect(await cache.get('b', at(4))).toEqual({ key: 'b', load: 2 });
    expect(await cache.get('a', at(5))).toEqual({ key: 'a', load: 3 });
    // A clock set back (a test's fixed clock) does not stretch the limit.
    expect(await cache.get('a', at(-60))).toEqual({ key: 'a', load: 4 });
  });

  it('keeps a value no longer than its time limit of the instance’s running time, whatever the action’s clock says', async () => {
    let loads = 0;
    let running = 0;
    const cache = instanceCache(
      5_000,
      async () => ++loads,
      () => running,
    );
    expect(await cache.get('a', at(0))).toBe(1);
    running = 4_999;
    expect(await cache.get('a', at(0))).toBe(1);
    // A clock fixed at one instant (a test's) does not keep the value once 5 s have run.
    running = 5_000;
    expect(await cache.get('a', at(0))).toBe(2);
  });

  it('starts the time limit again when the kept value is found to be the stored one', async () => {
    let loads = 0;
    let running = 0;
    const cache = instanceCache(
      5_000,
      async () => ++loads,
      () => running,
    );
    expect(await cache.get('a', at(0))).toBe(1);
    running = 4_000;
    cache.renew('a', at(4), 1);
    running = 8_000;
    expect(await cache.get('a', at(8))).toBe(1);
    running = 9_000;
    expect(await cache.get('a', at(9))).toBe(2);
    // A value no longer the one kept (loaded again since) is not kept longer.
    running = 10_000;
    cache.renew('a', at(10), 1);
    running = 14_000;
    expect(await cache.get('a', at(14))).toBe(3);
    // Renewing a key not kept keeps nothing.
    cache.renew('b', at(14), 9);
    expect(await cache.get('b', at(14))).toBe(4);
  });

  it('shares one load between calls that ask at once', async () => {
    let loads = 0;
    const cache = instanceCache(5_000, async () => ++loads);
    expect(await Promise.all([cache.get('a', at(0)), cache.get('a', at(0)), cache.get('a', at(1))])).toEqual([1, 1, 1]);
  });

  it('keeps neither a miss nor a failure', async () => {
    const answers: (string | null | Error)[] = [null, new Error('network'), 'found'];
    const cache = instanceCache(5_000, async () => {
      const next = answers.shift() ?? null;
      if (next instanceof Error) throw next;
      return next;
    });
    expect(await cache.get('a', at(0))).toBeNull();
    await expect(cache.get('a', at(0))).rejects.toThrow('network');
    expect(await cache.get('a', at(0))).toBe('found');
  });

  it('is emptied with every other cache of the instance', async () => {
    let loads = 0;
    const cache = instanceCache(60_000, async () => ++loads);
    await cache.get('a', at(0));
    expect((globalThis as Record<symbol, Set<unknown>>)[INSTANCE_CACHES]?.has(cache)).toBe(true);
    clearInstanceCaches();
    expect(await cache.get('a', at(0))).toBe(2);
  });
});

describe('instanceCache with a time limit the value states', () => {
  it('keeps a value until the expiry it carries, then loads again', async () => {
    let loads = 0;
    const cache = instanceCache(
      (value: { token: string; ttlMs: number }) => value.ttlMs,
      async () => ({ token: `t${++loads}`, ttlMs: 10_000 }),
    );
    expect((await cache.get('app', at(0)))?.token).toBe('t1');
    expect((await cache.get('app', at(9)))?.token).toBe('t1');
    expect((await cache.get('app', at(10)))?.token).toBe('t2');
  });
});

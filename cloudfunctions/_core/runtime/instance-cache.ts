/**
 * What a warm function instance may keep between calls: data that changes rarely, where a
 * change may take a few seconds to be seen, read once per instance instead of on every call.
 * Every cache registers here, so the local emulator can empty them all when it resets its
 * environment (emulator/worker-main.ts), as a fresh CloudBase environment has fresh instances.
 */
export const INSTANCE_CACHES = Symbol.for('microcourt.instance-caches');

type Registry = Set<{ clear(): void }>;
const registry: Registry = ((globalThis as Record<symbol, unknown>)[INSTANCE_CACHES] ??= new Set()) as Registry;

export interface InstanceCache<T> {
  /** The kept value while younger than the time limit by `now` (the action's clock), else loaded again. */
  get(key: string, now: Date): Promise<T>;
  /** Forgets one key (this instance changed what it holds). */
  forget(key: string): void;
  /** `value`, if it is still the one kept, was just found to be the stored one: its time limit starts again from `now`. */
  renew(key: string, now: Date, value: T): void;
  clear(): void;
}

/**
 * A keyed cache with a time limit: a fixed one, or one the loaded value states (an access
 * token's expiry). Only a found value is kept: a miss (null) or a failed load is asked again
 * next time, so a window opened a moment ago is seen at once. Calls that ask for the same key
 * while it loads share the one load.
 *
 * The limit holds by the action's clock and by the instance's own running time (`elapsed`,
 * milliseconds): a clock a test fixed, or set back, does not keep a value for ever, so whoever
 * changes the data can count on every instance seeing it once the limit has passed.
 */
export function instanceCache<T>(
  ttlMs: number | ((value: T) => number),
  load: (key: string) => Promise<T | null>,
  elapsed: () => number = () => performance.now(),
): InstanceCache<T | null> {
  const entries = new Map<string, { from: number; loadedAt: number; ttl: number; value: Promise<T | null>; loaded?: T | null }>();
  const cache: InstanceCache<T | null> = {
    get(key, now) {
      const at = now.getTime();
      const running = elapsed();
      const kept = entries.get(key);
      if (kept && at >= kept.from && at < kept.from + kept.ttl && running - kept.loadedAt < kept.ttl) return kept.value;
      // Until a value states its own limit, it is kept while it loads (calls share the one load).
      const entry: { from: number; loadedAt: number; ttl: number; value: Promise<T | null>; loaded?: T | null } = {
        from: at,
        loadedAt: running,
        ttl: typeof ttlMs === 'number' ? ttlMs : Number.MAX_SAFE_INTEGER,
        value: load(key),
      };
      entries.set(key, entry);
      const forget = () => {
        if (entries.get(key) === entry) entries.delete(key);
      };
      entry.value.then((value) => {
        entry.loaded = value;
        if (value === null) forget();
        else if (typeof ttlMs === 'function') entry.ttl = ttlMs(value);
      }, forget);
      return entry.value;
    },
    forget: (key) => {
      entries.delete(key);
    },
    renew: (key, now, value) => {
      const kept = entries.get(key);
      // Another call may have loaded the key again since: only the value that was confirmed is kept longer.
      if (!kept || kept.loaded !== value) return;
      kept.from = now.getTime();
      kept.loadedAt = elapsed();
    },
    clear: () => entries.clear(),
  };
  registry.add(cache);
  return cache;
}

/** Empties every instance cache (the emulator's reset). */
export function clearInstanceCaches(): void {
  for (const cache of registry) cache.clear();
}

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
  clear(): void;
}

/**
 * A keyed cache with a time limit: a fixed one, or one the loaded value states (an access
 * token's expiry). Only a found value is kept: a miss (null) or a failed load is asked again
 * next time, so a window opened a moment ago is seen at once. Calls that ask for the same key
 * while it loads share the one load.
 */
export function instanceCache<T>(ttlMs: number | ((value: T) => number), load: (key: string) => Promise<T | null>): InstanceCache<T | null> {
  const entries = new Map<string, { from: number; until: number; value: Promise<T | null> }>();
  const cache: InstanceCache<T | null> = {
    get(key, now) {
      const at = now.getTime();
      const kept = entries.get(key);
      // A clock set back (a test's fixed clock) does not stretch the limit.
      if (kept && at < kept.until && at >= kept.from) return kept.value;
      const entry = { from: at, until: typeof ttlMs === 'number' ? at + ttlMs : Number.MAX_SAFE_INTEGER, value: load(key) };
      entries.set(key, entry);
      const forget = () => {
        if (entries.get(key) === entry) entries.delete(key);
      };
      entry.value.then((value) => {
        if (value === null) forget();
        else if (typeof ttlMs === 'function') entry.until = at + ttlMs(value);
      }, forget);
      return entry.value;
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

// The in-process caches and the one way they are dropped. A writer says what it changed —
// `changed("questions")` — and every cache that shows that topic forgets, whichever module owns it;
// so a writer needs no import of the modules that cache its data (which is what made the domains
// import each other in a circle). Each cache also has a lifetime, which bounds anything that changes
// the database without saying so (a restore, a direct SQL fix, another app server).
//
// Topics:
//   people      people, role grants, the org tree
//   curriculum  published lessons, courses, rules and cases (publish, sync, archive, import)
//   questions   question versions and the flags that decide what an exam may draw
//   exams       exams, their overrides and the assignments that open them

export type Topic = "people" | "curriculum" | "questions" | "exams";

const listeners = new Map<Topic, Set<() => void>>();

/** Registers `forget` to run whenever one of `topics` changes. */
export function whenChanged(topics: readonly Topic[], forget: () => void): void {
  for (const topic of topics) {
    let set = listeners.get(topic);
    if (!set) listeners.set(topic, (set = new Set()));
    set.add(forget);
  }
}

/** Tells every cache that shows these topics to forget. Writers call it after their write. */
export function changed(...topics: Topic[]): void {
  const run = new Set<() => void>();
  for (const topic of topics) for (const forget of listeners.get(topic) ?? []) run.add(forget);
  for (const forget of run) forget();
}

export type Cache<K, V> = {
  /** The kept value, or undefined when there is none or it is older than the lifetime. */
  get(key: K, now?: number): V | undefined;
  set(key: K, value: V, now?: number): void;
  /**
   * The kept value, or `load(key)` kept for the next caller. Concurrent callers share one load when
   * V is a promise (a drop while it loads removes it, so later callers load afresh); a rejected
   * promise is not kept.
   */
  getOrLoad(key: K, load: (key: K) => V, now?: number): V;
  clear(): void;
  readonly size: number;
};

/**
 * A keyed cache with a lifetime (`ttlMs`, Infinity for values that never go stale, such as facts
 * about an immutable version), a bound on its entries (the oldest go first), and the topics that
 * drop it.
 */
export function createCache<K, V>(opts: { ttlMs: number; maxEntries: number; topics?: readonly Topic[] }): Cache<K, V> {
  const entries = new Map<K, { at: number; value: V }>();
  const clear = () => entries.clear();
  if (opts.topics?.length) whenChanged(opts.topics, clear);

  const get = (key: K, now = Date.now()) => {
    const hit = entries.get(key);
    if (!hit) return undefined;
    if (now - hit.at >= opts.ttlMs) {
      entries.delete(key);
      return undefined;
    }
    return hit.value;
  };
  const set = (key: K, value: V, now = Date.now()) => {
    entries.delete(key);
    while (entries.size >= opts.maxEntries) entries.delete(entries.keys().next().value as K);
    entries.set(key, { at: now, value });
  };
  return {
    get,
    set,
    getOrLoad(key, load, now = Date.now()) {
      const hit = get(key, now);
      if (hit !== undefined) return hit;
      const value = load(key);
      if (value instanceof Promise) {
        // Kept at once so that concurrent callers share it; a drop while it loads removes it.
        set(key, value, now);
        const entry = entries.get(key);
        value.catch(() => {
          if (entries.get(key) === entry) entries.delete(key);
        });
      } else set(key, value, now);
      return value;
    },
    clear,
    get size() {
      return entries.size;
    },
  };
}

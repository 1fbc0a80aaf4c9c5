// A small in-memory sliding-window limiter. One server process serves the bureau (SQLite), so
// memory is the right store; counters reset on restart, which errs on the side of letting people in.
export class SlidingWindowLimiter {
  #hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts currently in the window for `key`. */
  count(key: string, now = Date.now()): number {
    const list = this.#hits.get(key);
    if (!list) return 0;
    const fresh = list.filter((t) => now - t < this.windowMs);
    if (fresh.length === 0) this.#hits.delete(key);
    else if (fresh.length !== list.length) this.#hits.set(key, fresh);
    return fresh.length;
  }

  isLimited(key: string, now = Date.now()): boolean {
    return this.count(key, now) >= this.limit;
  }

  hit(key: string, now = Date.now()): void {
    const list = this.#hits.get(key) ?? [];
    list.push(now);
    this.#hits.set(key, list);
    if (this.#hits.size > 50_000) this.#prune(now);
  }

  reset(key: string): void {
    this.#hits.delete(key);
  }

  clear(): void {
    this.#hits.clear();
  }

  #prune(now: number) {
    for (const key of this.#hits.keys()) this.count(key, now);
  }
}

// A short-lived, in-process cache of who a signed-in user is (name, unit, grants), so that each
// request checks its session (one query) but does not reload the person and their grants (four).
// Every write to people, grants or units says `changed("people")`, which clears it; the TTL bounds
// anything else (a restore, a direct SQL fix) to a few seconds. The session itself is never cached:
// signing out, a disabled account or an admin's "end sessions" take effect on the next request.
import { createCache } from "#app/lib/cache.server.ts";

const users = createCache<string, unknown>({ ttlMs: 5_000, maxEntries: 20_000, topics: ["people"] });

export function cachedUser<T>(userId: string, now = Date.now()): T | undefined {
  return users.get(userId, now) as T | undefined;
}

export function rememberUser(userId: string, value: unknown, now = Date.now()) {
  users.set(userId, value, now);
}

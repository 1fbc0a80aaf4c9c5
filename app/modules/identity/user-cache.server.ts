// A short-lived, in-process cache of who a signed-in user is (name, unit, grants), so that each
// request checks its session (one query) but does not reload the person and their grants (four).
// Every write to people, grants or units clears it; the TTL bounds anything else (a restore, a
// direct SQL fix) to a few seconds. The session itself is never cached: signing out, a disabled
// account or an admin's "end sessions" take effect on the next request.
import { invalidateAllPages } from "#app/lib/page-cache.server.ts";

const TTL_MS = 5_000;
const MAX_ENTRIES = 20_000;
const entries = new Map<string, { at: number; value: unknown }>();

export function cachedUser<T>(userId: string, now = Date.now()): T | undefined {
  const hit = entries.get(userId);
  if (!hit) return undefined;
  if (now - hit.at >= TTL_MS) {
    entries.delete(userId);
    return undefined;
  }
  return hit.value as T;
}

export function rememberUser(userId: string, value: unknown, now = Date.now()) {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(userId, { at: now, value });
}

/** Call after any change to people, role grants or the org tree. */
export function forgetCachedUsers() {
  entries.clear();
  invalidateAllPages();
}

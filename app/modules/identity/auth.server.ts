// Who is asking: the signed-in user behind a request, their grants, and the guards every loader
// and action calls first.
import { redirect } from "react-router";
import { z } from "zod";
import { db, direct } from "#app/lib/db.server.ts";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { can, scopesFor, type Actor, type Grant, type Permission, type Role, type Target } from "./permissions.server.ts";
import { readSessionToken, validateSessionToken, type SessionRow } from "./session.server.ts";
import { cachedUser, rememberUser } from "./user-cache.server.ts";

export type CurrentUser = Actor & {
  username: string;
  name: string;
  unitName: string;
  position: string;
  isPartyMember: boolean;
  session: SessionRow;
};

const cache = new WeakMap<Request, Promise<CurrentUser | null>>();

/** The signed-in, active user, or null. Memoised per request. */
export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = loadCurrentUser(request);
    cache.set(request, pending);
  }
  return pending;
}

async function loadCurrentUser(request: Request): Promise<CurrentUser | null> {
  return currentUserFromToken(readSessionToken(request));
}

/** The signed-in, active user for a session token (from a Cookie header), or null. Not memoised. */
export async function currentUserFromToken(token: string | null): Promise<CurrentUser | null> {
  if (!token) return null;
  const session = await validateSessionToken(token);
  if (!session) return null;
  const known = cachedUser<Omit<CurrentUser, "session">>(session.userId);
  if (known) return { ...known, session };
  // On a cache miss (every person at 9:00 on exam day): two prepared statements, not a Prisma query
  // with nested includes (ADR 009). Grants come broadest first.
  const found = await direct((c) => {
    const user = c
      .prepare(
        `SELECT u."id", u."username", u."name", u."unitId", u."position", u."isPartyMember", u."active", o."path" AS "unitPath", o."name" AS "unitName"
         FROM "User" u JOIN "OrgUnit" o ON o."id" = u."unitId" WHERE u."id" = ?`,
      )
      .get(session.userId) as { id: string; username: string; name: string; unitId: string; position: string; isPartyMember: number; active: number; unitPath: string; unitName: string } | undefined;
    if (!user || !user.active) return null;
    const grants = c
      .prepare(`SELECT g."role", g."unitId", o."path" AS "unitPath" FROM "RoleGrant" g JOIN "OrgUnit" o ON o."id" = g."unitId" WHERE g."userId" = ? ORDER BY o."depth", o."path", g."role"`)
      .all(user.id) as { role: string; unitId: string; unitPath: string }[];
    return { user, grants };
  });
  if (!found) return null;
  const { user } = found;
  const grants: Grant[] = found.grants.map((g) => ({ role: g.role as Role, unitId: g.unitId, unitPath: g.unitPath }));
  const who = {
    id: user.id,
    username: user.username,
    name: user.name,
    unitId: user.unitId,
    unitPath: user.unitPath,
    unitName: user.unitName,
    position: user.position,
    isPartyMember: user.isPartyMember === 1,
    grants,
  };
  rememberUser(user.id, who);
  return { ...who, session };
}

export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return user;
}

export async function requirePermission(request: Request, permission: Permission, target: Target): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!can(user, permission, target)) throw forbidden();
  return user;
}

/**
 * The unit a page asks about (`?unit=`, or else the top of the viewer's own scope when
 * `defaultToScope`), refused unless the viewer holds `permission` over it.
 */
const unitQuery = z.object({ unit: z.string({ error: t.formInput.invalid }).max(64, t.errors.unitNotFound).optional() });

export async function requireUnitInScope(request: Request, permission: Permission, options: { defaultToScope?: boolean } = {}) {
  const user = await requirePermission(request, permission, "global");
  const q = parseQuery(request, unitQuery);
  if (!q.ok) throw q.reply;
  const asked = q.value.unit ?? (options.defaultToScope ? (scopesFor(user, permission)[0]?.split("/").filter(Boolean).at(-1) ?? "") : "");
  const unit = await db.orgUnit.findUnique({ where: { id: asked } });
  if (!unit) throw notFound(t.errors.unitNotFound);
  if (!can(user, permission, { unitPath: unit.path })) throw forbidden();
  return { user, unit };
}

export function forbidden(message = t.errors.forbidden) {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = t.errors.pageNotFound) {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/** A target describing a person, for `can`. Throws 404 when the person does not exist. */
export async function personTarget(userId: string): Promise<{ userId: string; unitPath: string }> {
  const u = await db.user.findUnique({ where: { id: userId }, select: { id: true, unit: { select: { path: true } } } });
  if (!u) throw notFound(t.errors.personNotFound);
  return { userId: u.id, unitPath: u.unit.path };
}

const MAX_REDIRECT_LENGTH = 2048;
// Browsers strip tabs and newlines from a Location before resolving it ("/\t/evil" becomes
// "//evil"), \r\n makes the header invalid (a 500), and a backslash counts as a slash: none of these
// has a place in a path we generated, so any of them refuses the value outright.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const FORBIDDEN_IN_REDIRECT = /[\s\u0000-\u001f\u007f-\u009f\\]/;

/**
 * Where to send the browser after signing in: a path on this site, or `fallback`. The value is
 * parsed against `siteOrigin` and kept only when it stays on that origin; what comes back is the
 * normalised path, query and hash, re-checked so that dot segments ("/.//evil") cannot turn it into
 * a protocol-relative URL. Pure: every redirect target read from a request goes through here.
 */
export function safeRedirect(value: unknown, siteOrigin: string, fallback = "/"): string {
  if (typeof value !== "string" || !value || value.length > MAX_REDIRECT_LENGTH) return fallback;
  if (FORBIDDEN_IN_REDIRECT.test(value)) return fallback;
  if (!value.startsWith("/") && !value.startsWith(`${siteOrigin}/`)) return fallback;
  if (value.startsWith("//")) return fallback;
  let url: URL;
  let site: URL;
  try {
    site = new URL(siteOrigin);
    url = new URL(value, site);
  } catch {
    return fallback;
  }
  if (url.origin !== site.origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || path.startsWith("//") || FORBIDDEN_IN_REDIRECT.test(path)) return fallback;
  return path;
}

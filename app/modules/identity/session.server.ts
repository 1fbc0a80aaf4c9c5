// Sessions as the Lucia guide prescribes, without the deprecated `lucia` package.
// The cookie holds "<id>.<secret>": a random id to find the row and a 160-bit secret of which the
// database stores only the SHA-256, compared in constant time. Idle and absolute expiry; a new
// session at every login; revocation by deleting rows.
//
// Activity extends the idle timeout, but the row is written at most once an hour per session:
// activity in between is kept in memory and counts for the idle check (docs/decisions/002-sessions.md).
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import crypto from "node:crypto";
import { db, direct, fromSqlDate } from "#app/lib/db.server.ts";
import { getEnv } from "#app/lib/env.server.ts";

export const SESSION_COOKIE = "qf_session";
const WRITE_INTERVAL_MS = 60 * 60 * 1000;

export type SessionRow = {
  id: string;
  userId: string;
  createdAt: Date;
  lastActiveAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
};

function randomString(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

function limits() {
  const env = getEnv();
  return { idleMs: env.SESSION_IDLE_MINUTES * 60_000, absoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000 };
}

/** Last activity seen by this process, newer than the row's lastActiveAt. */
const recentActivity = new Map<string, number>();

export async function createSession(
  userId: string,
  meta: { ip?: string; userAgent?: string } = {},
  now = new Date(),
): Promise<{ token: string; session: SessionRow }> {
  const id = randomString(15);
  const secret = randomString(20);
  const { idleMs, absoluteMs } = limits();
  const session = await db.session.create({
    data: {
      id,
      secretHash: new Uint8Array(hashSecret(secret)),
      userId,
      createdAt: now,
      lastActiveAt: now,
      idleExpiresAt: new Date(now.getTime() + idleMs),
      absoluteExpiresAt: new Date(now.getTime() + absoluteMs),
      ip: meta.ip?.slice(0, 64) ?? "",
      userAgent: meta.userAgent?.slice(0, 300) ?? "",
    },
    select: { id: true, userId: true, createdAt: true, lastActiveAt: true, idleExpiresAt: true, absoluteExpiresAt: true },
  });
  return { token: `${id}.${secret}`, session };
}

/** Validates a token; returns the session, or null (deleting it when expired). */
export async function validateSessionToken(token: string, now = new Date()): Promise<SessionRow | null> {
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1] || parts[0].length > 64 || parts[1].length > 64) return null;
  const [id, secret] = parts as [string, string];
  // Every signed-in request comes through here: one prepared statement rather than a Prisma query.
  const raw = await direct(
    (c) =>
      c
        .prepare(`SELECT "userId", "secretHash", "createdAt", "lastActiveAt", "idleExpiresAt", "absoluteExpiresAt" FROM "Session" WHERE "id" = ?`)
        .get(id) as { userId: string; secretHash: Buffer; createdAt: string; lastActiveAt: string; idleExpiresAt: string; absoluteExpiresAt: string } | undefined,
  );
  if (!raw) return null;
  const row = {
    userId: raw.userId,
    secretHash: raw.secretHash,
    createdAt: fromSqlDate(raw.createdAt),
    lastActiveAt: fromSqlDate(raw.lastActiveAt),
    idleExpiresAt: fromSqlDate(raw.idleExpiresAt),
    absoluteExpiresAt: fromSqlDate(raw.absoluteExpiresAt),
  };
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;

  const { idleMs } = limits();
  const nowMs = now.getTime();
  const lastActive = Math.max(row.lastActiveAt.getTime(), recentActivity.get(id) ?? 0);
  if (nowMs >= row.absoluteExpiresAt.getTime() || nowMs - lastActive >= idleMs) {
    await invalidateSession(id);
    return null;
  }
  recentActivity.set(id, nowMs);
  let { lastActiveAt, idleExpiresAt } = row;
  if (nowMs - row.lastActiveAt.getTime() >= WRITE_INTERVAL_MS) {
    lastActiveAt = now;
    idleExpiresAt = new Date(nowMs + idleMs);
    await db.session.updateMany({ where: { id }, data: { lastActiveAt, idleExpiresAt } });
  }
  return { id, userId: row.userId, createdAt: row.createdAt, lastActiveAt, idleExpiresAt, absoluteExpiresAt: row.absoluteExpiresAt };
}

export async function invalidateSession(id: string): Promise<void> {
  recentActivity.delete(id);
  await db.session.deleteMany({ where: { id } });
}

/** Ends every session of a person: password change, disabled account, or an admin's order. */
export async function invalidateUserSessions(userId: string, exceptSessionId?: string): Promise<number> {
  const rows = await db.session.findMany({ where: { userId }, select: { id: true } });
  for (const r of rows) if (r.id !== exceptSessionId) recentActivity.delete(r.id);
  const { count } = await db.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
  return count;
}

/** Removes expired rows; run by the periodic sweeper. */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { OR: [{ absoluteExpiresAt: { lte: now } }, { idleExpiresAt: { lte: new Date(now.getTime() - WRITE_INTERVAL_MS) } }] },
  });
  return count;
}

// ─── cookies ────────────────────────────────────────────────────────────────

/** HTTPS is read from the URL, or from X-Forwarded-Proto when a trusted proxy terminates TLS. */
export function isSecureRequest(request: Request): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  return getEnv().TRUST_PROXY && request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  const secure = isSecureRequest(request) ? "; Secure" : "";
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

export function clearSessionCookie(request: Request): string {
  const secure = isSecureRequest(request) ? "; Secure" : "";
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

export function readSessionToken(request: Request): string | null {
  return sessionTokenFromCookie(request.headers.get("cookie"));
}

export function sessionTokenFromCookie(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}

// Signing in: every attempt logged, no hint which part of the credentials was wrong, a fresh
// session on success, and limits on guessing that an attacker can neither race nor turn against
// the owner.
//
// Racing: an attempt is counted before its password is verified. Its LoginAttempt row is written
// as "pending" in the same transaction that checks the budgets, so of 40 parallel guesses only the
// budget's worth ever reach argon2; the row then gets its outcome.
//
// Locking others out: a browser that signed in before carries a signed device cookie
// (device-cookie.server.ts) and has a budget of its own; the per-account and per-address budgets
// count and limit untrusted browsers only. Guesses from anywhere else slow down strangers, never
// the owner at their own desk, and an office behind one NAT address keeps signing in on its
// known browsers. Budgets are sliding windows, so a limit lifts as its oldest failure ages out,
// and the message says when.
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import type { Prisma } from "#app/generated/prisma/client.ts";
import { issueDeviceCookie, trustedDevice, type DeviceCookie } from "./device-cookie.server.ts";
import { dummyVerify, verifyPassword } from "./password.server.ts";
import { createSession } from "./session.server.ts";
import { formatTime } from "#app/lib/time.ts";

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failures allowed per window, by what the attempt shares with earlier ones. */
export const LOGIN_BUDGETS = {
  /** One trusted browser (device cookie) for its user: the owner's own mistakes, or a stolen cookie. */
  device: 5,
  /** One account from one address, untrusted browsers: the tight limit against guessing. */
  accountAddress: 5,
  /** One account from anywhere, untrusted browsers: stops distributed guessing. */
  account: 20,
  /** One address, untrusted browsers: generous, since an office may sit behind one NAT address. */
  address: 100,
} as const;

const PENDING = "pending";
const RATE_LIMITED = "rate_limited";
/** Rows that count against a budget: failures, and attempts still being verified. */
const COUNTED = { success: false, reason: { not: RATE_LIMITED } } as const;

/** Checks a password against a stored hash, or (null) against a dummy one so timing does not tell. */
export type PasswordCheck = (passwordHash: string | null, password: string) => Promise<boolean>;
const checkPassword: PasswordCheck = (passwordHash, password) => (passwordHash ? verifyPassword(passwordHash, password) : dummyVerify(password));

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; userId: string; device: DeviceCookie }
  | { ok: false; status: 400 | 401 | 429; message: string; retryAt?: Date };

export type LoginInput = {
  username: string;
  password: string;
  ip: string;
  userAgent?: string;
  /** The request's Cookie header, where a device cookie may be. */
  cookieHeader?: string | null;
};

export async function login(input: LoginInput, options: { now?: Date; checkPassword?: PasswordCheck } = {}): Promise<LoginResult> {
  const now = options.now ?? new Date();
  const username = input.username.trim().toLowerCase().slice(0, 100);
  const ip = (input.ip || "unknown").slice(0, 64);
  const device = trustedDevice(input.cookieHeader, username, now);

  const reservation = await reserveAttempt({ username, ip, device, now });
  if (!reservation.ok) {
    return { ok: false, status: 429, message: t.login.rateLimited(clock(reservation.retryAt), minutesUntil(reservation.retryAt, now), !device), retryAt: reservation.retryAt };
  }

  let outcome: { success: boolean; reason: string; userId: string | null } = { success: false, reason: PENDING, userId: null };
  try {
    const user = await db.user.findUnique({ where: { username } });
    const valid = await (options.checkPassword ?? checkPassword)(user?.passwordHash ?? null, input.password);
    if (!user || !valid || !user.active) {
      outcome = { success: false, reason: !user ? "unknown_user" : !valid ? "bad_password" : "disabled", userId: user?.id ?? null };
      if (user && valid && !user.active) return { ok: false, status: 401, message: t.login.accountDisabled };
      return { ok: false, status: 401, message: t.login.badCredentials };
    }
    const { token, session } = await createSession(user.id, { ip, userAgent: input.userAgent });
    outcome = { success: true, reason: "ok", userId: user.id };
    return { ok: true, token, expiresAt: session.absoluteExpiresAt, userId: user.id, device: issueDeviceCookie(username, now) };
  } finally {
    // A row left "pending" (the process died, verification threw) keeps counting as a failure.
    if (outcome.reason !== PENDING) await db.loginAttempt.update({ where: { id: reservation.id }, data: outcome });
  }
}

type Reservation = { ok: true; id: number } | { ok: false; retryAt: Date };

/**
 * Checks every budget the attempt falls under and, in the same transaction, writes its row: "pending"
 * when within budget, "rate_limited" when not. The transaction holds the connection's lock
 * (ADR 004), so no other attempt reads the counts between the check and the write.
 */
async function reserveAttempt(a: { username: string; ip: string; device: string | null; now: Date }): Promise<Reservation> {
  const windowStart = new Date(a.now.getTime() - LOGIN_WINDOW_MS);
  return db.$transaction(
    async (tx) => {
      const limits: { where: Prisma.LoginAttemptWhereInput; budget: number }[] = [];
      if (a.device) {
        limits.push({ where: { device: a.device, username: a.username }, budget: LOGIN_BUDGETS.device });
      } else {
        // A success from this address clears its own earlier failures (a mistype, then the right one).
        const lastSuccess = await tx.loginAttempt.findFirst({
          where: { username: a.username, ip: a.ip, success: true, createdAt: { gt: windowStart } },
          orderBy: { createdAt: "desc" },
          select: { createdAt: true },
        });
        limits.push(
          { where: { username: a.username, ip: a.ip, device: null, ...(lastSuccess ? { createdAt: { gt: lastSuccess.createdAt } } : {}) }, budget: LOGIN_BUDGETS.accountAddress },
          { where: { username: a.username, device: null }, budget: LOGIN_BUDGETS.account },
          { where: { ip: a.ip, device: null }, budget: LOGIN_BUDGETS.address },
        );
      }
      let retryAt: Date | null = null;
      for (const limit of limits) {
        // The budget-th most recent counted row: while it is inside the window, the budget is spent,
        // until that row ages out.
        const rows = await tx.loginAttempt.findMany({
          where: { AND: [limit.where, COUNTED, { createdAt: { gt: windowStart } }] },
          orderBy: { createdAt: "desc" },
          take: limit.budget,
          select: { createdAt: true },
        });
        if (rows.length >= limit.budget) {
          const until = new Date(rows[rows.length - 1]!.createdAt.getTime() + LOGIN_WINDOW_MS);
          if (!retryAt || until > retryAt) retryAt = until;
        }
      }
      const row = { username: a.username, ip: a.ip, device: a.device, success: false, createdAt: a.now };
      if (retryAt) {
        await tx.loginAttempt.create({ data: { ...row, reason: RATE_LIMITED }, select: { id: true } });
        return { ok: false, retryAt } as const;
      }
      const { id } = await tx.loginAttempt.create({ data: { ...row, reason: PENDING }, select: { id: true } });
      return { ok: true, id } as const;
    },
    // At 9:00 on exam day everyone signs in at once: wait for the connection lock rather than fail.
    { isolationLevel: "Serializable", maxWait: 15_000, timeout: 15_000 },
  );
}
function clock(at: Date): string {
  return formatTime(at);
}
function minutesUntil(at: Date, now: Date): number {
  return Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 60_000));
}

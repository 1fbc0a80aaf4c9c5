// Signing in: rate limits per account and per address, every attempt logged, no hint which part
// of the credentials was wrong, a fresh session on success.
import { db } from "#app/lib/db.server.ts";
import { SlidingWindowLimiter } from "#app/lib/rate-limit.server.ts";
import { t } from "#app/lib/strings.ts";
import { dummyVerify, verifyPassword } from "./password.server.ts";
import { createSession } from "./session.server.ts";

const WINDOW = 15 * 60 * 1000;
/** Failures for one account from one address: the tight limit against guessing. */
export const perAccountAddress = new SlidingWindowLimiter(5, WINDOW);
/** Failures for one account from anywhere: stops distributed guessing, loose enough not to lock out. */
export const perAccount = new SlidingWindowLimiter(20, WINDOW);
/** Failures from one address: generous, since a whole office may sit behind one NAT address. */
export const perAddress = new SlidingWindowLimiter(100, WINDOW);

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; userId: string }
  | { ok: false; status: 400 | 401 | 429; message: string };

export async function login(input: { username: string; password: string; ip: string; userAgent?: string }): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const ip = input.ip || "unknown";
  const keyUA = `${username}|${ip}`;
  if (perAccountAddress.isLimited(keyUA) || perAccount.isLimited(username) || perAddress.isLimited(ip)) {
    await logAttempt(username, null, ip, false, "rate_limited");
    return { ok: false, status: 429, message: t.login.rateLimited };
  }
  const user = await db.user.findUnique({ where: { username } });
  const valid = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : await dummyVerify(input.password);
  if (!user || !valid || !user.active) {
    perAccountAddress.hit(keyUA);
    perAccount.hit(username);
    perAddress.hit(ip);
    const reason = !user ? "unknown_user" : !valid ? "bad_password" : "disabled";
    await logAttempt(username, user?.id ?? null, ip, false, reason);
    if (user && valid && !user.active) {
      return { ok: false, status: 401, message: t.login.accountDisabled };
    }
    return { ok: false, status: 401, message: t.login.badCredentials };
  }
  perAccountAddress.reset(keyUA);
  const { token, session } = await createSession(user.id, { ip, userAgent: input.userAgent });
  await logAttempt(username, user.id, ip, true, "ok");
  return { ok: true, token, expiresAt: session.absoluteExpiresAt, userId: user.id };
}

async function logAttempt(username: string, userId: string | null, ip: string, success: boolean, reason: string) {
  await db.loginAttempt.create({ data: { username: username.slice(0, 100), userId, ip: ip.slice(0, 64), success, reason } });
}

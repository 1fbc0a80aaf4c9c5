import { describe, expect, test } from "vitest";
import { sha256 } from "@oslojs/crypto/sha2";
import { db } from "#app/lib/db.server.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { hashPassword } from "./password.server.ts";
import {
  createSession,
  deleteExpiredSessions,
  invalidateSession,
  invalidateUserSessions,
  readSessionToken,
  sessionCookie,
  validateSessionToken,
} from "./session.server.ts";
import { setPassword, updateUser } from "./users.server.ts";

const HOUR = 3_600_000;

async function person() {
  const { eastBranch } = await makeOrg();
  return makeUser(eastBranch.id);
}

describe("sessions", () => {
  test("a token validates, and the database holds only the SHA-256 of its secret", async () => {
    const user = await person();
    const { token, session } = await createSession(user.id);
    const [id, secret] = token.split(".");
    expect(secret!.length).toBeGreaterThanOrEqual(26); // ≥ 128 bits in base32
    const row = await db.session.findUniqueOrThrow({ where: { id: id! } });
    expect(Buffer.from(row.secretHash).toString("hex")).toBe(Buffer.from(sha256(new TextEncoder().encode(secret!))).toString("hex"));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect((await validateSessionToken(token))?.userId).toBe(user.id);
    expect(session.id).toBe(id);
  });

  test("a wrong secret, a malformed token or an unknown id is refused", async () => {
    const user = await person();
    const { token } = await createSession(user.id);
    const [id, secret] = token.split(".");
    const flipped = secret!.slice(0, -1) + (secret!.endsWith("a") ? "b" : "a");
    expect(await validateSessionToken(`${id}.${flipped}`)).toBeNull();
    expect(await validateSessionToken(id!)).toBeNull();
    expect(await validateSessionToken(`nosuchid.${secret}`)).toBeNull();
    expect(await validateSessionToken("a.b.c")).toBeNull();
  });

  test("idle timeout ends a session; activity within the window keeps it alive", async () => {
    const user = await person();
    const start = new Date("2026-01-05T08:00:00Z");
    const { token } = await createSession(user.id, {}, start);
    // Active every 90 minutes: never idle for 2 hours, so it lives on.
    expect(await validateSessionToken(token, new Date(start.getTime() + 1.5 * HOUR))).not.toBeNull();
    expect(await validateSessionToken(token, new Date(start.getTime() + 3 * HOUR))).not.toBeNull();
    // Then 2 hours of silence.
    expect(await validateSessionToken(token, new Date(start.getTime() + 5.01 * HOUR))).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  test("the absolute timeout ends a session however active it is", async () => {
    const user = await person();
    const start = new Date("2026-01-05T08:00:00Z");
    const { token } = await createSession(user.id, {}, start);
    for (let h = 1; h < 12; h++) expect(await validateSessionToken(token, new Date(start.getTime() + h * HOUR))).not.toBeNull();
    expect(await validateSessionToken(token, new Date(start.getTime() + 12 * HOUR))).toBeNull();
  });

  test("the session row is written at most once an hour however often it is used", async () => {
    const user = await person();
    const start = new Date("2026-01-05T08:00:00Z");
    const { token, session } = await createSession(user.id, {}, start);
    for (let m = 1; m < 60; m += 5) await validateSessionToken(token, new Date(start.getTime() + m * 60_000));
    const row = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.lastActiveAt.getTime()).toBe(start.getTime());
    await validateSessionToken(token, new Date(start.getTime() + 61 * 60_000));
    const later = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(later.lastActiveAt.getTime()).toBe(start.getTime() + 61 * 60_000);
  });

  test("logout, a password change and a disabled account revoke sessions", async () => {
    const user = await person();
    const a = await createSession(user.id);
    const b = await createSession(user.id);
    await invalidateSession(a.session.id);
    expect(await validateSessionToken(a.token)).toBeNull();
    expect(await validateSessionToken(b.token)).not.toBeNull();

    await setPassword(user.id, "Lianjie-2026-qingfeng");
    expect(await validateSessionToken(b.token)).toBeNull();

    const c = await createSession(user.id);
    const u = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    await updateUser(user.id, { name: u.name, staffNo: null, unitId: u.unitId, position: "", isPartyMember: false, active: false });
    expect(await validateSessionToken(c.token)).toBeNull();
  });

  test("ending all of a person's sessions can keep the current one", async () => {
    const user = await person();
    const keep = await createSession(user.id);
    const other = await createSession(user.id);
    expect(await invalidateUserSessions(user.id, keep.session.id)).toBe(1);
    expect(await validateSessionToken(keep.token)).not.toBeNull();
    expect(await validateSessionToken(other.token)).toBeNull();
  });

  test("expired rows are swept", async () => {
    const user = await person();
    const start = new Date("2026-01-05T08:00:00Z");
    await createSession(user.id, {}, start);
    const fresh = await createSession(user.id);
    expect(await deleteExpiredSessions(new Date(start.getTime() + 13 * HOUR))).toBeGreaterThanOrEqual(1);
    expect(await db.session.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([{ id: fresh.session.id }]);
  });

  test("the cookie is HttpOnly and SameSite=Lax, Secure only over HTTPS", async () => {
    const expires = new Date(Date.now() + HOUR);
    const plain = sessionCookie(new Request("http://10.1.2.3/login"), "id.secret", expires);
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).not.toMatch(/Secure/);
    expect(sessionCookie(new Request("https://qingfeng.example/login"), "id.secret", expires)).toMatch(/; Secure/);
    expect(readSessionToken(new Request("http://x/", { headers: { cookie: "a=1; qf_session=id.secret" } }))).toBe("id.secret");
  });

  test("passwords are stored as argon2id", async () => {
    const hash = await hashPassword("Lianjie-2026-qingfeng");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

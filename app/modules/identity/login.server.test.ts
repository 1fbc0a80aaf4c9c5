import { beforeEach, describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { login, perAccount, perAccountAddress, perAddress } from "./login.server.ts";
import { hashPassword, passwordProblem } from "./password.server.ts";
import { validateSessionToken } from "./session.server.ts";

const PASSWORD = "Qingfeng-Lianjie-2026";

async function person(username: string) {
  const { eastBranch } = await makeOrg();
  return makeUser(eastBranch.id, { username, passwordHash: await hashPassword(PASSWORD) });
}

beforeEach(() => {
  perAccount.clear();
  perAccountAddress.clear();
  perAddress.clear();
});

describe("login", () => {
  test("right credentials give a fresh session each time; every attempt is logged", async () => {
    const user = await person("liuyang");
    const a = await login({ username: "LiuYang ", password: PASSWORD, ip: "10.0.0.1" });
    const b = await login({ username: "liuyang", password: PASSWORD, ip: "10.0.0.1" });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.token).not.toBe(b.token);
    expect((await validateSessionToken(a.token))?.userId).toBe(user.id);
    const attempts = await db.loginAttempt.findMany({ where: { username: "liuyang" } });
    expect(attempts.map((x) => x.success)).toEqual([true, true]);
  });

  test("a wrong password and an unknown user get the same message", async () => {
    await person("chenjing");
    const wrong = await login({ username: "chenjing", password: "not-the-password", ip: "10.0.0.2" });
    const unknown = await login({ username: "nobody-here", password: PASSWORD, ip: "10.0.0.2" });
    expect(wrong).toEqual({ ok: false, status: 401, message: "用户名或密码不正确。" });
    expect(unknown).toEqual(wrong);
    const reasons = (await db.loginAttempt.findMany({ where: { ip: "10.0.0.2" }, orderBy: { id: "asc" } })).map((x) => x.reason);
    expect(reasons).toEqual(["bad_password", "unknown_user"]);
  });

  test("a disabled account cannot sign in", async () => {
    const user = await person("zhaolei");
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    const r = await login({ username: "zhaolei", password: PASSWORD, ip: "10.0.0.3" });
    expect(r).toMatchObject({ ok: false, status: 401 });
  });

  test("guessing one account from one address is stopped after 5 failures, even with the right password", async () => {
    await person("sunli");
    for (let i = 0; i < 5; i++) expect(await login({ username: "sunli", password: `guess-${i}`, ip: "10.0.0.4" })).toMatchObject({ status: 401 });
    expect(await login({ username: "sunli", password: PASSWORD, ip: "10.0.0.4" })).toEqual({
      ok: false,
      status: 429,
      message: "登录尝试过于频繁，请 15 分钟后再试。",
    });
    // The owner at another desk is not locked out by that.
    expect(await login({ username: "sunli", password: PASSWORD, ip: "10.0.0.5" })).toMatchObject({ ok: true });
  });

  test("a whole office behind one address can still sign in after a few colleagues mistype", async () => {
    await person("officeuser");
    for (let i = 0; i < 30; i++) await login({ username: `colleague${i}`, password: "typo-typo", ip: "192.0.2.10" });
    expect(await login({ username: "officeuser", password: PASSWORD, ip: "192.0.2.10" })).toMatchObject({ ok: true });
  });
});

describe("password rules", () => {
  test("length, common passwords, the username", () => {
    expect(passwordProblem("short")).toMatch(/至少需要 8 个字符/);
    expect(passwordProblem("x".repeat(65))).toMatch(/不能超过 64/);
    expect(passwordProblem("12345678")).toMatch(/过于常见/);
    expect(passwordProblem("Password1")).toMatch(/过于常见/);
    expect(passwordProblem("zhangwei-2026!", { username: "zhangwei" })).toMatch(/不能包含用户名/);
    expect(passwordProblem("廉洁从政清风正气2026")).toBeNull();
  });
});

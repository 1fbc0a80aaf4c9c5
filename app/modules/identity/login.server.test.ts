import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { deviceCookieName, issueDeviceCookie, trustedDevice } from "./device-cookie.server.ts";
import { login, LOGIN_WINDOW_MS, type LoginInput, type PasswordCheck } from "./login.server.ts";
import { hashPassword, passwordProblem, verifyPassword } from "./password.server.ts";
import { validateSessionToken } from "./session.server.ts";

const PASSWORD = "Qingfeng-Lianjie-2026";
let hash: Promise<string> | undefined;

async function person(username: string) {
  const { eastBranch } = await makeOrg();
  hash ??= hashPassword(PASSWORD);
  return makeUser(eastBranch.id, { username, passwordHash: await hash });
}

/** A wrong guess that skips argon2, for tests that need many failures quickly. */
const fastWrong: PasswordCheck = async () => false;

/** Signs in as `username` and returns the Cookie header carrying the device cookie it was given. */
async function trustedBrowser(username: string, ip: string): Promise<string> {
  const r = await login({ username, password: PASSWORD, ip });
  if (!r.ok) throw new Error(`could not sign in as ${username}: ${r.message}`);
  return `${r.device.name}=${r.device.value}`;
}

async function reasons(where: { username?: string; ip?: string }) {
  return (await db.loginAttempt.findMany({ where, orderBy: { id: "asc" } })).map((x) => x.reason);
}

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
    expect(attempts.map((x) => [x.success, x.reason, x.userId])).toEqual([
      [true, "ok", user.id],
      [true, "ok", user.id],
    ]);
  });

  test("a wrong password and an unknown user get the same message", async () => {
    await person("chenjing");
    const wrong = await login({ username: "chenjing", password: "not-the-password", ip: "10.0.0.2" });
    const unknown = await login({ username: "nobody-here", password: PASSWORD, ip: "10.0.0.2" });
    expect(wrong).toEqual({ ok: false, status: 401, message: "用户名或密码不正确。" });
    expect(unknown).toEqual(wrong);
    expect(await reasons({ ip: "10.0.0.2" })).toEqual(["bad_password", "unknown_user"]);
  });

  test("a disabled account cannot sign in", async () => {
    const user = await person("zhaolei");
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    const r = await login({ username: "zhaolei", password: PASSWORD, ip: "10.0.0.3" });
    expect(r).toMatchObject({ ok: false, status: 401, message: "该账号已停用，请联系管理员。" });
  });

  test("guessing one account from one address is stopped after 5 failures, even with the right password, and says until when", async () => {
    await person("sunli");
    const now = new Date("2026-12-02T06:00:00Z"); // 14:00 in Beijing
    for (let i = 0; i < 5; i++) expect(await login({ username: "sunli", password: `guess-${i}`, ip: "10.0.0.4" }, { now })).toMatchObject({ status: 401 });
    const limited = await login({ username: "sunli", password: PASSWORD, ip: "10.0.0.4" }, { now: new Date(now.getTime() + 60_000) });
    expect(limited).toMatchObject({ ok: false, status: 429, retryAt: new Date(now.getTime() + LOGIN_WINDOW_MS) });
    expect(!limited.ok && limited.message).toBe("登录尝试过于频繁，请于 14:15 之后再试（约 14 分钟）。在您此前成功登录过的浏览器上不受此限制。");
    // The owner at another desk is not locked out by that, and the limit lifts when the window has passed.
    expect(await login({ username: "sunli", password: PASSWORD, ip: "10.0.0.5" }, { now })).toMatchObject({ ok: true });
    expect(await login({ username: "sunli", password: PASSWORD, ip: "10.0.0.4" }, { now: new Date(now.getTime() + LOGIN_WINDOW_MS) })).toMatchObject({ ok: true });
  });

  test("a whole office behind one address can still sign in after a few colleagues mistype", async () => {
    await person("officeuser");
    for (let i = 0; i < 30; i++) await login({ username: `colleague${i}`, password: "typo-typo", ip: "192.0.2.10" }, { checkPassword: fastWrong });
    expect(await login({ username: "officeuser", password: PASSWORD, ip: "192.0.2.10" })).toMatchObject({ ok: true });
  });
});

describe("the login limiter cannot be raced", () => {
  test("of 40 parallel guesses only the budget (5) reach password verification; the right password after them is refused", async () => {
    await person("burst");
    let verified = 0;
    const counting: PasswordCheck = async (passwordHash, password) => {
      verified++;
      return passwordHash ? verifyPassword(passwordHash, password) : false;
    };
    const guesses: LoginInput[] = Array.from({ length: 40 }, (_, i) => ({ username: "burst", password: `wrong-guess-${i}`, ip: "203.0.113.40" }));
    const results = await Promise.all([...guesses, { username: "burst", password: PASSWORD, ip: "203.0.113.40" }].map((g) => login(g, { checkPassword: counting })));
    expect(verified).toBe(5);
    expect(results.filter((r) => !r.ok && r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.status === 429)).toHaveLength(36);
    expect(results.at(-1)).toMatchObject({ ok: false, status: 429 });
    // The log shows the same, and no attempt is left pending.
    const logged = await reasons({ username: "burst" });
    expect(logged.filter((r) => r === "bad_password")).toHaveLength(5);
    expect(logged.filter((r) => r === "rate_limited")).toHaveLength(36);
    expect(logged).not.toContain("pending");
  });
});

describe("guessing from elsewhere slows strangers down but never locks out the owner's own browser", () => {
  test("the owner with a device cookie still gets in after 25 failures from other addresses; untrusted browsers wait", async () => {
    await person("owner");
    const cookie = await trustedBrowser("owner", "10.1.0.1");
    for (let i = 0; i < 25; i++) await login({ username: "owner", password: `guess-${i}`, ip: `198.18.0.${i + 1}` }, { checkPassword: fastWrong });
    const stranger = await login({ username: "owner", password: PASSWORD, ip: "10.1.0.77" });
    expect(stranger).toMatchObject({ ok: false, status: 429 });
    expect(!stranger.ok && stranger.message).toMatch(/^登录尝试过于频繁，请于 \d\d:\d\d 之后再试（约 1[45] 分钟）。/);
    expect(await login({ username: "owner", password: PASSWORD, ip: "10.1.0.99", cookieHeader: `other=1; ${cookie}` })).toMatchObject({ ok: true });
  });

  test("an address that spent its budget (an office behind one NAT) does not block device-cookie holders there", async () => {
    await person("natknown");
    await person("natnew");
    const cookie = await trustedBrowser("natknown", "10.2.0.1");
    for (let i = 0; i < 100; i++) await login({ username: `someone${i}`, password: "typo-typo", ip: "198.51.100.7" }, { checkPassword: fastWrong });
    expect(await login({ username: "natnew", password: PASSWORD, ip: "198.51.100.7" })).toMatchObject({ ok: false, status: 429 });
    expect(await login({ username: "natknown", password: PASSWORD, ip: "198.51.100.7", cookieHeader: cookie })).toMatchObject({ ok: true });
  });

  test("a trusted browser has its own budget: 5 failures there slow it down, not the owner's other browsers", async () => {
    await person("ownbudget");
    const now = new Date();
    const laptop = await trustedBrowser("ownbudget", "10.3.0.1");
    const desktop = await trustedBrowser("ownbudget", "10.3.0.2");
    for (let i = 0; i < 5; i++) expect(await login({ username: "ownbudget", password: `typo-${i}`, ip: "10.3.0.1", cookieHeader: laptop }, { now })).toMatchObject({ status: 401 });
    const limited = await login({ username: "ownbudget", password: PASSWORD, ip: "10.3.0.1", cookieHeader: laptop }, { now });
    expect(limited).toMatchObject({ ok: false, status: 429 });
    expect(!limited.ok && limited.message).not.toMatch(/此前成功登录过的浏览器/);
    expect(await login({ username: "ownbudget", password: PASSWORD, ip: "10.3.0.1", cookieHeader: desktop }, { now })).toMatchObject({ ok: true });
    expect(await login({ username: "ownbudget", password: PASSWORD, ip: "10.3.0.1", cookieHeader: laptop }, { now: new Date(now.getTime() + LOGIN_WINDOW_MS) })).toMatchObject({ ok: true });
  });

  test("a forged, altered, expired or other user's device cookie is ignored", async () => {
    await person("victim");
    await person("insider");
    const real = issueDeviceCookie("victim");
    const [v, name, nonce, issued, mac] = real.value.split(".") as [string, string, string, string, string];
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    const victimCookie = (value: string) => `${deviceCookieName("victim")}=${value}`;
    const insider = issueDeviceCookie("insider");
    const forged = [
      victimCookie([v, name, nonce, issued, flip(mac)].join(".")),
      victimCookie([v, name, flip(nonce), issued, mac].join(".")),
      victimCookie([v, name, nonce, String(Number(issued) + 1), mac].join(".")),
      victimCookie([v, Buffer.from("insider").toString("base64url"), nonce, issued, mac].join(".")),
      victimCookie(insider.value), // the insider's genuine cookie, offered for the victim
      `${insider.name}=${insider.value}`,
      victimCookie("v1.dmljdGlt.AAAAAAAAAAAAAAAAAAAAAAAA.1.AAAA"),
      victimCookie(""),
    ];
    for (const header of forged) expect(trustedDevice(header, "victim"), header).toBeNull();
    expect(trustedDevice(victimCookie(real.value), "victim")).toBe(real.nonce);
    const expired = issueDeviceCookie("victim", new Date(Date.now() - 181 * 24 * 60 * 60 * 1000));
    expect(trustedDevice(victimCookie(expired.value), "victim")).toBeNull();

    // After 20 failures from elsewhere, none of them gets the victim's account past the limit.
    for (let i = 0; i < 20; i++) await login({ username: "victim", password: `guess-${i}`, ip: `198.19.0.${i + 1}` }, { checkPassword: fastWrong });
    for (const header of [...forged, victimCookie(expired.value)]) {
      expect(await login({ username: "victim", password: PASSWORD, ip: "10.4.0.9", cookieHeader: header }, { checkPassword: fastWrong })).toMatchObject({ status: 429 });
    }
    expect(await login({ username: "victim", password: PASSWORD, ip: "10.4.0.9", cookieHeader: victimCookie(real.value) })).toMatchObject({ ok: true });
  });

  test("the sign-in page sets the device cookie and reads it back", async () => {
    const { action } = await import("#app/routes/login.tsx");
    await person("viapage");
    const post = (cookie?: string, password = PASSWORD) =>
      (action as (a: unknown) => Promise<unknown>)({
        request: new Request("http://localhost/login", {
          method: "POST",
          body: new URLSearchParams({ username: "viapage", password, redirectTo: "/exams/abc?x=1#y" }),
          headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
        }),
        params: {},
        context: { clientIp: "10.5.0.1" },
      }) as Promise<Response>;
    const first = await post();
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/exams/abc?x=1#y");
    const setCookies = first.headers.getSetCookie();
    expect(setCookies.some((c) => c.startsWith("qf_session="))).toBe(true);
    const device = setCookies.find((c) => c.startsWith(deviceCookieName("viapage")));
    expect(device).toMatch(/; HttpOnly; SameSite=Strict; Max-Age=15552000/);
    const cookie = device!.split(";")[0]!;
    for (let i = 0; i < 25; i++) await login({ username: "viapage", password: `guess-${i}`, ip: `198.20.0.${i + 1}` }, { checkPassword: fastWrong });
    expect((await post(undefined) as unknown as { init: { status: number } }).init.status).toBe(429);
    expect((await post(cookie)).status).toBe(302);
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

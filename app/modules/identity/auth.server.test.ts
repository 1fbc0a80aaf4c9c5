import { describe, expect, test } from "vitest";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { getCurrentUser, safeRedirect } from "./auth.server.ts";
import { createSession, invalidateUserSessions } from "./session.server.ts";
import { grantRole, revokeGrant, updateUser } from "./users.server.ts";
import { db } from "#app/lib/db.server.ts";

const asked = (token: string) => new Request("http://localhost/", { headers: { cookie: `qf_session=${token}` } });

describe("the signed-in user", () => {
  test("is cached between requests, but a change of grants, details or unit shows on the very next request", async () => {
    const org = await makeOrg();
    const user = await makeUser(org.eastBranch.id, { name: "缓存甲" });
    const { token } = await createSession(user.id);
    expect((await getCurrentUser(asked(token)))!.grants).toEqual([]);

    const g = await grantRole(user.id, "manager", org.east.id, user.id);
    expect((await getCurrentUser(asked(token)))!.grants).toEqual([{ role: "manager", unitId: org.east.id, unitPath: org.east.path }]);

    await updateUser(user.id, { name: "缓存乙", unitId: org.westBranch.id, position: "科员", isPartyMember: true, active: true, staffNo: null });
    const moved = (await getCurrentUser(asked(token)))!;
    expect([moved.name, moved.unitPath]).toEqual(["缓存乙", org.westBranch.path]);

    await revokeGrant(g.id);
    expect((await getCurrentUser(asked(token)))!.grants).toEqual([]);
  });

  test("ending sessions takes effect at once, cache or not", async () => {
    const org = await makeOrg();
    const user = await makeUser(org.eastBranch.id);
    const { token } = await createSession(user.id);
    expect(await getCurrentUser(asked(token))).not.toBeNull();
    await invalidateUserSessions(user.id);
    expect(await getCurrentUser(asked(token))).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("where to go after signing in", () => {
  const site = "http://localhost:3000";
  const long = `/${"a".repeat(3000)}`;
  const hostile: [string, string][] = [
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with path", "//evil.example/login"],
    ["backslash after the slash", "/\\evil.example"],
    ["backslash later", "/a\\b"],
    ["tab encoded in the query string (decoded by searchParams)", decodeURIComponent("/%09/evil.example")],
    ["leading tab", "\t/evil.example"],
    ["tab in the middle", "/\t/evil.example"],
    ["carriage return", "/x\r\nSet-Cookie: a=b"],
    ["line feed", "/x\nLocation: //evil"],
    ["vertical tab", "/\v/evil.example"],
    ["NUL", "/a\u0000b"],
    ["DEL", "/a\u007fb"],
    ["C1 control", "/a\u0085b"],
    ["line separator", "/a\u2028b"],
    ["ideographic space", "/\u3000/evil.example"],
    ["absolute https URL", "https://evil.example/"],
    ["absolute http URL on the same host name but another scheme", "ftp://localhost:3000/"],
    ["same host, other port", "http://localhost:4000/"],
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["relative without slash", "evil.example"],
    ["dot segments that normalise to a protocol-relative path", "/.//evil.example"],
    ["encoded dot segments that normalise to a protocol-relative path", "/%2e//evil.example"],
    ["parent segments that normalise to a protocol-relative path", "/a/..//evil.example"],
    ["very long", long],
    ["empty", ""],
  ];
  test.each(hostile)("refuses %s", (_label, value) => {
    expect(safeRedirect(value, site)).toBe("/");
  });

  test("refuses what is not a string", () => {
    for (const value of [null, undefined, 42, {}, ["/exams"]]) expect(safeRedirect(value, site)).toBe("/");
  });

  test.each([
    ["/", "/"],
    ["/exams/abc?x=1#y", "/exams/abc?x=1#y"],
    ["/records?x=1", "/records?x=1"],
    ["/search?q=%E5%BB%89%E6%B4%81", "/search?q=%E5%BB%89%E6%B4%81"],
    ["/?next=//evil.example", "/?next=//evil.example"],
    ["http://localhost:3000/learn", "/learn"],
  ])("keeps the in-site path %s", (value, expected) => {
    expect(safeRedirect(value, site)).toBe(expected);
  });

  test("the sign-in page never sends the browser off-site and never fails on what it is given", async () => {
    const { loader, action } = await import("#app/routes/login.tsx");
    const org = await makeOrg();
    const user = await makeUser(org.eastBranch.id);
    const { token } = await createSession(user.id);
    for (const value of ["/\t/evil.example", "/x\r\ny", "/\v/evil.example", "//evil.example", "/exams/abc?x=1#y"]) {
      const request = new Request(`http://localhost/login?redirectTo=${encodeURIComponent(value)}`, { headers: { cookie: `qf_session=${token}` } });
      const thrown = await (loader as (a: unknown) => Promise<unknown>)({ request, params: {}, context: {} }).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      expect((thrown as Response).headers.get("location")).toBe(value === "/exams/abc?x=1#y" ? value : "/");
    }
    // Signing in with a hostile target lands on the home page.
    const { hashPassword } = await import("./password.server.ts");
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword("Qingfeng-Lianjie-2026") } });
    const body = new URLSearchParams({ username: user.username, password: "Qingfeng-Lianjie-2026", redirectTo: "/\t/evil.example" });
    const request = new Request("http://localhost/login", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
    const response = (await (action as (a: unknown) => Promise<unknown>)({ request, params: {}, context: { clientIp: "10.9.9.9" } })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });
});

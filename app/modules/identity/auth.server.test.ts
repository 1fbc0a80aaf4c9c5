import { describe, expect, test } from "vitest";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { getCurrentUser } from "./auth.server.ts";
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

import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { grant, makeOrg, makeUnit, makeUser } from "#tests/factories.ts";
import { requirePermission, personTarget } from "./auth.server.ts";
import { moveUnit } from "./org.server.ts";
import { can, scopesFor, type Actor } from "./permissions.server.ts";
import { createSession } from "./session.server.ts";

async function actorOf(userId: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { unit: true, grants: { include: { unit: true } } } });
  return { id: u.id, unitId: u.unitId, unitPath: u.unit.path, grants: u.grants.map((g) => ({ role: g.role as never, unitId: g.unitId, unitPath: g.unit.path })) };
}

async function requestAs(userId: string, url = "http://localhost/") {
  const { token } = await createSession(userId);
  return new Request(url, { headers: { cookie: `qf_session=${token}` } });
}

describe("permissions across the org tree", () => {
  test("a county manager reads records in their bureau's subtree and nothing of another bureau", async () => {
    const org = await makeOrg();
    const manager = await makeUser(org.east.id);
    await grant(manager.id, "manager", org.east.id);
    const eastStaff = await makeUser(org.eastBranch.id);
    const westStaff = await makeUser(org.westBranch.id);
    const actor = await actorOf(manager.id);

    expect(can(actor, "record.read", await personTarget(eastStaff.id))).toBe(true);
    expect(can(actor, "record.read", await personTarget(westStaff.id))).toBe(false);
    expect(can(actor, "oversight.read", { unitPath: org.west.path })).toBe(false);
    expect(can(actor, "oversight.read", { unitPath: org.city.path })).toBe(false);
    expect(can(actor, "oversight.read", { unitPath: org.eastBranch.path })).toBe(true);
    expect(scopesFor(actor, "record.read")).toEqual([org.east.path]);

    // Through the guard every loader calls: 403 for the other bureau.
    const request = await requestAs(manager.id);
    await expect(requirePermission(request, "record.read", await personTarget(eastStaff.id))).resolves.toMatchObject({ id: manager.id });
    const refused = await requirePermission(await requestAs(manager.id), "record.read", await personTarget(westStaff.id)).catch((e) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
  });

  test("a sibling unit whose id shares a prefix is not inside the subtree", async () => {
    const city = await makeUnit("市局", "city");
    const a = await db.orgUnit.create({ data: { id: "abc", code: "P-A", name: "甲", kind: "county", parentId: city.id, path: `${city.path}abc/`, depth: 1 } });
    const b = await db.orgUnit.create({ data: { id: "abcd", code: "P-B", name: "乙", kind: "county", parentId: city.id, path: `${city.path}abcd/`, depth: 1 } });
    const m = await makeUser(a.id);
    await grant(m.id, "manager", a.id);
    const other = await makeUser(b.id);
    expect(can(await actorOf(m.id), "record.read", await personTarget(other.id))).toBe(false);
  });

  test("staff read only their own records", async () => {
    const org = await makeOrg();
    const me = await makeUser(org.eastBranch.id);
    const colleague = await makeUser(org.eastBranch.id);
    const actor = await actorOf(me.id);
    expect(can(actor, "record.read", await personTarget(me.id))).toBe(true);
    expect(can(actor, "record.read", await personTarget(colleague.id))).toBe(false);
    expect(can(actor, "oversight.read", { unitPath: org.eastBranch.path })).toBe(false);
    expect(can(actor, "content.author", "global")).toBe(false);
  });

  test("a city-wide role covers every bureau; an inspector reads but does not manage", async () => {
    const org = await makeOrg();
    const inspector = await makeUser(org.city.id);
    await grant(inspector.id, "inspector", org.city.id);
    const actor = await actorOf(inspector.id);
    const westStaff = await makeUser(org.westBranch.id);
    expect(can(actor, "record.read", await personTarget(westStaff.id))).toBe(true);
    expect(can(actor, "user.manage", { unitPath: org.west.path })).toBe(false);
    expect(can(actor, "assignment.manage", { unitPath: org.west.path })).toBe(false);
  });

  test("moving a unit moves its subtree, and grants follow the tree", async () => {
    const org = await makeOrg();
    const manager = await makeUser(org.east.id);
    await grant(manager.id, "manager", org.east.id);
    const person = await makeUser(org.westBranch.id);
    expect(can(await actorOf(manager.id), "record.read", await personTarget(person.id))).toBe(false);
    await moveUnit(org.westBranch.id, org.east.id);
    const moved = await db.orgUnit.findUniqueOrThrow({ where: { id: org.westBranch.id } });
    expect(moved.path).toBe(`${org.east.path}${org.westBranch.id}/`);
    expect(moved.depth).toBe(2);
    expect(can(await actorOf(manager.id), "record.read", await personTarget(person.id))).toBe(true);
    await expect(moveUnit(org.east.id, org.westBranch.id)).rejects.toThrow(/下级/);
  });

  test("an anonymous request is sent to the login page with where it was going", async () => {
    const redirect = await requirePermission(new Request("http://localhost/records?x=1"), "record.read", "global").catch((e) => e);
    expect((redirect as Response).status).toBe(302);
    expect((redirect as Response).headers.get("location")).toBe("/login?redirectTo=%2Frecords%3Fx%3D1");
  });
});

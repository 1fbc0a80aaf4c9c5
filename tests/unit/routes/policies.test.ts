// Issue 13, the structural fix: each route asks its domain's policy, and what the screen offers
// matches what the loader or action allows. Real loaders and actions, a real session per role.
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { loader as appLoader } from "#app/routes/_app.tsx";
import { loader as reviewLoader } from "#app/routes/attempt.review.tsx";
import { loader as certificateLoader } from "#app/routes/attempt.certificate.ts";
import { action as adminUserAction, loader as adminUserLoader } from "#app/routes/admin.user.tsx";
import { callRoute, grant, makeOrg, makeUser, requestAs } from "#tests/factories.ts";

const ctx = { clientIp: "127.0.0.1" };

async function finishedAttempt(takerId: string, unitId: string, passed: boolean) {
  const now = new Date();
  const exam = await db.exam.create({
    data: { title: "廉洁知识测试", blueprintJson: "[]", opensAt: new Date(now.getTime() - 86_400_000), closesAt: new Date(now.getTime() + 86_400_000), timeLimitMinutes: 30 },
  });
  return db.attempt.create({
    data: { examId: exam.id, userId: takerId, unitId, number: 1, state: "finished", startedAt: now, deadlineAt: now, submittedAt: now, submittedBy: "manual", score: passed ? 90 : 10, maxScore: 100, percent: passed ? 90 : 10, passed },
  });
}

describe("attemptPolicy: review and certificate", () => {
  test("the taker and a manager over the taker's unit may; other staff and another bureau's manager may not", async () => {
    const org = await makeOrg();
    const taker = await makeUser(org.eastBranch.id);
    const colleague = await makeUser(org.eastBranch.id);
    const eastManager = await makeUser(org.east.id);
    await grant(eastManager.id, "manager", org.east.id);
    const westManager = await makeUser(org.west.id);
    await grant(westManager.id, "manager", org.west.id);
    const passed = await finishedAttempt(taker.id, org.eastBranch.id, true);
    const failed = await finishedAttempt(taker.id, org.eastBranch.id, false);

    const review = async (userId: string) =>
      callRoute(async () => reviewLoader({ request: await requestAs(userId, `/attempts/${passed.id}/review`), params: { attemptId: passed.id }, context: ctx } as never));
    // A failed attempt has no certificate: an allowed viewer gets 404 after the permission check, a refused one 403.
    const certificate = async (userId: string) =>
      (await callRoute(async () => certificateLoader({ request: await requestAs(userId, `/attempts/${failed.id}/certificate.pdf`), params: { attemptId: failed.id }, context: ctx } as never))).status;

    for (const [who, id] of [["taker", taker.id], ["manager over the unit", eastManager.id]] as const) {
      const r = await review(id);
      expect(r.status, who).toBe(200);
      expect((r.data as { offers: { certificate: boolean } }).offers.certificate, who).toBe(true);
      expect(await certificate(id), who).toBe(404);
    }
    for (const [who, id] of [["other staff", colleague.id], ["another bureau's manager", westManager.id]] as const) {
      expect((await review(id)).status, who).toBe(403);
      expect(await certificate(id), who).toBe(403);
    }
    // The manager's review read is logged; the refused viewers left no read behind.
    const readers = (await db.fileAccessLog.findMany({ where: { subjectId: taker.id, kind: "exam-review" } })).map((r) => r.viewerId);
    expect(readers).toEqual([eastManager.id]);
  });
});

describe("navigationPolicy: the menu of _app", () => {
  test("each role sees exactly the entries whose pages let it in", async () => {
    const org = await makeOrg();
    const make = async (role: string | null, unitId: string) => {
      const u = await makeUser(unitId);
      if (role) await grant(u.id, role, unitId);
      return u;
    };
    const nav = async (userId: string) => {
      const r = await callRoute(async () => appLoader({ request: await requestAs(userId, "/"), params: {}, context: ctx } as never));
      expect(r.status).toBe(200);
      return (r.data as { nav: Record<string, boolean> }).nav;
    };
    const none = { admin: false, author: false, manage: false, exams: false, oversight: false };
    expect(await nav((await make(null, org.eastBranch.id)).id)).toEqual(none);
    expect(await nav((await make("trainer", org.city.id)).id)).toEqual({ ...none, author: true, manage: true, exams: true });
    expect(await nav((await make("manager", org.east.id)).id)).toEqual({ ...none, manage: true, oversight: true });
    expect(await nav((await make("inspector", org.city.id)).id)).toEqual({ ...none, oversight: true });
    expect(await nav((await make("admin", org.city.id)).id)).toEqual({ admin: true, author: true, manage: true, exams: true, oversight: true });
  });
});

describe("userAdminPolicy: the person page offers what its action allows", () => {
  test("an admin of one bureau: others there yes, another bureau no, never their own admin role or account", async () => {
    const org = await makeOrg();
    const admin = await makeUser(org.east.id);
    const ownGrant = await grant(admin.id, "admin", org.east.id);
    const person = await makeUser(org.eastBranch.id);
    const personGrant = await grant(person.id, "manager", org.eastBranch.id);
    const westPerson = await makeUser(org.westBranch.id);
    const westGrant = await grant(westPerson.id, "manager", org.westBranch.id);

    type Page = { canGrant: boolean; canDisable: boolean; person: { grants: { id: string; revocable: boolean }[] } };
    const open = async (id: string) => callRoute(async () => adminUserLoader({ request: await requestAs(admin.id, `/admin/users/${id}`), params: { id }, context: ctx } as never));
    const post = async (id: string, form: Record<string, string>) =>
      callRoute(async () => adminUserAction({ request: await requestAs(admin.id, `/admin/users/${id}`, form), params: { id }, context: ctx } as never));

    const other = await open(person.id);
    expect(other.status).toBe(200);
    const otherPage = other.data as unknown as Page;
    expect(otherPage.canGrant).toBe(true);
    expect(otherPage.canDisable).toBe(true);
    expect(otherPage.person.grants.find((g) => g.id === personGrant.id)?.revocable).toBe(true);

    expect((await open(westPerson.id)).status).toBe(403);
    expect((await post(westPerson.id, { intent: "revoke", grantId: westGrant.id })).status).toBe(403);
    // A grant of someone else, revoked through this person's page, is refused.
    expect((await post(person.id, { intent: "revoke", grantId: westGrant.id })).status).toBe(403);

    // Their own page: the own admin role is not offered for revoking, nor the account for disabling, and the action refuses both.
    const self = (await open(admin.id)).data as unknown as Page;
    expect(self.canDisable).toBe(false);
    expect(self.person.grants.find((g) => g.id === ownGrant.id)?.revocable).toBe(false);
    expect((await post(admin.id, { intent: "revoke", grantId: ownGrant.id })).status).toBe(400);
    expect((await post(admin.id, { intent: "update", name: admin.name, staffNo: "", unitId: org.east.id, position: "" })).status).toBe(400);
    expect(await db.roleGrant.findUnique({ where: { id: ownGrant.id } })).not.toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).active).toBe(true);

    // What is offered works: revoking the other person's grant succeeds.
    expect((await post(person.id, { intent: "revoke", grantId: personGrant.id })).status).toBe(200);
    expect(await db.roleGrant.findUnique({ where: { id: personGrant.id } })).toBeNull();
    expect(await db.roleGrant.findUnique({ where: { id: westGrant.id } })).not.toBeNull();
  });
});

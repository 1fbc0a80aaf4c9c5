// Reads that crossed a line they should not (issue 13, item 18 c–e), through the real loaders.
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { search } from "#app/modules/content/search.server.ts";
import { loader as writingLoader, action as writingAction } from "#app/routes/writing.tsx";
import { loader as checkinLoader } from "#app/routes/checkin.tsx";
import { loader as showcaseLoader } from "#app/routes/showcase.tsx";
import { loader as workLoader } from "#app/routes/works.detail.tsx";
import { callRoute, grant, makeOrg, makeUser, requestAs } from "#tests/factories.ts";

const ctx = { clientIp: "127.0.0.1" };

describe("what a role may read", () => {
  test("(c) a draft reflection is its author's alone; once submitted, reviewers and inspectors read it", async () => {
    const org = await makeOrg();
    const author = await makeUser(org.eastBranch.id);
    const manager = await makeUser(org.east.id);
    await grant(manager.id, "manager", org.east.id);
    const inspector = await makeUser(org.city.id);
    await grant(inspector.id, "inspector", org.city.id);
    const doc = await db.reflection.create({ data: { userId: author.id, unitId: author.unitId, kind: "reflection", title: "草稿", body: "尚未写完的心得" } });
    const open = async (userId: string) => callRoute(async () => writingLoader({ request: await requestAs(userId, `/writing/${doc.id}`), params: { id: doc.id }, context: ctx } as never));
    expect((await open(author.id)).status).toBe(200);
    expect((await open(manager.id)).status).toBe(404);
    expect((await open(inspector.id)).status).toBe(404);
    await db.reflection.update({ where: { id: doc.id }, data: { status: "submitted", submittedAt: new Date() } });
    expect((await open(manager.id)).status).toBe(200);
    expect((await open(inspector.id)).status).toBe(200);
    const west = await makeUser(org.westBranch.id);
    expect((await open(west.id)).status).toBe(403);
  });

  test("(d) a check-in page shows a session only to the people it concerns", async () => {
    const org = await makeOrg();
    const organiser = await makeUser(org.east.id);
    const session = await db.offlineSession.create({
      data: { kind: "partyDay", title: "东区局主题党日", unitId: org.east.id, place: "三楼会议室", startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000), secret: "s", organiserId: organiser.id },
    });
    const inEast = await makeUser(org.eastBranch.id);
    const inWest = await makeUser(org.westBranch.id);
    const open = async (userId: string) => callRoute(async () => checkinLoader({ request: await requestAs(userId, `/checkin/${session.id}`), params: { sessionId: session.id }, context: ctx } as never));
    const east = await open(inEast.id);
    expect(east.status).toBe(200);
    expect(JSON.stringify(east.data)).toContain("东区局主题党日");
    const west = await open(inWest.id);
    expect(west.status).toBe(404);
  });

  test("(e) the showcase and a work's page show only the viewer's own bureau, unless they oversee more", async () => {
    const org = await makeOrg();
    const eastAuthor = await makeUser(org.eastBranch.id, { name: "东区作者" });
    const westAuthor = await makeUser(org.westBranch.id, { name: "西区作者" });
    const works = [];
    for (const a of [eastAuthor, westAuthor]) works.push(await db.work.create({ data: { userId: a.id, unitId: a.unitId, kind: "calligraphy", title: `${a.name}的字画`, status: "approved" } }));
    const eastStaff = await makeUser(org.eastBranch.id);
    const westManager = await makeUser(org.west.id);
    await grant(westManager.id, "manager", org.west.id);
    const cityManager = await makeUser(org.city.id);
    await grant(cityManager.id, "manager", org.city.id);
    const titles = async (userId: string) => {
      const r = await callRoute(async () => showcaseLoader({ request: await requestAs(userId, "/showcase"), params: {}, context: ctx } as never));
      return (r.data as { works: { title: string }[] }).works.map((w) => w.title).filter((x) => x.endsWith("的字画"));
    };
    expect(await titles(eastStaff.id)).toEqual(["东区作者的字画"]);
    expect(await titles(westManager.id)).toEqual(["西区作者的字画"]);
    expect((await titles(cityManager.id)).sort()).toEqual(["东区作者的字画", "西区作者的字画"].sort());
    const openWork = async (userId: string, id: string) => (await callRoute(async () => workLoader({ request: await requestAs(userId, `/works/${id}`), params: { workId: id }, context: ctx } as never))).status;
    expect(await openWork(westManager.id, works[0]!.id)).toBe(403);
    expect(await openWork(eastStaff.id, works[0]!.id)).toBe(200);
  });

  test("hostile input found by the fuzz: a NUL in a search, a prototype name as a writing kind", async () => {
    await expect(search("x\u0000y 公车")).resolves.toBeInstanceOf(Array);
    await expect(search("廉洁\u0000纪律自律")).resolves.toBeInstanceOf(Array);
    const org = await makeOrg();
    const staff = await makeUser(org.eastBranch.id);
    for (const kind of ["__proto__", "constructor", "toString"]) {
      const load = await callRoute(async () => writingLoader({ request: await requestAs(staff.id, `/writing/new?kind=${kind}`), params: {}, context: ctx } as never));
      expect(load.status).toBe(404);
      const save = await callRoute(async () => writingAction({ request: await requestAs(staff.id, "/writing/new", { kind, title: "x", body: "正文", intent: "draft" }), params: {}, context: ctx } as never));
      expect(save.status).toBe(400);
    }
  });
});

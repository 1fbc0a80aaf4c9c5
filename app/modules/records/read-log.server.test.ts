// Every read of a person's records by someone else writes one read-log row naming what was read
// (issue 13, 18(b)): the integrity file, xAPI (one person and unit-wide), reflections, exam reviews and
// pledge PDFs. Each route's real loader, with a real session; the owner's own reads are not logged.
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { publishPledge, signPledge } from "#app/modules/activities/pledges.server.ts";
import { saveWriting } from "#app/modules/activities/writing.server.ts";
import { loader as reviewLoader } from "#app/routes/attempt.review.tsx";
import { loader as fileLoader } from "#app/routes/file.tsx";
import { loader as pledgePdfLoader } from "#app/routes/pledge.pdf.ts";
import { loader as xapiLoader } from "#app/routes/records.xapi.ts";
import { loader as writingLoader } from "#app/routes/writing.tsx";
import { callRoute, grant, makeOrg, makeUser, requestAs } from "#tests/factories.ts";
import { appendRecord } from "./records.server.ts";

const context = { clientIp: "10.1.2.3" };
type Org = Awaited<ReturnType<typeof makeOrg>>;
let org: Org;
let owner: { id: string; unitId: string };
let colleague: { id: string; unitId: string };
let inspector: { id: string };
let outsider: { id: string };
let branchManager: { id: string; unitId: string };

const logsOf = (subjectId: string) =>
  db.fileAccessLog.findMany({ where: { subjectId }, orderBy: { id: "asc" }, select: { viewerId: true, kind: true, objectId: true, ip: true } });
const clear = () => db.fileAccessLog.deleteMany({});

beforeAll(async () => {
  org = await makeOrg();
  owner = await makeUser(org.eastBranch.id, { name: "赵清风" });
  colleague = await makeUser(org.eastBranch.id);
  const i = await makeUser(org.city.id);
  await grant(i.id, "inspector", org.city.id);
  inspector = i;
  // A manager of the other county bureau: may read nothing of the east.
  const o = await makeUser(org.westBranch.id);
  await grant(o.id, "manager", org.west.id);
  outsider = o;
  // A manager inside the branch, with records of their own.
  branchManager = await makeUser(org.eastBranch.id);
  await grant(branchManager.id, "manager", org.eastBranch.id);
  for (const p of [owner, colleague, branchManager]) {
    await appendRecord({ actorId: p.id, unitId: p.unitId, verb: "completed", object: { type: "lesson", id: "l1", name: "第一课" } });
  }
});

describe("the read log", () => {
  test("the integrity file: a read by another is logged, the owner's own is not", async () => {
    await clear();
    const call = async (viewer: string) => callRoute(async () => fileLoader({ request: await requestAs(viewer, `/people/${owner.id}/file`), params: { userId: owner.id }, context } as never));
    expect((await call(owner.id)).status).toBe(200);
    expect(await logsOf(owner.id)).toEqual([]);
    expect((await call(inspector.id)).status).toBe(200);
    expect((await call(outsider.id)).status).toBe(403);
    expect(await logsOf(owner.id)).toEqual([{ viewerId: inspector.id, kind: "view", objectId: "", ip: "10.1.2.3" }]);
  });

  test("xAPI for one person and for a unit's subtree: one row per person in the export, naming the unit", async () => {
    await clear();
    const call = async (viewer: string, query: string) => callRoute(async () => xapiLoader({ request: await requestAs(viewer, `/records/xapi?${query}`), params: {}, context } as never));
    expect((await call(inspector.id, `user=${owner.id}`)).status).toBe(200);
    expect(await logsOf(owner.id)).toEqual([{ viewerId: inspector.id, kind: "xapi", objectId: "", ip: "10.1.2.3" }]);
    await clear();
    expect((await call(outsider.id, `unit=${org.east.id}`)).status).toBe(403);
    const res = await call(inspector.id, `unit=${org.east.id}`);
    expect(res.status).toBe(200);
    const statements = JSON.parse(await res.response!.text()) as unknown[];
    expect(statements).toHaveLength(3);
    for (const p of [owner, colleague, branchManager]) expect(await logsOf(p.id)).toEqual([{ viewerId: inspector.id, kind: "xapi-unit", objectId: org.east.id, ip: "10.1.2.3" }]);
    // An export of one's own unit logs the others in it, not oneself.
    await clear();
    expect((await call(branchManager.id, `unit=${org.eastBranch.id}`)).status).toBe(200);
    expect(await logsOf(branchManager.id)).toEqual([]);
    for (const p of [owner, colleague]) expect(await logsOf(p.id)).toEqual([{ viewerId: branchManager.id, kind: "xapi-unit", objectId: org.eastBranch.id, ip: "10.1.2.3" }]);
  });

  test("a reflection read by another is logged with its id", async () => {
    await clear();
    const doc = await saveWriting(owner, { kind: "reflection", title: "学习心得", body: "严守纪律，".repeat(80), submit: true });
    const call = async (viewer: string) => callRoute(async () => writingLoader({ request: await requestAs(viewer, `/writing/${doc.id}`), params: { id: doc.id }, context } as never));
    expect((await call(owner.id)).status).toBe(200);
    expect((await call(outsider.id)).status).toBe(403);
    expect(await logsOf(owner.id)).toEqual([]);
    expect((await call(inspector.id)).status).toBe(200);
    expect(await logsOf(owner.id)).toEqual([{ viewerId: inspector.id, kind: "reflection", objectId: doc.id, ip: "10.1.2.3" }]);
  });

  test("an exam review read by another is logged with the attempt's id", async () => {
    await clear();
    const now = new Date();
    const exam = await db.exam.create({
      data: { title: "测试考试", blueprintJson: "[]", opensAt: new Date(now.getTime() - 3_600_000), closesAt: new Date(now.getTime() + 3_600_000), timeLimitMinutes: 30 },
    });
    const attempt = await db.attempt.create({
      data: { examId: exam.id, userId: owner.id, unitId: owner.unitId, number: 1, state: "finished", startedAt: now, deadlineAt: now, submittedAt: now, submittedBy: "manual", score: 0, maxScore: 0, percent: 0, passed: false },
    });
    const call = async (viewer: string) => callRoute(async () => reviewLoader({ request: await requestAs(viewer, `/attempts/${attempt.id}/review`), params: { attemptId: attempt.id }, context } as never));
    expect((await call(owner.id)).status).toBe(200);
    expect((await call(outsider.id)).status).toBe(403);
    expect(await logsOf(owner.id)).toEqual([]);
    expect((await call(inspector.id)).status).toBe(200);
    expect(await logsOf(owner.id)).toEqual([{ viewerId: inspector.id, kind: "exam-review", objectId: attempt.id, ip: "10.1.2.3" }]);
  });

  test("a signed pledge's PDF fetched by another is logged with the signature's id", async () => {
    await clear();
    const text = await publishPledge("---\ntitle: 测试承诺书\nyear: 2031\ngroup: all-staff\n---\n\n一、严守纪律。\n", null);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(400, 7)]).toString("base64");
    const s = await signPledge(
      { id: owner.id, unitId: owner.unitId, name: "赵清风", position: "科员" },
      { pledgeTextId: text.id, typedName: "赵清风", confirmed: true, signature: `data:image/png;base64,${png}` },
    );
    // No browser: the PDF itself is not made (503), which keeps the test fast; the read is still logged.
    const chromium = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    try {
      const call = async (viewer: string) => callRoute(async () => pledgePdfLoader({ request: await requestAs(viewer, `/pledge/${s.id}/pdf`), params: { signatureId: s.id }, context } as never));
      expect((await call(owner.id)).status).toBe(503);
      expect((await call(outsider.id)).status).toBe(403);
      expect(await logsOf(owner.id)).toEqual([]);
      expect((await call(inspector.id)).status).toBe(503);
      expect(await logsOf(owner.id)).toEqual([{ viewerId: inspector.id, kind: "pledge-pdf", objectId: s.id, ip: "10.1.2.3" }]);
    } finally {
      if (chromium === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = chromium;
    }
  });
});

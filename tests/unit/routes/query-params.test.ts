// The last query parameters and the editor's preview go through the one parse step: a search cut to
// what is searched, a bank export's format and a work kind from their lists, an export table from its
// three, a unit id bounded; junk is a 400 with a Chinese message, never a 500. Real loaders, real SQLite.
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { loader as searchLoader } from "#app/routes/search.tsx";
import { loader as bankExport } from "#app/routes/manage.questions.export.ts";
import { loader as newWork } from "#app/routes/works.new.tsx";
import { loader as oversightExport } from "#app/routes/oversight.export.ts";
import { loader as oversightPage } from "#app/routes/oversight.tsx";
import { action as preview } from "#app/routes/author.preview.ts";
import { callRoute, grant, makeOrg, makeQuestions, makeUser, requestAs, single } from "#tests/factories.ts";

const get = async (fn: (a: never) => unknown, userId: string, url: string) =>
  callRoute(async () => fn({ request: await requestAs(userId, url), params: {}, context: {} } as never) as Promise<unknown>);

async function people() {
  const org = await makeOrg();
  const staff = await makeUser(org.eastBranch.id);
  const trainer = await makeUser(org.city.id);
  await grant(trainer.id, "trainer", org.city.id);
  const manager = await makeUser(org.east.id);
  await grant(manager.id, "manager", org.east.id);
  return { org, staff, trainer, manager };
}

describe("query parameters through parseQuery", () => {
  test("a search is cut to its first 50 characters; a NUL in it is refused", async () => {
    const { staff } = await people();
    const long = await get(searchLoader, staff.id, `/search?q=${encodeURIComponent("廉".repeat(5000))}`);
    expect(long.status).toBe(200);
    expect((long.data as { q: string }).q).toHaveLength(50);
    const nul = await get(searchLoader, staff.id, `/search?q=${encodeURIComponent("a\u0000b")}`);
    expect(nul.status).toBe(400);
  });

  test("a bank export takes xlsx or gift only, and a bounded bank", async () => {
    const { trainer } = await people();
    const slug = `qp-${Math.random().toString(36).slice(2, 8)}`;
    await makeQuestions(slug, [single(`${slug}-1`)]);
    expect((await get(bankExport, trainer.id, `/manage/questions/export?bank=${slug}&format=gift`)).response?.headers.get("content-type")).toContain("text/plain");
    expect((await get(bankExport, trainer.id, `/manage/questions/export?bank=${slug}`)).response?.headers.get("content-type")).toContain("spreadsheetml");
    const bad = await get(bankExport, trainer.id, `/manage/questions/export?bank=${slug}&format=__proto__`);
    expect(bad.status).toBe(400);
    expect(await bad.response!.text()).toMatch(/[\u4e00-\u9fff]/);
    expect((await get(bankExport, trainer.id, `/manage/questions/export?bank=${"x".repeat(100_000)}`)).status).toBe(400);
  });

  test("a new work's kind comes from the list of kinds", async () => {
    const { staff } = await people();
    expect(((await get(newWork, staff.id, "/works/new?kind=calligraphy")).data as { kind: string }).kind).toBe("calligraphy");
    expect(((await get(newWork, staff.id, "/works/new")).data as { kind: string }).kind).toBe("lecture");
    expect((await get(newWork, staff.id, "/works/new?kind=__proto__")).status).toBe(400);
  });

  test("the oversight export names one of its three tables; a unit id is bounded", async () => {
    const { org, manager } = await people();
    const bad = await get(oversightExport, manager.id, `/oversight/export?unit=${org.east.id}&table=constructor`);
    expect(bad.status).toBe(400);
    expect(await bad.response!.text()).toBe(t.oversight.unknownTable);
    expect((await get(oversightExport, manager.id, `/oversight/export?unit=${org.east.id}&table=units`)).response?.headers.get("content-type")).toContain("spreadsheetml");
    expect((await get(oversightExport, manager.id, `/oversight/export?unit=${"u".repeat(100_000)}&table=units`)).status).toBe(400);
    expect((await get(oversightPage, manager.id, `/oversight?unit=${org.west.id}`)).status).toBe(403);
  });

  test("the editor's preview refuses a source over 200 000 characters with its located message, and compiles none", async () => {
    const { trainer } = await people();
    const before = await db.compiledMdx.count();
    const res = await callRoute(async () => preview({ request: await requestAs(trainer.id, "/author/preview", { source: "字".repeat(200_001) }), params: {}, context: {} } as never));
    expect(res.status).toBe(400);
    expect((res.data as { problems: { message: string }[] }).problems[0]!.message).toBe(t.author.errors.sourceTooLong);
    expect(await db.compiledMdx.count()).toBe(before);
  });
});

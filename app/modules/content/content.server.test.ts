import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { exportCourse, importCourseZip, publishDraft, rollbackTo, saveDraft } from "./authoring.server.ts";
import { getLessonPage } from "./catalog.server.ts";
import { getCompiled } from "./compile.server.ts";
import { search } from "./search.server.ts";
import { syncContent } from "#app/services/curriculum-sync.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";

/** A small curriculum on disk: one regulation, one case, one bank, one course with two lessons. */
function writeContent(root: string, overrides: Record<string, string | null> = {}) {
  const files: Record<string, string | null> = {
    "rules/test-reg.mdx": "---\ntitle: 测试条例（摘要）\nshortTitle: 测试条例\n---\n\n## 第一章 总则\n\n### 第一条\n\n公款不得用于吃喝玩乐。\n\n### 第二条\n\n不得收受管理服务对象的礼品礼金。\n",
    "cases/test-case.mdx":
      "---\ntitle: 某干部违规收受购物卡案\nsummary: 收受购物卡被处分\ndiscipline: integrity\narticles: [\"test-reg:2\"]\noutcome: 党内警告\nyear: 2025\n---\n\n## 基本案情\n\n某干部春节期间收受购物卡三张。\n",
    "questions/test-bank.yaml":
      "title: 测试题库\nquestions:\n  - id: t-001\n    type: truefalse\n    difficulty: 1\n    source: { article: \"test-reg:2\" }\n    stem: 可以收受管理服务对象的礼品礼金。\n    answer: false\n    explanation: 第二条明确禁止。\n",
    "theory/test-course/course.yaml": "title: 测试课程\nsummary: 用于测试\norder: 1\n",
    "theory/test-course/01-first.mdx": "---\ntitle: 第一课 公私分明\n---\n\n## 要点\n\n清风正气从公私分明开始。\n\n<CiteArticle id=\"test-reg:1\" />\n",
    "theory/test-course/02-second.mdx": "---\ntitle: 第二课 拒收礼金\n---\n\n## 要点\n\n拒收礼品礼金。\n\n<KnowledgeCheck questions=\"t-001\" />\n",
    ...overrides,
  };
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    if (text === null) fs.rmSync(file, { force: true });
    else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }
}

async function trainer() {
  const org = await makeOrg();
  return makeUser(org.city.id);
}

describe("content sync and authoring", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "qf-content-"));

  test("first sync publishes lessons, rules, cases and questions, and compiles once", async () => {
    writeContent(root);
    const report = await syncContent(root);
    expect(report.problems).toEqual([]);
    expect(report.lessons).toMatchObject({ created: 2, unchanged: 0 });
    expect(report.regulations).toBe(1);
    expect(report.cases).toBe(1);
    expect(report.questions.created).toBe(1);
    const page = await getLessonPage("test-course", "first");
    expect(page?.lesson.title).toBe("第一课 公私分明");
    expect(page?.compiled?.code).toContain("清风正气");
    expect(page?.refs.articles["test-reg:1"]?.body).toBe("公款不得用于吃喝玩乐。");
    expect(page?.next?.slug).toBe("second");
  });

  test("an unchanged start-up compiles nothing and makes no version", async () => {
    const versions = await db.lessonVersion.count();
    const report = await syncContent(root);
    expect(report.lessons).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await db.lessonVersion.count()).toBe(versions);
  });

  test("a changed file becomes a new published version; progress points at the same lesson", async () => {
    const before = await getLessonPage("test-course", "first");
    writeContent(root, { "theory/test-course/01-first.mdx": "---\ntitle: 第一课 公私分明（修订）\n---\n\n正文修订。\n" });
    const report = await syncContent(root);
    expect(report.lessons.updated).toBe(1);
    const after = await getLessonPage("test-course", "first");
    expect(after?.lesson.id).toBe(before?.lesson.id);
    expect(after?.lesson.title).toBe("第一课 公私分明（修订）");
    expect(after?.lesson.versionNumber).toBe(2);
  });

  test("a trainer's browser edit is never overwritten by sync: the file's version arrives as a draft", async () => {
    const user = await trainer();
    const lesson = await db.lesson.findFirstOrThrow({ where: { slug: "first" } });
    await saveDraft(lesson.id, "---\ntitle: 网页编辑版\n---\n\n培训管理员在网页中修改。\n", user.id);
    await publishDraft(lesson.id, user.id);
    writeContent(root, { "theory/test-course/01-first.mdx": "---\ntitle: 文件新版\n---\n\n文件也改了。\n" });
    await syncContent(root);
    const page = await getLessonPage("test-course", "first");
    expect(page?.lesson.title).toBe("网页编辑版");
    const fileDraft = await db.lessonVersion.findFirst({ where: { lessonId: lesson.id, status: "draft", origin: "file" } });
    expect(fileDraft?.title).toBe("文件新版");
  });

  test("publishing refuses a lesson with errors and lists them; a valid one is compiled and searchable", async () => {
    const user = await trainer();
    const lesson = await db.lesson.findFirstOrThrow({ where: { slug: "second" } });
    await saveDraft(lesson.id, "---\ntitle: 坏草稿\n---\n\n第一段\n\n<iframe src=\"x\" />\n", user.id);
    const err = await publishDraft(lesson.id, user.id).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).problems).toEqual([{ line: 7, column: 1, message: "不允许使用 <iframe> 标签。" }]);
    expect((await getLessonPage("test-course", "second"))?.lesson.title).toBe("第二课 拒收礼金");

    await saveDraft(lesson.id, "---\ntitle: 第二课 拒收礼金（新）\n---\n\n遇到送礼要坚决拒绝并登记上交。\n", user.id);
    const v = await publishDraft(lesson.id, user.id);
    const page = await getLessonPage("test-course", "second");
    expect(page?.lesson.title).toBe("第二课 拒收礼金（新）");
    expect(await getCompiled(page!.compiled!.hash)).not.toBeNull();
    const hits = await search("登记上交");
    expect(hits.map((h) => h.ref)).toContain("test-course/second");
    expect(v.status).toBe("published");
  });

  test("search works for short Chinese terms, marks the hit, and skips drafts", async () => {
    const user = await trainer();
    const hits = await search("礼金");
    expect(hits.find((h) => h.kind === "article" && h.ref === "test-reg:2")?.snippet).toContain("\u0002礼金\u0003");
    const lesson = await db.lesson.findFirstOrThrow({ where: { slug: "second" } });
    await saveDraft(lesson.id, "---\ntitle: 草稿\n---\n\n独一无二的草稿短语甲乙丙。\n", user.id);
    expect(await search("草稿短语甲乙丙")).toEqual([]);
  });

  test("rolling back republishes an old version as the newest, keeping history", async () => {
    const user = await trainer();
    const lesson = await db.lesson.findFirstOrThrow({ where: { slug: "second" }, include: { versions: { orderBy: { number: "asc" } } } });
    const first = lesson.versions[0]!;
    const v = await rollbackTo(lesson.id, first.id, user.id);
    expect(v.number).toBeGreaterThan(first.number);
    expect(v.source).toBe(first.source);
    expect((await getLessonPage("test-course", "second"))?.lesson.title).toBe("第二课 拒收礼金");
  });

  test("a course exports as a zip of MDX and imports back; a bad lesson imports nothing", async () => {
    const user = await trainer();
    const course = await db.course.findUniqueOrThrow({ where: { slug: "test-course" } });
    const zip = await exportCourse(course.id);
    // Import it under a new slug by renaming the folder inside the zip.
    const { unzipSync } = await import("fflate");
    const entries = unzipSync(zip.bytes);
    const renamed = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k.replace(/^test-course\//, "copied-course/"), v]));
    const report = await importCourseZip(zipSync(renamed), user.id, "red");
    expect(report).toMatchObject({ created: 2, updated: 0 });
    const copy = await getLessonPage("copied-course", "first");
    expect(copy?.course.classroom).toBe("red");

    const bad = zipSync({
      "bad-course/course.yaml": strToU8("title: 坏课程\n"),
      "bad-course/01-ok.mdx": strToU8("---\ntitle: 好\n---\n\n好。\n"),
      "bad-course/02-bad.mdx": strToU8("---\ntitle: 坏\n---\n\n{alert(1)}\n"),
    });
    const err = await importCourseZip(bad, user.id, "theory").catch((e) => e);
    expect((err as Error).message).toMatch(/02-bad\.mdx:5:1 课时中不允许使用 JavaScript 表达式/);
    expect(await db.course.findUnique({ where: { slug: "bad-course" } })).toBeNull();
  });

  test("a removed file archives its lesson; its versions and records stay", async () => {
    const user = await trainer();
    const lesson = await db.lesson.findFirstOrThrow({ where: { slug: "first", course: { slug: "test-course" } } });
    await db.record.create({
      data: { id: "r-archive", actorId: user.id, unitId: user.unitId, verb: "completed", objectType: "lesson", objectId: lesson.id, objectName: "x", timestamp: new Date(), prevHash: "0", hash: "h-archive" },
    });
    writeContent(root, { "theory/test-course/01-first.mdx": null });
    const report = await syncContent(root);
    expect(report.lessons.archived).toBe(1);
    expect(await getLessonPage("test-course", "first")).toBeNull();
    expect(await db.lessonVersion.count({ where: { lessonId: lesson.id } })).toBeGreaterThan(0);
    expect(await db.record.findUnique({ where: { id: "r-archive" } })).not.toBeNull();
  });
});

describe("the lesson data cache", () => {
  test("a load that was under way when content changed is not kept", async () => {
    const { getLessonPage } = await import("./catalog.server.ts");
    const { changed } = await import("#app/lib/cache.server.ts");
    const slug = `cache-${Math.random().toString(36).slice(2, 8)}`;
    const course = await db.course.create({ data: { slug, classroom: "theory", title: "缓存课程" } });
    const lesson = await db.lesson.create({ data: { courseId: course.id, slug: "one", title: "旧标题" } });
    const version = await db.lessonVersion.create({ data: { lessonId: lesson.id, number: 1, status: "published", origin: "file", source: "---\ntitle: 旧标题\n---\n\n正文。\n", title: "旧标题", contentHash: `h-${slug}` } });
    await db.lesson.update({ where: { id: lesson.id }, data: { publishedVersionId: version.id } });

    const during = getLessonPage(slug, "one");
    changed("curriculum"); // a publish lands while that load runs
    expect((await during)?.lesson.title).toBe("旧标题");
    await db.lessonVersion.update({ where: { id: version.id }, data: { title: "新标题" } });
    expect((await getLessonPage(slug, "one"))?.lesson.title).toBe("新标题");
    // A load with nothing in between is kept for the next reader.
    await db.lessonVersion.update({ where: { id: version.id }, data: { title: "再改" } });
    expect((await getLessonPage(slug, "one"))?.lesson.title).toBe("新标题");
  });
});

// Issue 13 #1: a second front-matter block opened with `---js` was evaluated by gray-matter inside
// mdx-bundler on every path that compiles MDX. Each path is tried with it; none may run it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterEach, describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { publishPledge } from "#app/modules/activities/pledges.server.ts";
import { createCourse, createLesson, importCourseZip, previewLesson, publishDraft, rollbackTo, saveDraft } from "./authoring.server.ts";
import { bundleSafely, compileMdx } from "./compile.server.ts";
import { syncContent } from "#app/services/curriculum-sync.server.ts";
import { validateMdxBody } from "./validate.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";

const g = globalThis as { __pwned?: number };
const EVIL_BODY = "---js\n{ a: (globalThis.__pwned = 1) }\n---\n\n# 标题\n";
const evil = (title: string, head = "") => `---\ntitle: ${title}\n${head}---\n${EVIL_BODY}`;

afterEach(() => {
  expect(g.__pwned, "authored JavaScript ran").toBeUndefined();
  delete g.__pwned;
});

describe("front matter never reaches an evaluator", () => {
  test("the validator refuses a body that opens with a fence, with its line", () => {
    const problems = validateMdxBody(evil("课"));
    expect(problems.map((p) => `${p.line} ${p.message}`)).toContainEqual(expect.stringMatching(/^4 正文不能以 ---/));
    for (const fence of ["---\n", "---coffee\n", "+++\n", "  ---javascript\n", "\n\n---js\n"]) {
      expect(validateMdxBody(`---\ntitle: x\n---\n${fence}a: 1\n---\n正文`).length, fence).toBeGreaterThan(0);
    }
    expect(validateMdxBody("---\ntitle: x\n---\n\n正文。\n\n---\n\n下一节。\n")).toEqual([]);
  });

  test("the bundler itself reads no front matter, whatever it is given", async () => {
    // The bundler runs in a worker, so the payload leaves a mark outside it: a file.
    const mark = path.join(os.tmpdir(), `qf-pwned-${process.pid}-${Math.random().toString(36).slice(2)}`);
    for (const lang of ["js", "javascript", "JavaScript", "coffee", ""]) {
      await bundleSafely(`---${lang}\nrequire("fs").writeFileSync(${JSON.stringify(mark)}, "x")\n---\n\n正文\n`);
      expect(fs.existsSync(mark), lang).toBe(false);
    }
    await expect(compileMdx(evil("课"))).rejects.toThrow("正文不能以 ---");
  });

  test("preview, publish, rollback, course zip import, pledge publishing and content sync all refuse it", async () => {
    const org = await makeOrg();
    const trainer = await makeUser(org.city.id);
    const tag = Math.random().toString(36).slice(2, 8);
    const course = await createCourse({ classroom: "theory", slug: `fm-${tag}`, title: "前置块测试", summary: "" });
    const lesson = await createLesson(course.id, { slug: `l-${tag}`, title: "课" }, trainer.id);

    const preview = await previewLesson(evil("预览"));
    expect(preview.hash).toBeNull();
    expect(preview.problems.length).toBeGreaterThan(0);

    await expect(saveDraft(lesson.id, evil("草稿"), trainer.id).then(() => publishDraft(lesson.id, trainer.id))).rejects.toThrow();

    // An evil version stored by other means (an old database) cannot be rolled back to.
    const v = await db.lessonVersion.create({ data: { lessonId: lesson.id, number: 99, status: "superseded", origin: "browser", source: evil("旧版"), title: "旧版", contentHash: `evil-${tag}` } });
    await expect(rollbackTo(lesson.id, v.id, trainer.id)).rejects.toThrow();

    const zip = zipSync({ [`zip-${tag}/course.yaml`]: strToU8(`title: 导入课程${tag}\n`), [`zip-${tag}/01-evil.mdx`]: strToU8(evil("导入")) });
    const report = await importCourseZip(zip, trainer.id, "theory").catch((e: Error) => ({ error: e.message }));
    expect(JSON.stringify(report)).toContain("正文不能以");

    await expect(publishPledge(evil("承诺书", "year: 2031\ngroup: all-staff\n"), trainer.id)).rejects.toThrow("正文不能以 ---");

    const root = fs.mkdtempSync(path.join(os.tmpdir(), "qf-fm-"));
    fs.mkdirSync(path.join(root, "theory", `sync-${tag}`), { recursive: true });
    fs.writeFileSync(path.join(root, "theory", `sync-${tag}`, "course.yaml"), "title: 同步课程\norder: 1\n");
    fs.writeFileSync(path.join(root, "theory", `sync-${tag}`, "01-evil.mdx"), evil("同步"));
    const synced = await syncContent(root);
    expect(synced.problems.some((p) => p.message.includes("正文不能以"))).toBe(true);
  });
});

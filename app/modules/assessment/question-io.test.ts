import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { parseGift, toGift } from "./gift.ts";
import { saveQuestions } from "./question-bank.server.ts";
import { questionSchema, type QuestionInput } from "./question-format.ts";
import { readQuestionXlsx, writeQuestionXlsx } from "./question-xlsx.server.ts";
import ExcelJS from "exceljs";

const GIFT = `// A comment Moodle ignores
$CATEGORY: 廉洁纪律

// qingfeng: id=g-single difficulty=2 tags=廉洁纪律,礼品礼金 article=test-reg:1
::g-single:: 党员收受管理服务对象的礼品礼金，违反的是哪一类纪律？{~政治纪律 =廉洁纪律 ~群众纪律 ####条例把它列在廉洁纪律一章。}

// qingfeng: case=test-case
::多选:: 下列属于“四风”的有：{~%50%形式主义 ~%50%官僚主义 ~%-100%实事求是}

// qingfeng: article=test-reg:1
公款可以用于个人消费。{F}

// qingfeng: article=test-reg:1
中央八项规定精神要求厉行{=勤俭节约 =节约}，反对铺张浪费。

// qingfeng: article=test-reg:1
::谈谈你的理解:: 结合岗位谈谈如何落实廉洁自律准则。{}
`;

describe("GIFT", () => {
  test("each supported kind becomes a question of ours", () => {
    const { items, problems } = parseGift(GIFT, { idPrefix: "bank" });
    expect(problems).toEqual([]);
    const qs = items.map((i) => questionSchema.parse(i.input));
    expect(qs.map((q) => [q.id, q.type])).toEqual([
      ["g-single", "single"],
      ["bank-002", "multiple"],
      ["bank-003", "truefalse"],
      ["bank-004", "fill"],
      ["bank-005", "short"],
    ]);
    expect(qs[0]).toMatchObject({ answer: 2, difficulty: 2, tags: ["廉洁纪律", "礼品礼金"], explanation: "条例把它列在廉洁纪律一章。" });
    expect(qs[1]).toMatchObject({ answer: [1, 2], source: { case: "test-case" } });
    expect(qs[3]).toMatchObject({ stem: "中央八项规定精神要求厉行 ____ ，反对铺张浪费。", answer: [["勤俭节约", "节约"]] });
    expect(items.map((i) => i.line)).toEqual([5, 8, 11, 14, 17]);
  });

  test("bad questions are reported with their line, and none is taken", () => {
    const { items, problems } = parseGift("// qingfeng: article=a:1\n没有答案的题\n\n::无出处:: 题目{=对 ~错}\n\n// qingfeng: article=a:1\n题目{~甲 ~乙}\n", { idPrefix: "x" });
    expect(problems).toEqual([
      { line: 2, message: "缺少答案部分 {…}。" },
      { line: 4, message: expect.stringMatching(/^缺少出处：请在题目前加一行/) },
      { line: 7, message: "没有标出正确答案（用 = 或正的 %权重%）。" },
    ]);
    expect(items).toEqual([]);
  });

  test("export and import back give the same questions", () => {
    const qs = parseGift(GIFT, { idPrefix: "bank" }).items.map((i) => questionSchema.parse(i.input));
    const multiBlank: QuestionInput = { id: "fill-2", type: "fill", difficulty: 1, tags: [], source: { article: "a:1" }, stem: "坚持____做人，____做事。", answer: [["清白"], ["干净"]], explanation: "" };
    const again = parseGift(toGift([...qs, multiBlank]), { idPrefix: "bank" }).items.map((i) => questionSchema.parse(i.input));
    expect(again).toEqual([...qs, multiBlank]);
  });
});

async function setupRefs() {
  await db.regulation.upsert({ where: { slug: "test-reg" }, create: { slug: "test-reg", title: "测试条例", shortTitle: "测试", sourceHash: "x" }, update: {} });
  await db.article.upsert({ where: { id: "test-reg:1" }, create: { id: "test-reg:1", regulationSlug: "test-reg", number: 1, label: "第一条", chapter: "总则", body: "正文" }, update: {} });
}

describe("xlsx", () => {
  test("the template round-trips and imports; a file with bad rows imports nothing", async () => {
    await setupRefs();
    const qs: QuestionInput[] = [
      { id: "x-1", type: "single", difficulty: 1, tags: ["廉洁纪律"], source: { article: "test-reg:1" }, stem: "单选题干", options: ["甲", "乙", "丙"], answer: 3, explanation: "解析" },
      { id: "x-2", type: "truefalse", difficulty: 3, tags: [], source: { article: "test-reg:1" }, stem: "判断题干", answer: false, explanation: "" },
      { id: "x-3", type: "fill", difficulty: 2, tags: [], source: { article: "test-reg:1" }, stem: "填____空", answer: [["甲", "乙"]], explanation: "" },
    ];
    const read = await readQuestionXlsx(new Uint8Array(await writeQuestionXlsx(qs)));
    expect(read.problems).toEqual([]);
    expect(read.rows.map((r) => questionSchema.parse(r.input))).toEqual(qs);
    expect(await saveQuestions("xlsx-bank", "xlsx 题库", read.rows, { origin: "import", createdById: "t" })).toEqual({ ok: true, created: 3, updated: 0, unchanged: 0 });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("题库");
    ws.addRow(["题目编号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "解析", "难度", "标签", "条款编号", "案例编号"]);
    ws.addRow(["y-1", "单选题", "好题", "甲", "乙", "", "", "", "", "A", "", "1", "", "test-reg:1", ""]);
    ws.addRow(["y-2", "问答题", "题型不对", "", "", "", "", "", "", "", "", "1", "", "test-reg:1", ""]);
    ws.addRow(["y-3", "单选题", "答案超界", "甲", "乙", "", "", "", "", "D", "", "1", "", "test-reg:1", ""]);
    ws.addRow(["y-4", "判断题", "出处不存在", "", "", "", "", "", "", "正确", "", "2", "", "nope:9", ""]);
    const bad = await readQuestionXlsx(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(bad.problems).toEqual([{ line: 3, column: "题型", message: expect.stringMatching(/题型“问答题”无效/) }]);
    const saved = await saveQuestions("bad-bank", "坏题库", bad.rows, { origin: "import", createdById: "t" });
    expect(saved.ok).toBe(false);
    if (!saved.ok) {
      expect(saved.problems.map((p) => p.line)).toEqual([4, 5]);
      expect(saved.problems[1]!.message).toBe("引用的条款不存在：nope:9");
    }
    expect(await db.question.findUnique({ where: { id: "y-1" } })).toBeNull();
  });
});

describe("the question pool", () => {
  test("is read once and shared, and sees a new question or a new version at once", async () => {
    const { questionPool } = await import("./question-bank.server.ts");
    const { makeQuestions, single } = await import("#tests/factories.ts");
    await makeQuestions("pool-bank", [single("pool-q1")]);
    const first = questionPool();
    expect(questionPool()).toBe(first);
    const before = await first;
    expect(before.find((q) => q.questionId === "pool-q1")?.optionCount).toBeGreaterThan(0);
    await makeQuestions("pool-bank", [single("pool-q2")]);
    const after = await questionPool();
    expect(after.map((q) => q.questionId)).toContain("pool-q2");
    const v1 = after.find((q) => q.questionId === "pool-q1")!.versionId;
    await db.$transaction(async (tx) => {
      const { addQuestionVersion } = await import("./question-bank.server.ts");
      await addQuestionVersion(tx, questionSchema.parse(single("pool-q1", 2)), { origin: "browser" });
    });
    expect((await questionPool()).find((q) => q.questionId === "pool-q1")!.versionId).not.toBe(v1);
  });
});

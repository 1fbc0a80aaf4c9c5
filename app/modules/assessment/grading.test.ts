import { describe, expect, test } from "vitest";
import { grade, normaliseText } from "./grading.ts";
import { normaliseAnswer, questionSchema } from "./question-format.ts";

describe("grading", () => {
  test("single choice", () => {
    const q = { type: "single" as const, answer: [2] };
    expect(grade(q, { type: "single", choice: 2 })).toEqual({ fraction: 1, state: "correct" });
    expect(grade(q, { type: "single", choice: 0 })).toEqual({ fraction: 0, state: "wrong" });
    expect(grade(q, { type: "single", choice: null })).toEqual({ fraction: 0, state: "unanswered" });
    expect(grade(q, null)).toEqual({ fraction: 0, state: "unanswered" });
  });

  test("multiple choice is all or nothing", () => {
    const q = { type: "multiple" as const, answer: [0, 2] };
    expect(grade(q, { type: "multiple", choices: [2, 0] }).state).toBe("correct");
    expect(grade(q, { type: "multiple", choices: [0] }).state).toBe("wrong");
    expect(grade(q, { type: "multiple", choices: [0, 1, 2] }).state).toBe("wrong");
    expect(grade(q, { type: "multiple", choices: [] }).state).toBe("unanswered");
  });

  test("true/false", () => {
    expect(grade({ type: "truefalse", answer: false }, { type: "truefalse", value: false }).state).toBe("correct");
    expect(grade({ type: "truefalse", answer: false }, { type: "truefalse", value: true }).state).toBe("wrong");
  });

  test("fill in the blank accepts alternatives, full-width forms and quotes; partial credit per blank", () => {
    const q = { type: "fill" as const, answer: [["八项规定"], ["四风", "“四风”"]] };
    expect(grade(q, { type: "fill", blanks: [" 八项规定 ", "四风"] })).toEqual({ fraction: 1, state: "correct" });
    expect(grade(q, { type: "fill", blanks: ["八项规定", "“四风”"] }).state).toBe("correct");
    expect(grade(q, { type: "fill", blanks: ["八项规定", "三风"] })).toEqual({ fraction: 0.5, state: "partial" });
    expect(grade(q, { type: "fill", blanks: ["", ""] }).state).toBe("unanswered");
    expect(normaliseText("ＡＢＣ　１２３")).toBe("abc 123");
  });

  test("short answers wait for a person", () => {
    expect(grade({ type: "short", answer: "参考答案" }, { type: "short", text: "我的回答" }).state).toBe("needsGrading");
    expect(grade({ type: "short", answer: "参考答案" }, { type: "short", text: "  " }).state).toBe("unanswered");
  });

  test("a response of another type is unanswered", () => {
    expect(grade({ type: "single", answer: [0] }, { type: "truefalse", value: true }).state).toBe("unanswered");
  });
});

describe("question format", () => {
  const base = { id: "q-1", difficulty: 1, tags: [], source: { article: "r:1" }, stem: "题干内容", explanation: "解析" };
  test("answers are normalised to zero-based, sorted keys", () => {
    const q = questionSchema.parse({ ...base, type: "multiple", options: ["甲", "乙", "丙"], answer: [3, 1] });
    expect(normaliseAnswer(q)).toEqual([0, 2]);
  });
  test("bad questions are refused with a reason", () => {
    const r1 = questionSchema.safeParse({ ...base, type: "single", options: ["甲", "乙"], answer: 3 });
    expect(r1.success).toBe(false);
    expect(r1.error?.issues[0]?.message).toMatch(/超出了选项范围/);
    const r2 = questionSchema.safeParse({ ...base, type: "fill", stem: "只有一个空____", answer: ["a", "b"] });
    expect(r2.error?.issues[0]?.message).toMatch(/数量必须与 answer 的个数一致/);
    const r3 = questionSchema.safeParse({ ...base, type: "essay", answer: "x" });
    expect(r3.success).toBe(false);
    const r4 = questionSchema.safeParse({ ...base, source: { article: "r:1", case: "c" }, type: "truefalse", answer: true });
    expect(r4.error?.issues[0]?.message).toMatch(/只能指明一个出处/);
  });
});

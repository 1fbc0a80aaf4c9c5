// The question format shared by files under content/questions/, the xlsx/GIFT importers and the
// browser editor. One Zod schema; answers are normalised so grading is a pure function.
import { z } from "zod";

export const QUESTION_TYPES = ["single", "multiple", "truefalse", "fill", "short"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TYPE_LABEL: Record<QuestionType, string> = {
  single: "单选题",
  multiple: "多选题",
  truefalse: "判断题",
  fill: "填空题",
  short: "简答题",
};

export const BLANK = "____";

const source = z
  .object({ article: z.string().min(1).optional(), case: z.string().min(1).optional() })
  .strict()
  .refine((s) => Boolean(s.article) !== Boolean(s.case), "source 必须且只能指明一个出处：{ article: … } 或 { case: … }。");

const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "id 只能包含小写字母、数字和连字符。"),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: "difficulty 必须是 1、2 或 3。" }),
  tags: z.array(z.string().trim().min(1)).default([]),
  source,
  stem: z.string().trim().min(2, "题干不能为空。"),
  explanation: z.string().trim().default(""),
};

const options = z.array(z.string().trim().min(1, "选项不能为空。")).min(2, "至少需要 2 个选项。").max(8, "最多 8 个选项。");

export const questionSchema = z.discriminatedUnion(
  "type",
  [
    z
      .object({ ...base, type: z.literal("single"), options, answer: z.number().int().min(1) })
      .strict()
      .refine((q) => q.answer <= q.options.length, { message: "answer 超出了选项范围。", path: ["answer"] }),
    z
      .object({ ...base, type: z.literal("multiple"), options, answer: z.array(z.number().int().min(1)).min(2, "多选题至少要有 2 个正确选项。") })
      .strict()
      .refine((q) => q.answer.every((a) => a <= q.options.length), { message: "answer 超出了选项范围。", path: ["answer"] })
      .refine((q) => new Set(q.answer).size === q.answer.length, { message: "answer 中有重复的选项。", path: ["answer"] }),
    z.object({ ...base, type: z.literal("truefalse"), answer: z.boolean({ error: "判断题的 answer 必须是 true 或 false。" }) }).strict(),
    z
      .object({
        ...base,
        type: z.literal("fill"),
        answer: z.array(z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)])).min(1),
      })
      .strict()
      .refine((q) => q.stem.split(BLANK).length - 1 === q.answer.length, {
        message: `填空题题干中的空（${BLANK}）数量必须与 answer 的个数一致。`,
        path: ["answer"],
      }),
    z.object({ ...base, type: z.literal("short"), answer: z.string().trim().min(1, "简答题需要参考答案。") }).strict(),
  ],
  { error: "type 必须是 single、multiple、truefalse、fill 或 short。" },
);

export type QuestionInput = z.infer<typeof questionSchema>;

export const bankSchema = z
  .object({
    title: z.string().trim().min(1, "题库需要 title。"),
    questions: z.array(z.unknown()).min(1, "题库至少要有一道题。"),
  })
  .strict();

/** The canonical stored answer: single → [i], multiple → sorted [i…], truefalse → bool, fill → [[alts]…], short → text. */
export type StoredAnswer = number[] | boolean | string[][] | string;

export function normaliseAnswer(q: QuestionInput): StoredAnswer {
  switch (q.type) {
    case "single":
      return [q.answer - 1];
    case "multiple":
      return [...q.answer].map((a) => a - 1).sort((a, b) => a - b);
    case "truefalse":
      return q.answer;
    case "fill":
      return q.answer.map((a) => (Array.isArray(a) ? a : [a]));
    case "short":
      return q.answer;
  }
}

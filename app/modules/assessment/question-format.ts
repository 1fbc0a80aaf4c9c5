// The question format shared by files under content/questions/, the xlsx/GIFT importers and the
// browser editor. One Zod schema; answers are normalised so grading is a pure function.
import { z } from "zod";
import { t } from "#app/lib/strings.ts";

export const QUESTION_TYPES = ["single", "multiple", "truefalse", "fill", "short"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TYPE_LABEL: Record<QuestionType, string> = t.questionFormat.types;

export const BLANK = "____";

const source = z
  .object({ article: z.string().min(1).optional(), case: z.string().min(1).optional() })
  .strict()
  .refine((s) => Boolean(s.article) !== Boolean(s.case), t.questionFormat.sourceOne);

const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, t.questionFormat.idFormat),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: t.questionFormat.difficulty }),
  tags: z.array(z.string().trim().min(1).max(64, t.formInput.tooLong(64))).max(20, t.formInput.invalid).default([]),
  source,
  // The same bounds for files, spreadsheets, GIFT and the browser editor (manage.question.tsx).
  stem: z.string().trim().min(2, t.questionFormat.stemRequired).max(5000, t.formInput.tooLong(5000)),
  explanation: z.string().trim().max(10_000, t.formInput.tooLong(10_000)).default(""),
};

const options = z.array(z.string().trim().min(1, t.questionFormat.optionEmpty).max(1000, t.formInput.tooLong(1000))).min(2, t.questionFormat.optionsMin).max(8, t.questionFormat.optionsMax);

export const questionSchema = z.discriminatedUnion(
  "type",
  [
    z
      .object({ ...base, type: z.literal("single"), options, answer: z.number().int().min(1) })
      .strict()
      .refine((q) => q.answer <= q.options.length, { message: t.questionFormat.answerOutOfRange, path: ["answer"] }),
    z
      .object({ ...base, type: z.literal("multiple"), options, answer: z.array(z.number().int().min(1)).min(2, t.questionFormat.multipleMin) })
      .strict()
      .refine((q) => q.answer.every((a) => a <= q.options.length), { message: t.questionFormat.answerOutOfRange, path: ["answer"] })
      .refine((q) => new Set(q.answer).size === q.answer.length, { message: t.questionFormat.answerDuplicate, path: ["answer"] }),
    z.object({ ...base, type: z.literal("truefalse"), answer: z.boolean({ error: t.questionFormat.trueFalseAnswer }) }).strict(),
    z
      .object({
        ...base,
        type: z.literal("fill"),
        answer: z.array(z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)])).min(1),
      })
      .strict()
      .refine((q) => q.stem.split(BLANK).length - 1 === q.answer.length, {
        message: t.questionFormat.fillBlankCount(BLANK),
        path: ["answer"],
      }),
    z.object({ ...base, type: z.literal("short"), answer: z.string().trim().min(1, t.questionFormat.shortAnswerRequired) }).strict(),
  ],
  { error: t.questionFormat.typeInvalid },
);

export type QuestionInput = z.infer<typeof questionSchema>;

export const bankSchema = z
  .object({
    title: z.string().trim().min(1, t.questionFormat.bankTitleRequired),
    questions: z.array(z.unknown()).min(1, t.questionFormat.bankQuestionsMin),
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

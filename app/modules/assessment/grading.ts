// Grading is a pure function of a question version and a response (Moodle's question types:
// the type decides how a response is graded; when feedback is shown is decided elsewhere).
import type { QuestionType, StoredAnswer } from "./question-format.ts";

/** A person's response. Choice indices refer to the stored (unshuffled) option order. */
export type Response =
  | { type: "single"; choice: number | null }
  | { type: "multiple"; choices: number[] }
  | { type: "truefalse"; value: boolean | null }
  | { type: "fill"; blanks: string[] }
  | { type: "short"; text: string };

export type GradeState = "correct" | "partial" | "wrong" | "unanswered" | "needsGrading";
export type Grade = { fraction: number; state: GradeState };

export type Gradable = { type: QuestionType; answer: StoredAnswer };

/** Full-width to half-width, trimmed, collapsed spaces, lower case: what a person would call "the same". */
export function normaliseText(s: string): string {
  return s
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/[“”"‘’'「」『』]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

export function grade(question: Gradable, response: Response | null | undefined): Grade {
  if (!response || response.type !== question.type) return { fraction: 0, state: "unanswered" };
  switch (response.type) {
    case "single": {
      if (response.choice === null) return { fraction: 0, state: "unanswered" };
      const key = question.answer as number[];
      return response.choice === key[0] ? { fraction: 1, state: "correct" } : { fraction: 0, state: "wrong" };
    }
    case "multiple": {
      const chosen = [...new Set(response.choices)];
      if (chosen.length === 0) return { fraction: 0, state: "unanswered" };
      const key = new Set(question.answer as number[]);
      const right = chosen.filter((c) => key.has(c)).length;
      const wrong = chosen.length - right;
      // All-or-nothing: the common rule in Chinese party-discipline exams (多选、少选、错选均不得分).
      return right === key.size && wrong === 0 ? { fraction: 1, state: "correct" } : { fraction: 0, state: "wrong" };
    }
    case "truefalse": {
      if (response.value === null) return { fraction: 0, state: "unanswered" };
      return response.value === question.answer ? { fraction: 1, state: "correct" } : { fraction: 0, state: "wrong" };
    }
    case "fill": {
      const key = question.answer as string[][];
      const given = response.blanks.map(normaliseText);
      if (given.every((g) => g === "")) return { fraction: 0, state: "unanswered" };
      const right = key.filter((alts, i) => alts.some((a) => normaliseText(a) === (given[i] ?? ""))).length;
      const fraction = key.length === 0 ? 0 : right / key.length;
      return { fraction, state: fraction === 1 ? "correct" : fraction > 0 ? "partial" : "wrong" };
    }
    case "short":
      return response.text.trim() === "" ? { fraction: 0, state: "unanswered" } : { fraction: 0, state: "needsGrading" };
  }
}

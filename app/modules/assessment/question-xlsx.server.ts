// The xlsx template bureaus keep question banks in, both ways. One row a question.
import ExcelJS from "exceljs";
import { inflateBounded, XLSX_LIMITS } from "#app/lib/zip-limits.server.ts";
import { t } from "#app/lib/strings.ts";
import { BLANK, QUESTION_TYPE_LABEL, type QuestionInput, type QuestionType } from "./question-format.ts";
import { DomainError } from "#app/lib/domain-error.ts";

const X = t.questionFormat.xlsx;
/** The template's header row; an uploaded file's headers must match these words. */
const C = X.columns;
export const XLSX_COLUMNS: readonly string[] = [C.id, C.type, C.stem, ...C.options, C.answer, C.explanation, C.difficulty, C.tags, C.article, C.case];
const TYPE_BY_LABEL: Record<string, QuestionType> = Object.fromEntries(Object.entries(QUESTION_TYPE_LABEL).map(([k, v]) => [v, k as QuestionType]));
// not-ui: short type names accepted in uploaded files
Object.assign(TYPE_BY_LABEL, { 单选: "single", 多选: "multiple", 判断: "truefalse", 填空: "fill", 简答: "short" });
// not-ui: difficulty words accepted in uploaded files
const DIFFICULTY: Record<string, number> = { "1": 1, "2": 2, "3": 3, 易: 1, 容易: 1, 中: 2, 中等: 2, 难: 3, 较难: 3 };
// not-ui: true/false answers accepted in uploaded files
const TRUE_WORDS = ["正确", "对", "√", "T", "TRUE", "是"];
// not-ui: true/false answers accepted in uploaded files
const FALSE_WORDS = ["错误", "错", "×", "F", "FALSE", "否"];
const LETTERS = "ABCDEF";

export type XlsxRow = { line: number; input: Record<string, unknown> };
export type XlsxProblem = { line: number; column?: string; message: string };

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && "richText" in v) return v.richText.map((r) => r.text).join("");
  if (typeof v === "object" && "text" in v) return String(v.text);
  if (typeof v === "object" && "result" in v) return String(v.result ?? "");
  return String(v).trim();
}

/**
 * One question from named cells (an xlsx row or the browser form, which use the same columns).
 * Checks the cell formats here; the question schema checks the rest.
 */
export function questionFromCells(get: (column: string) => string): { input: Record<string, unknown> } | { column: string; message: string } {
  const bad = (column: string, message: string) => ({ column, message });
  const type = TYPE_BY_LABEL[get(C.type)] ?? (QUESTION_TYPE_LABEL[get(C.type) as QuestionType] ? (get(C.type) as QuestionType) : undefined);
  if (!type) return bad(C.type, X.badType(get(C.type)));
  const options = C.options.map(get).filter(Boolean);
  const answerText = get(C.answer);
  let answer: unknown;
  if (type === "single") {
    answer = LETTERS.indexOf(answerText.toUpperCase()) + 1;
    if (answerText.length !== 1 || (answer as number) < 1) return bad(C.answer, X.badSingle(answerText));
  } else if (type === "multiple") {
    const letters = answerText.toUpperCase().replace(/[^A-F]/g, "");
    if (letters.length < 2) return bad(C.answer, X.badMultiple(answerText));
    answer = [...letters].map((l) => LETTERS.indexOf(l) + 1);
  } else if (type === "truefalse") {
    if (TRUE_WORDS.includes(answerText.toUpperCase())) answer = true;
    else if (FALSE_WORDS.includes(answerText.toUpperCase())) answer = false;
    else return bad(C.answer, X.badTrueFalse(answerText));
  } else if (type === "fill") {
    answer = answerText.split(/[|｜；;]/).map((blank) => blank.split(/[/／]/).map((a) => a.trim()).filter(Boolean));
  } else answer = answerText;
  const difficulty = DIFFICULTY[get(C.difficulty)];
  if (!difficulty) return bad(C.difficulty, X.badDifficulty(get(C.difficulty)));
  const article = get(C.article);
  const caseSlug = get(C.case);
  if (!article && !caseSlug) return bad(C.article, X.sourceRequired);
  return {
    input: {
      id: get(C.id),
      type,
      stem: get(C.stem),
      ...(type === "single" || type === "multiple" ? { options } : {}),
      answer,
      explanation: get(C.explanation),
      difficulty,
      tags: get(C.tags).split(/[,，、;；\s]+/).filter(Boolean),
      source: article ? { article } : { case: caseSlug },
    },
  };
}

/** The cells of a question, for the browser form (same columns as the xlsx template). */
export function cellsOf(q: QuestionInput): Record<string, string> {
  const options = "options" in q ? q.options : [];
  return {
    [C.id]: q.id,
    [C.type]: QUESTION_TYPE_LABEL[q.type],
    [C.stem]: q.stem,
    ...Object.fromEntries(C.options.map((c, i) => [c, options[i] ?? ""])),
    [C.answer]: answerCell(q),
    [C.explanation]: q.explanation,
    [C.difficulty]: String(q.difficulty),
    [C.tags]: q.tags.join(X.tagSeparator),
    [C.article]: q.source.article ?? "",
    [C.case]: q.source.case ?? "",
  };
}

function answerCell(q: QuestionInput): string {
  switch (q.type) {
    case "single":
      return LETTERS[q.answer - 1] ?? "";
    case "multiple":
      return q.answer.map((a) => LETTERS[a - 1]).join("");
    case "truefalse":
      return q.answer ? t.exam.answerTrue : t.exam.answerFalse;
    case "fill":
      return q.answer.map((alts) => (Array.isArray(alts) ? alts.join("/") : alts)).join("|");
    case "short":
      return q.answer;
  }
}

export async function readQuestionXlsx(bytes: Uint8Array): Promise<{ rows: XlsxRow[]; problems: XlsxProblem[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    // A workbook is a zip: its inflated size is checked, streaming, before ExcelJS sees it.
    inflateBounded(bytes, XLSX_LIMITS, () => false);
  } catch (error) {
    return { rows: [], problems: [{ line: 0, message: error instanceof DomainError && error.message !== t.zipLimits.unreadable ? error.message : X.unreadable }] };
  }
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { rows: [], problems: [{ line: 0, message: X.unreadable }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], problems: [{ line: 0, message: X.noSheet }] };
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(text);
  const col = (name: string) => header.indexOf(name) + 1;
  const problems: XlsxProblem[] = [];
  for (const required of [C.id, C.type, C.stem, C.answer, C.difficulty]) {
    if (col(required) === 0) problems.push({ line: 1, column: required, message: X.missingColumn(required) });
  }
  if (problems.length) return { rows: [], problems };
  const rows: XlsxRow[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const get = (name: string) => (col(name) ? text(row.getCell(col(name)).value) : "");
    if (XLSX_COLUMNS.every((c) => !get(c))) return;
    const r = questionFromCells(get);
    if ("input" in r) rows.push({ line: n, input: r.input });
    else problems.push({ line: n, column: r.column, message: r.message });
  });
  return { rows, problems };
}

export async function writeQuestionXlsx(questions: QuestionInput[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(X.sheet);
  ws.addRow([...XLSX_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  for (const q of questions) {
    const cells = cellsOf(q);
    ws.addRow(XLSX_COLUMNS.map((c) => (c === C.difficulty ? q.difficulty : cells[c] ?? "")));
  }
  ws.columns.forEach((c, i) => (c.width = i === 2 ? 60 : 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export { BLANK };

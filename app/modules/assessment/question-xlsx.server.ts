// The xlsx template bureaus keep question banks in, both ways. One row a question.
import ExcelJS from "exceljs";
import { BLANK, QUESTION_TYPE_LABEL, type QuestionInput, type QuestionType } from "./question-format.ts";

export const XLSX_COLUMNS = ["题目编号", "题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "解析", "难度", "标签", "条款编号", "案例编号"] as const;
const TYPE_BY_LABEL: Record<string, QuestionType> = Object.fromEntries(Object.entries(QUESTION_TYPE_LABEL).map(([k, v]) => [v, k as QuestionType]));
Object.assign(TYPE_BY_LABEL, { 单选: "single", 多选: "multiple", 判断: "truefalse", 填空: "fill", 简答: "short" });
const DIFFICULTY: Record<string, number> = { "1": 1, "2": 2, "3": 3, 易: 1, 容易: 1, 中: 2, 中等: 2, 难: 3, 较难: 3 };
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
  const type = TYPE_BY_LABEL[get("题型")] ?? (QUESTION_TYPE_LABEL[get("题型") as QuestionType] ? (get("题型") as QuestionType) : undefined);
  if (!type) return bad("题型", `题型“${get("题型")}”无效，应为 单选题、多选题、判断题、填空题 或 简答题。`);
  const options = ["选项A", "选项B", "选项C", "选项D", "选项E", "选项F"].map(get).filter(Boolean);
  const answerText = get("答案");
  let answer: unknown;
  if (type === "single") {
    answer = LETTERS.indexOf(answerText.toUpperCase()) + 1;
    if (answerText.length !== 1 || (answer as number) < 1) return bad("答案", `单选题答案应为一个字母（A–F），实际为“${answerText}”。`);
  } else if (type === "multiple") {
    const letters = answerText.toUpperCase().replace(/[^A-F]/g, "");
    if (letters.length < 2) return bad("答案", `多选题答案应为两个及以上字母（如 ACD），实际为“${answerText}”。`);
    answer = [...letters].map((l) => LETTERS.indexOf(l) + 1);
  } else if (type === "truefalse") {
    if (["正确", "对", "√", "T", "TRUE", "是"].includes(answerText.toUpperCase())) answer = true;
    else if (["错误", "错", "×", "F", "FALSE", "否"].includes(answerText.toUpperCase())) answer = false;
    else return bad("答案", `判断题答案应为“正确”或“错误”，实际为“${answerText}”。`);
  } else if (type === "fill") {
    answer = answerText.split(/[|｜；;]/).map((blank) => blank.split(/[/／]/).map((a) => a.trim()).filter(Boolean));
  } else answer = answerText;
  const difficulty = DIFFICULTY[get("难度")];
  if (!difficulty) return bad("难度", `难度“${get("难度")}”无效，应为 1、2、3 或 易、中、难。`);
  const article = get("条款编号");
  const caseSlug = get("案例编号");
  if (!article && !caseSlug) return bad("条款编号", "每道题都要注明出处：填写条款编号或案例编号。");
  return {
    input: {
      id: get("题目编号"),
      type,
      stem: get("题干"),
      ...(type === "single" || type === "multiple" ? { options } : {}),
      answer,
      explanation: get("解析"),
      difficulty,
      tags: get("标签").split(/[,，、;；\s]+/).filter(Boolean),
      source: article ? { article } : { case: caseSlug },
    },
  };
}

/** The cells of a question, for the browser form (same columns as the xlsx template). */
export function cellsOf(q: QuestionInput): Record<string, string> {
  const options = "options" in q ? q.options : [];
  return {
    题目编号: q.id,
    题型: QUESTION_TYPE_LABEL[q.type],
    题干: q.stem,
    ...Object.fromEntries(["选项A", "选项B", "选项C", "选项D", "选项E", "选项F"].map((c, i) => [c, options[i] ?? ""])),
    答案: answerCell(q),
    解析: q.explanation,
    难度: String(q.difficulty),
    标签: q.tags.join("、"),
    条款编号: q.source.article ?? "",
    案例编号: q.source.case ?? "",
  };
}

function answerCell(q: QuestionInput): string {
  switch (q.type) {
    case "single":
      return LETTERS[q.answer - 1] ?? "";
    case "multiple":
      return q.answer.map((a) => LETTERS[a - 1]).join("");
    case "truefalse":
      return q.answer ? "正确" : "错误";
    case "fill":
      return q.answer.map((alts) => (Array.isArray(alts) ? alts.join("/") : alts)).join("|");
    case "short":
      return q.answer;
  }
}

export async function readQuestionXlsx(bytes: Uint8Array): Promise<{ rows: XlsxRow[]; problems: XlsxProblem[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { rows: [], problems: [{ line: 0, message: "无法读取该 xlsx 文件，请使用导出的模板格式。" }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], problems: [{ line: 0, message: "文件中没有工作表。" }] };
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(text);
  const col = (name: string) => header.indexOf(name) + 1;
  const problems: XlsxProblem[] = [];
  for (const required of ["题目编号", "题型", "题干", "答案", "难度"]) {
    if (col(required) === 0) problems.push({ line: 1, column: required, message: `缺少必需的列“${required}”。` });
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
  const ws = wb.addWorksheet("题库");
  ws.addRow([...XLSX_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  for (const q of questions) {
    const cells = cellsOf(q);
    ws.addRow(XLSX_COLUMNS.map((c) => (c === "难度" ? q.difficulty : cells[c] ?? "")));
  }
  ws.columns.forEach((c, i) => (c.width = i === 2 ? 60 : 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export { BLANK };

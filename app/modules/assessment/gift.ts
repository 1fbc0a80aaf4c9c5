// Moodle's GIFT format, the subset that maps onto our question types:
//   multiple choice {=right ~wrong}, multiple answers {~%50%a ~%50%b ~%-100%c}, true/false {T} {F},
//   missing word / short answer {=a =b} (a fill-in blank where the braces stand), essay {}.
// Our metadata rides in a comment line before the question, which Moodle ignores:
//   // qingfeng: id=lj-001 difficulty=2 tags=廉洁纪律,八项规定 article=jilv-chufen-tiaoli:97
// General feedback (####…) becomes the explanation. Pure: text in, questions and located problems out.
import { t } from "#app/lib/strings.ts";
import { BLANK, type QuestionInput } from "./question-format.ts";

export type GiftItem = { line: number; input: Record<string, unknown> };
export type GiftProblem = { line: number; message: string };

const ESCAPES: Record<string, string> = { "\\:": ":", "\\~": "~", "\\=": "=", "\\#": "#", "\\{": "{", "\\}": "}", "\\n": "\n" };

function unescape(s: string): string {
  return s.replace(/\\[:~=#{}n]/g, (m) => ESCAPES[m]!).trim();
}

/** Splits on an unescaped character. */
function splitUnescaped(s: string, ch: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && i + 1 < s.length) {
      cur += s[i]! + s[i + 1]!;
      i++;
    } else if (s[i] === ch) {
      out.push(cur);
      cur = "";
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

function indexUnescaped(s: string, ch: string, from = 0): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === ch) return i;
  }
  return -1;
}

function parseMeta(comment: string): Record<string, string> {
  const m = comment.match(/^\/\/\s*qingfeng:\s*(.*)$/);
  if (!m) return {};
  const out: Record<string, string> = {};
  for (const part of m[1]!.split(/\s+/)) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

export function parseGift(text: string, options: { idPrefix: string }): { items: GiftItem[]; problems: GiftProblem[] } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const items: GiftItem[] = [];
  const problems: GiftProblem[] = [];
  let block: string[] = [];
  let blockLine = 0;
  let meta: Record<string, string> = {};
  let n = 0;
  const flush = () => {
    if (block.length === 0) return;
    n++;
    const source = block.join("\n");
    const line = blockLine;
    const m = meta;
    block = [];
    meta = {};
    try {
      const input = parseQuestion(source, m, `${options.idPrefix}-${String(n).padStart(3, "0")}`);
      items.push({ line, input });
    } catch (error) {
      problems.push({ line, message: (error as Error).message });
    }
  };
  lines.forEach((raw, i) => {
    const l = raw.trim();
    if (l === "") return flush();
    if (l.startsWith("//")) {
      if (block.length === 0) meta = { ...meta, ...parseMeta(l) };
      return;
    }
    if (l.startsWith("$CATEGORY:")) return;
    if (block.length === 0) blockLine = i + 1;
    block.push(raw);
  });
  flush();
  return { items, problems };
}

function parseQuestion(source: string, meta: Record<string, string>, fallbackId: string): Record<string, unknown> {
  let s = source.trim();
  let title = "";
  if (s.startsWith("::")) {
    const end = s.indexOf("::", 2);
    if (end < 0) throw new Error(t.questionFormat.gift.titleUnclosed);
    title = unescape(s.slice(2, end));
    s = s.slice(end + 2).trim();
  }
  s = s.replace(/^\[(html|moodle|plain|markdown)\]/, "");
  const open = indexUnescaped(s, "{");
  if (open < 0) throw new Error(t.questionFormat.gift.answerMissing);
  const close = indexUnescaped(s, "}", open);
  if (close < 0) throw new Error(t.questionFormat.gift.answerUnclosed);
  const before = unescape(s.slice(0, open));
  const after = unescape(s.slice(close + 1));
  let body = s.slice(open + 1, close).trim();
  let explanation = "";
  const general = body.indexOf("####");
  if (general >= 0) {
    explanation = unescape(body.slice(general + 4));
    body = body.slice(0, general).trim();
  }
  const id = meta.id ?? (/^[a-z0-9][a-z0-9-]{1,62}$/.test(title) ? title : fallbackId);
  const base: Record<string, unknown> = {
    id,
    difficulty: meta.difficulty ? Number(meta.difficulty) : 1,
    tags: meta.tags ? meta.tags.split(",").filter(Boolean) : [],
    source: meta.article ? { article: meta.article } : meta.case ? { case: meta.case } : undefined,
    explanation,
  };
  if (!base.source) throw new Error(t.questionFormat.gift.sourceMissing);
  const stem = (before + (after ? ` ${after}` : "")).trim();

  if (body === "" && meta.fill) return { ...base, type: "fill", stem: unescape(s.slice(0, open)), answer: decode(meta.fill) };
  if (body === "") return { ...base, type: "short", stem, answer: meta.answer ? decode(meta.answer) : explanation || t.questionFormat.gift.shortAnswerDefault };
  if (/^(T|TRUE|F|FALSE)(#.*)?$/i.test(body)) {
    return { ...base, type: "truefalse", stem, answer: /^T/i.test(body) };
  }
  const parts: { mark: string; text: string }[] = [];
  const re = /(?:^|\s)([=~])/g;
  let m: RegExpExecArray | null;
  const marks: { mark: string; start: number; end: number }[] = [];
  while ((m = re.exec(body)) !== null) {
    const idx = m.index + m[0].length - 1;
    if (idx > 0 && body[idx - 1] === "\\") continue;
    marks.push({ mark: m[1]!, start: idx, end: idx + 1 });
  }
  marks.forEach((mk, i) => {
    const text = body.slice(mk.end, i + 1 < marks.length ? marks[i + 1]!.start : body.length);
    parts.push({ mark: mk.mark, text: splitUnescaped(text, "#")[0]! });
  });
  if (parts.length === 0) throw new Error(t.questionFormat.gift.answerUnrecognised);
  const allRight = parts.every((p) => p.mark === "=");
  if (allRight) {
    // Short answer / missing word: one blank, each "=" an accepted answer.
    const alternatives = parts.map((p) => unescape(p.text.replace(/^%\d+%/, ""))).filter(Boolean);
    const stemWithBlank = after ? `${before} ${BLANK} ${after}`.trim() : `${before}${BLANK}`;
    return { ...base, type: "fill", stem: stemWithBlank, answer: [alternatives] };
  }
  const options: string[] = [];
  const right: number[] = [];
  for (const p of parts) {
    const weight = p.text.match(/^%(-?\d+(?:\.\d+)?)%/);
    const text = unescape(p.text.replace(/^%-?\d+(?:\.\d+)?%/, ""));
    options.push(text);
    if (p.mark === "=" || (weight && Number(weight[1]) > 0)) right.push(options.length);
  }
  const weighted = parts.some((p) => /^%-?\d/.test(p.text));
  if (right.length === 0) throw new Error(t.questionFormat.gift.noRightAnswer);
  if (weighted || right.length > 1) return { ...base, type: "multiple", stem, options, answer: right };
  return { ...base, type: "single", stem, options, answer: right[0] };
}

/** Values that may hold spaces travel in the metadata comment as base64url JSON. */
function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}
function decode(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw new Error(t.questionFormat.gift.badEncoding);
  }
}

function esc(s: string): string {
  return s.replace(/[~=#{}:]/g, (c) => `\\${c}`).replace(/\n/g, "\\n");
}

/** Writes questions as GIFT with our metadata comment, so an export imports back unchanged. */
export function toGift(questions: QuestionInput[]): string {
  return questions
    .map((q) => {
      const meta = [`id=${q.id}`, `difficulty=${q.difficulty}`];
      if (q.tags.length) meta.push(`tags=${q.tags.join(",")}`);
      meta.push(q.source.article ? `article=${q.source.article}` : `case=${q.source.case}`);
      if (q.type === "short") meta.push(`answer=${encode(q.answer)}`);
      if (q.type === "fill" && q.answer.length > 1) meta.push(`fill=${encode(q.answer)}`);
      const feedback = q.explanation ? ` ####${esc(q.explanation)}` : "";
      let body: string;
      const stem = esc(q.stem);
      switch (q.type) {
        case "single":
          body = q.options.map((o, i) => `${i + 1 === q.answer ? "=" : "~"}${esc(o)}`).join(" ");
          break;
        case "multiple": {
          const share = Math.floor(100 / q.answer.length);
          body = q.options.map((o, i) => (q.answer.includes(i + 1) ? `~%${share}%${esc(o)}` : `~%-100%${esc(o)}`)).join(" ");
          break;
        }
        case "truefalse":
          body = q.answer ? "TRUE" : "FALSE";
          break;
        case "fill": {
          // Several blanks do not fit GIFT's one answer block: Moodle sees an essay, we read the metadata.
          if (q.answer.length > 1) {
            body = "";
            break;
          }
          const alts = (Array.isArray(q.answer[0]) ? q.answer[0] : [q.answer[0]!]) as string[];
          const [pre, post = ""] = q.stem.split(BLANK);
          return `// qingfeng: ${meta.join(" ")}\n::${q.id}:: ${esc(pre ?? "")}{${alts.map((a) => `=${esc(a)}`).join(" ")}${feedback}} ${esc(post)}`.trimEnd();
        }
        case "short":
          body = "";
          break;
      }
      return `// qingfeng: ${meta.join(" ")}\n::${q.id}:: ${stem}{${body}${feedback}}`;
    })
    .join("\n\n")
    .concat("\n");
}

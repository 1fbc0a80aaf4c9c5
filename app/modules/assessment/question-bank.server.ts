// The question bank: versioned questions (editing never changes an attempt already taken),
// browser edits, and import/export in the formats bureaus use (xlsx) and Moodle's GIFT.
import crypto from "node:crypto";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { changed, createCache } from "#app/lib/cache.server.ts";
import type { PoolQuestion } from "./blueprint.ts";
import { normaliseAnswer, questionSchema, type QuestionInput, type QuestionType } from "./question-format.ts";

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

export function questionHash(q: QuestionInput): string {
  return crypto.createHash("sha256").update(JSON.stringify(q)).digest("hex");
}

// ─── the pool blueprints draw from ──────────────────────────────────────────

/**
 * The active questions at their current versions, as the draw needs them (no stems, keys or
 * explanations). Read once and shared: at 9:00 on exam day thousands of starts need the same pool.
 * Every change to a question drops it (addQuestionVersion is the one way questions change); the
 * short lifetime bounds anything else, such as a restore.
 */
const pool = createCache<"pool", Promise<PoolQuestion[]>>({ ttlMs: 30_000, maxEntries: 1, topics: ["questions"] });

export function questionPool(now = Date.now()): Promise<PoolQuestion[]> {
  return pool.getOrLoad("pool", readQuestionPool, now);
}

async function readQuestionPool(): Promise<PoolQuestion[]> {
  const rows = await db.question.findMany({
    // A question a knowledge check has shown the key of is never drawn (ADR 011).
    where: { status: "active", currentVersionId: { not: null }, revealedInCheck: false },
    select: { id: true, bankSlug: true, currentVersion: { select: { id: true, type: true, difficulty: true, tagsJson: true, optionsJson: true } } },
  });
  return rows.map((q) => ({
    questionId: q.id,
    versionId: q.currentVersion!.id,
    type: q.currentVersion!.type as QuestionType,
    difficulty: q.currentVersion!.difficulty,
    tags: JSON.parse(q.currentVersion!.tagsJson) as string[],
    bank: q.bankSlug,
    optionCount: (JSON.parse(q.currentVersion!.optionsJson) as string[]).length,
  }));
}

// ─── versions ────────────────────────────────────────────────────────────────

/** Adds a version and makes it current, unless the content is the same as the current one. */
export async function addQuestionVersion(tx: Tx, q: QuestionInput, meta: { origin: "file" | "browser" | "import"; note?: string; createdById?: string }) {
  // Called inside the caller's transaction, which holds the connection lock: a read that starts after
  // this waits for the commit, so it sees the change. Lessons show knowledge-check questions, so their
  // cached pages go too.
  changed("questions");
  const hash = questionHash(q);
  const question = await tx.question.findUniqueOrThrow({ where: { id: q.id }, include: { currentVersion: { select: { contentHash: true, id: true } } } });
  if (question.currentVersion?.contentHash === hash) return { versionId: question.currentVersion.id, changed: false };
  const count = await tx.questionVersion.count({ where: { questionId: q.id } });
  const version = await tx.questionVersion.create({
    data: {
      questionId: q.id,
      number: count + 1,
      type: q.type,
      stem: q.stem,
      optionsJson: JSON.stringify("options" in q ? q.options : []),
      answerJson: JSON.stringify(normaliseAnswer(q)),
      explanation: q.explanation,
      difficulty: q.difficulty,
      tagsJson: JSON.stringify(q.tags),
      sourceArticle: q.source.article ?? null,
      sourceCase: q.source.case ?? null,
      contentHash: hash,
      origin: meta.origin,
      note: meta.note ?? "",
      createdById: meta.createdById ?? null,
    },
  });
  await tx.question.update({ where: { id: q.id }, data: { currentVersionId: version.id } });
  return { versionId: version.id, changed: true };
}

/** The current version as the editable input shape (1-based answers, as in files and forms). */
export async function questionInput(questionId: string): Promise<QuestionInput | null> {
  const q = await db.question.findUnique({ where: { id: questionId }, include: { currentVersion: true } });
  const v = q?.currentVersion;
  if (!q || !v) return null;
  const answer = JSON.parse(v.answerJson);
  const base = {
    id: q.id,
    difficulty: v.difficulty as 1 | 2 | 3,
    tags: JSON.parse(v.tagsJson) as string[],
    source: v.sourceArticle ? { article: v.sourceArticle } : { case: v.sourceCase ?? "" },
    stem: v.stem,
    explanation: v.explanation,
  };
  const options = JSON.parse(v.optionsJson) as string[];
  switch (v.type) {
    case "single":
      return { ...base, type: "single", options, answer: (answer as number[])[0]! + 1 };
    case "multiple":
      return { ...base, type: "multiple", options, answer: (answer as number[]).map((i) => i + 1) };
    case "truefalse":
      return { ...base, type: "truefalse", answer: answer as boolean };
    case "fill":
      return { ...base, type: "fill", answer: answer as string[][] };
    default:
      return { ...base, type: "short", answer: answer as string };
  }
}

export type ImportProblem = { line: number; column?: string; message: string };

/** Checks references and saves all questions in one transaction; any problem and nothing is saved. */
export async function saveQuestions(
  bankSlug: string,
  bankTitle: string,
  items: { line: number; input: unknown }[],
  meta: { origin: "browser" | "import"; createdById: string; note?: string },
): Promise<{ ok: true; created: number; updated: number; unchanged: number } | { ok: false; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const parsed: { line: number; q: QuestionInput }[] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const r = questionSchema.safeParse(item.input);
    if (!r.success) {
      for (const i of r.error.issues) problems.push({ line: item.line, column: i.path.join(".") || undefined, message: i.message });
      continue;
    }
    if (seen.has(r.data.id)) problems.push({ line: item.line, column: "id", message: t.questionBank.duplicateId(r.data.id, seen.get(r.data.id)) });
    seen.set(r.data.id, item.line);
    parsed.push({ line: item.line, q: r.data });
  }
  const articles = new Set((await db.article.findMany({ where: { id: { in: parsed.map((p) => p.q.source.article ?? "") } }, select: { id: true } })).map((a) => a.id));
  const cases = new Set((await db.case.findMany({ where: { slug: { in: parsed.map((p) => p.q.source.case ?? "") } }, select: { slug: true } })).map((c) => c.slug));
  const existing = new Map((await db.question.findMany({ where: { id: { in: parsed.map((p) => p.q.id) } }, select: { id: true, bankSlug: true } })).map((q) => [q.id, q]));
  for (const { line, q } of parsed) {
    if (q.source.article && !articles.has(q.source.article)) problems.push({ line, column: t.questionBank.sourceColumn, message: t.questionBank.missingArticle(q.source.article) });
    if (q.source.case && !cases.has(q.source.case)) problems.push({ line, column: t.questionBank.sourceColumn, message: t.questionBank.missingCase(q.source.case) });
    const e = existing.get(q.id);
    if (e && e.bankSlug !== bankSlug) problems.push({ line, column: "id", message: t.questionBank.idInOtherBank(q.id, e.bankSlug) });
  }
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  await db.$transaction(async (tx) => {
    await tx.questionBank.upsert({ where: { slug: bankSlug }, create: { slug: bankSlug, title: bankTitle }, update: {} });
    for (const { q } of parsed) {
      const isNew = !existing.has(q.id);
      if (isNew) await tx.question.create({ data: { id: q.id, bankSlug } });
      const r = await addQuestionVersion(tx, q, meta);
      if (isNew) created++;
      else if (r.changed) updated++;
      else unchanged++;
    }
  });
  return { ok: true, created, updated, unchanged };
}

// Self-inspection against the six disciplines and five styles: each item a question a person answers
// for themself. The checklist lives in the database (trainers may edit it), seeded from content/.
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { checklist as checklistSchema, templates } from "#app/modules/content/templates.server.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export const CHECKLIST_KEY = "self-inspection";

/** Seeds or refreshes the checklist from content/, unless a trainer has edited it in the browser. */
export async function syncChecklist() {
  const file = templates().checklist;
  if (!file) return;
  const existing = await db.checklist.findUnique({ where: { key: CHECKLIST_KEY } });
  const sectionsJson = JSON.stringify(file.sections);
  if (!existing) await db.checklist.create({ data: { key: CHECKLIST_KEY, title: file.title, sectionsJson } });
  else if (existing.origin === "file" && existing.sectionsJson !== sectionsJson) {
    await db.checklist.update({ where: { key: CHECKLIST_KEY }, data: { title: file.title, sectionsJson, version: existing.version + 1 } });
  }
}

export async function currentChecklist() {
  const c = await db.checklist.findUnique({ where: { key: CHECKLIST_KEY } });
  if (!c) return null;
  return { title: c.title, version: c.version, sections: JSON.parse(c.sectionsJson) as { key: string; title: string; items: string[] }[] };
}

/** A trainer's edit: the whole checklist as JSON {title, sections}, validated. */
export async function editChecklist(userId: string, json: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new DomainError(t.screeningSelf.errors.badJson);
  }
  const parsed = checklistSchema.safeParse(raw);
  if (!parsed.success) throw new DomainError(t.screeningSelf.errors.badChecklist(parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`)));
  const existing = await db.checklist.findUnique({ where: { key: CHECKLIST_KEY } });
  return db.checklist.upsert({
    where: { key: CHECKLIST_KEY },
    create: { key: CHECKLIST_KEY, title: parsed.data.title, sectionsJson: JSON.stringify(parsed.data.sections), origin: "browser", updatedById: userId },
    update: { title: parsed.data.title, sectionsJson: JSON.stringify(parsed.data.sections), origin: "browser", updatedById: userId, version: (existing?.version ?? 0) + 1 },
  });
}

/** Answers as the form gives them: keyed by "<section>:<index>", which the browser chooses, so a Map. */
export type SelfAnswers = ReadonlyMap<string, { found: boolean; note: string }>;
/** Answers as stored: only the checklist's own keys. */
export type StoredSelfAnswers = Record<string, { found: boolean; note: string }>;

export async function saveSelfInspection(person: { id: string; unitId: string }, year: number, answers: SelfAnswers, submit: boolean, now = new Date()) {
  const list = await currentChecklist();
  if (!list) throw new DomainError(t.screeningSelf.notPublished, 404);
  const keys = new Set(list.sections.flatMap((s) => s.items.map((_, i) => `${s.key}:${i}`)));
  const clean: StoredSelfAnswers = {};
  for (const k of keys) {
    const v = answers.get(k);
    if (v) clean[k] = { found: Boolean(v.found), note: String(v.note ?? "").slice(0, 1000) };
  }
  if (submit) {
    const missing = [...keys].filter((k) => clean[k]?.found && (clean[k]!.note.trim().length < 4));
    if (missing.length) throw new DomainError(t.screeningSelf.errors.missingNotes(missing.length));
  }
  return db.$transaction(async (tx) => {
    const existing = await tx.selfInspection.findUnique({ where: { userId_year: { userId: person.id, year } } });
    if (existing?.status === "submitted") throw new DomainError(t.screeningSelf.locked, 409);
    const row = await tx.selfInspection.upsert({
      where: { userId_year: { userId: person.id, year } },
      create: { userId: person.id, unitId: person.unitId, year, checklistVersion: list.version, answersJson: JSON.stringify(clean), status: submit ? "submitted" : "draft", submittedAt: submit ? now : null },
      update: { answersJson: JSON.stringify(clean), checklistVersion: list.version, status: submit ? "submitted" : "draft", submittedAt: submit ? now : null },
    });
    if (submit) {
      const found = Object.values(clean).filter((a) => a.found).length;
      await appendRecord(
        { actorId: person.id, unitId: person.unitId, verb: "submitted", object: { type: "self-inspection", id: row.id, name: t.screeningSelf.yearTitle(year) }, result: { completion: true }, context: { found, year }, timestamp: now },
        tx,
      );
    }
    return row;
  });
}

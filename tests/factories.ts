// Builders for tests: an org tree and people, created through the same module functions the app uses.
import { db } from "#app/lib/db.server.ts";
import { addQuestionVersion } from "#app/modules/assessment/question-bank.server.ts";
import { questionSchema, type QuestionInput } from "#app/modules/assessment/question-format.ts";
import { createUnit, type UnitKind } from "#app/modules/identity/org.server.ts";

let n = 0;
const next = () => ++n;

export async function makeUnit(name: string, kind: UnitKind, parentId: string | null = null) {
  return createUnit({ code: `U${next()}-${Math.random().toString(36).slice(2, 8)}`, name, kind, parentId });
}

/** 市局 → two county bureaus, each with a branch. */
export async function makeOrg() {
  const city = await makeUnit("测试市局", "city");
  const east = await makeUnit("东区局", "county", city.id);
  const west = await makeUnit("西区局", "county", city.id);
  const eastBranch = await makeUnit("东区局第一党支部", "branch", east.id);
  const westBranch = await makeUnit("西区局第一党支部", "branch", west.id);
  return { city, east, west, eastBranch, westBranch };
}

export async function makeUser(unitId: string, overrides: { username?: string; name?: string; passwordHash?: string | null; active?: boolean } = {}) {
  const i = next();
  return db.user.create({
    data: {
      username: overrides.username ?? `user${i}-${Math.random().toString(36).slice(2, 6)}`,
      name: overrides.name ?? `测试人员${i}`,
      unitId,
      passwordHash: overrides.passwordHash ?? null,
      active: overrides.active ?? true,
    },
  });
}

export async function grant(userId: string, role: string, unitId: string) {
  return db.roleGrant.create({ data: { userId, role, unitId } });
}


/** Puts questions into the bank through the same normalisation as content sync. */
export async function makeQuestions(bankSlug: string, questions: unknown[]) {
  await db.questionBank.upsert({ where: { slug: bankSlug }, create: { slug: bankSlug, title: bankSlug }, update: {} });
  const out: { id: string; versionId: string }[] = [];
  for (const raw of questions) {
    const q: QuestionInput = questionSchema.parse(raw);
    const { versionId } = await db.$transaction(async (tx) => {
      await tx.question.create({ data: { id: q.id, bankSlug } });
      return addQuestionVersion(tx, q, { origin: "file" });
    });
    out.push({ id: q.id, versionId });
  }
  return out;
}

export const single = (id: string, answer = 1, extra: Record<string, unknown> = {}) => ({
  id,
  type: "single",
  difficulty: 1,
  tags: ["廉洁纪律"],
  source: { article: "test:1" },
  stem: `单选题 ${id}`,
  options: ["甲", "乙", "丙", "丁"],
  answer,
  explanation: `解析 ${id}`,
  ...extra,
});

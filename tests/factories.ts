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

/**
 * A request as the browser of `userId` would send it (a real session row and cookie), for calling a
 * route's loader or action directly. `form` makes it a urlencoded POST with the site's Origin.
 */
export async function requestAs(userId: string | null, url: string, form?: Record<string, string | string[]> | [string, string][]) {
  const { createSession, SESSION_COOKIE } = await import("#app/modules/identity/session.server.ts");
  const headers = new Headers({ origin: "http://localhost" });
  if (userId) {
    const { token } = await createSession(userId);
    headers.set("cookie", `${SESSION_COOKIE}=${token}`);
  }
  const full = new URL(url, "http://localhost").toString();
  if (!form) return new Request(full, { headers });
  const body = new URLSearchParams();
  const pairs = Array.isArray(form) ? form : Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as [string, string]) : [[k, v] as [string, string]]));
  for (const [k, v] of pairs) body.append(k, v);
  headers.set("content-type", "application/x-www-form-urlencoded");
  return new Request(full, { method: "POST", headers, body });
}

/** Runs a loader or action and returns its outcome: data, or the status of a thrown Response. */
export async function callRoute<T>(fn: () => Promise<T>): Promise<{ status: number; data: T | null; response: Response | null }> {
  try {
    const value = await fn();
    if (value instanceof Response) return { status: value.status, data: null, response: value };
    const maybe = value as unknown as { type?: string; init?: { status?: number } | null; data?: unknown };
    if (maybe && typeof maybe === "object" && maybe.type === "DataWithResponseInit") return { status: maybe.init?.status ?? 200, data: maybe.data as T, response: null };
    return { status: 200, data: value, response: null };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, data: null, response: error };
    const maybe = error as { type?: string; init?: { status?: number } | null; data?: unknown };
    if (maybe && typeof maybe === "object" && maybe.type === "DataWithResponseInit") return { status: maybe.init?.status ?? 500, data: null, response: null };
    throw error;
  }
}

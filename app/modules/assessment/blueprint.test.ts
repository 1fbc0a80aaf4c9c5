// The blueprint check and the draw are one algorithm (planBlueprint): whenever the check accepts, every
// draw succeeds and respects every rule; whenever it refuses, no assignment exists (brute force).
import { describe, expect, test } from "vitest";
import { checkBlueprint, drawQuestions, seededRandom, type Blueprint, type BlueprintRule, type PoolQuestion, type Random } from "./blueprint.ts";

const TYPES = ["single", "truefalse"] as const;
const TAGS = ["廉洁纪律", "组织纪律"];

/** Written here, not imported, so the test does not trust the module's own predicate. */
function fits(q: PoolQuestion, rule: BlueprintRule) {
  return (
    q.type === rule.type &&
    (rule.difficulty === null || q.difficulty === rule.difficulty) &&
    (rule.bank === null || q.bank === rule.bank) &&
    rule.tags.every((tag) => q.tags.includes(tag))
  );
}

/** Is there any way to give every rule `count` distinct questions it accepts? Exhaustive search. */
function assignable(pool: PoolQuestion[], blueprint: Blueprint): boolean {
  const used = new Set<string>();
  const fill = (r: number, need: number, from: number): boolean => {
    if (r === blueprint.length) return true;
    if (need === 0) return fill(r + 1, blueprint[r + 1]?.count ?? 0, 0);
    for (let i = from; i < pool.length; i++) {
      const q = pool[i]!;
      if (used.has(q.questionId) || !fits(q, blueprint[r]!)) continue;
      used.add(q.questionId);
      if (fill(r, need - 1, i + 1)) return true;
      used.delete(q.questionId);
    }
    return false;
  };
  return fill(0, blueprint[0]?.count ?? 0, 0);
}

const pick = <T,>(items: readonly T[], random: Random) => items[Math.floor(random() * items.length)]!;

function randomCase(random: Random): { pool: PoolQuestion[]; blueprint: Blueprint } {
  const size = 2 + Math.floor(random() * 7);
  const pool: PoolQuestion[] = Array.from({ length: size }, (_, i) => ({
    questionId: `q${i}`,
    versionId: `v${i}`,
    type: random() < 0.75 ? "single" : "truefalse",
    difficulty: random() < 0.5 ? 1 : 2,
    tags: TAGS.filter(() => random() < 0.5),
    bank: random() < 0.5 ? "甲" : "乙",
    optionCount: 4,
  }));
  const rules = 1 + Math.floor(random() * 3);
  const blueprint: Blueprint = Array.from({ length: rules }, () => ({
    type: random() < 0.8 ? "single" : pick(TYPES, random),
    count: 1 + Math.floor(random() * 3),
    points: pick([1, 2, 5], random),
    tags: random() < 0.5 ? [] : TAGS.filter(() => random() < 0.6),
    difficulty: random() < 0.6 ? null : random() < 0.5 ? 1 : 2,
    bank: random() < 0.7 ? null : pick(["甲", "乙"], random),
  }));
  return { pool, blueprint };
}

/** Asserts one draw against every rule: count, type, tags, difficulty, bank, points, no question twice. */
function expectRespects(slots: ReturnType<typeof drawQuestions>, pool: PoolQuestion[], blueprint: Blueprint) {
  const byId = new Map(pool.map((q) => [q.questionId, q]));
  expect(slots.map((s) => s.slot)).toEqual(slots.map((_, i) => i + 1));
  expect(new Set(slots.map((s) => s.questionId)).size).toBe(slots.length);
  let at = 0;
  for (const rule of blueprint) {
    const mine = slots.slice(at, at + rule.count);
    at += rule.count;
    expect(mine).toHaveLength(rule.count);
    for (const s of mine) {
      const q = byId.get(s.questionId)!;
      expect(fits(q, rule)).toBe(true);
      expect(s.versionId).toBe(q.versionId);
      expect(s.points).toBe(rule.points);
      expect([...s.optionOrder].sort()).toEqual([0, 1, 2, 3]);
    }
  }
  expect(at).toBe(slots.length);
}

describe("blueprint check and draw are one algorithm", () => {
  test("over 400 random blueprints and pools: accepted means 100 draws succeed and respect every rule; refused means no assignment exists", () => {
    const random = seededRandom(20261202);
    let accepted = 0;
    let refused = 0;
    let contested = 0;
    for (let n = 0; n < 400; n++) {
      const { pool, blueprint } = randomCase(random);
      const problems = checkBlueprint(pool, blueprint);
      const truth = assignable(pool, blueprint);
      expect({ n, accepted: problems.length === 0 }).toEqual({ n, accepted: truth });
      // Cases where some question suits two rules are the ones a greedy reservation gets wrong.
      if (pool.some((q) => blueprint.filter((r) => fits(q, r)).length > 1)) contested++;
      if (problems.length > 0) {
        refused++;
        continue;
      }
      accepted++;
      for (let d = 0; d < 100; d++) expectRespects(drawQuestions(pool, blueprint, seededRandom(n * 1000 + d), { shuffleOptions: true }), pool, blueprint);
    }
    // The sample exercises both answers and many contested pools (not a vacuous pass).
    expect(accepted).toBeGreaterThan(80);
    expect(refused).toBeGreaterThan(80);
    expect(contested).toBeGreaterThan(100);
  });

  // The exam day shape: a general rule and a narrower one over the same questions.
  const general = { type: "single" as const, count: 5, points: 2, tags: [], difficulty: null, bank: null };
  const narrow = { type: "single" as const, count: 5, points: 2, tags: ["廉洁纪律"], difficulty: null, bank: null };
  const plain = Array.from({ length: 5 }, (_, i): PoolQuestion => ({ questionId: `p${i}`, versionId: `pv${i}`, type: "single", difficulty: 1, tags: [], bank: "b", optionCount: 4 }));
  const tagged = Array.from({ length: 5 }, (_, i): PoolQuestion => ({ questionId: `t${i}`, versionId: `tv${i}`, type: "single", difficulty: 1, tags: ["廉洁纪律"], bank: "b", optionCount: 4 }));

  test("a general rule before a narrower one: accepted, and every one of 100 draws succeeds", () => {
    const pool = [...plain, ...tagged];
    expect(checkBlueprint(pool, [general, narrow])).toEqual([]);
    for (let d = 0; d < 100; d++) expectRespects(drawQuestions(pool, [general, narrow], seededRandom(d), { shuffleOptions: false }), pool, [general, narrow]);
  });

  test("the same exam with the pool in another order is accepted too (the check does not depend on order)", () => {
    expect(checkBlueprint([...tagged, ...plain], [general, narrow])).toEqual([]);
  });

  test("rules that compete for too few questions are named together, with the numbers", () => {
    const pool = [...plain.slice(0, 3), ...tagged];
    expect(checkBlueprint(pool, [general, narrow])).toEqual([
      "第 1、2 条规则（“单选题”、“单选题、标签“廉洁纪律””）可用的题目合计只有 8 道，这几条规则合计需要 10 道（同一道题只抽一次）。",
    ]);
  });
});

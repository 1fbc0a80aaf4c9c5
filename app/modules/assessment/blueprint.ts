// An exam's blueprint says how many questions of which type, tag and difficulty to draw, and
// their points. Drawing is a pure function of the pool and a random source, so it can be tested.
import { z } from "zod";
import { t } from "#app/lib/strings.ts";
import { QUESTION_TYPE_LABEL, QUESTION_TYPES, type QuestionType } from "./question-format.ts";

export const blueprintRule = z.object({
  type: z.enum(QUESTION_TYPES, { error: t.examBlueprint.typeRequired }),
  count: z.number().int().min(1, t.examBlueprint.countMin).max(200),
  points: z.number().min(0.5, t.examBlueprint.pointsMin).max(100),
  tags: z.array(z.string().trim().min(1)).default([]),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable().default(null),
  bank: z.string().nullable().default(null),
});
export const blueprintSchema = z.array(blueprintRule).min(1, t.examBlueprint.rulesMin).max(20);

export type BlueprintRule = z.infer<typeof blueprintRule>;
export type Blueprint = z.infer<typeof blueprintSchema>;

export type PoolQuestion = {
  questionId: string;
  versionId: string;
  type: QuestionType;
  difficulty: number;
  tags: string[];
  bank: string;
  optionCount: number;
};

export type DrawnSlot = { slot: number; questionId: string; versionId: string; points: number; optionOrder: number[] };

export type Random = () => number;

/** A small seeded generator (mulberry32), so draws can be replayed in tests. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function describeRule(rule: BlueprintRule): string {
  const parts = [QUESTION_TYPE_LABEL[rule.type]];
  if (rule.tags.length) parts.push(t.examBlueprint.tags(rule.tags));
  if (rule.difficulty) parts.push(t.examBlueprint.difficulty(rule.difficulty));
  if (rule.bank) parts.push(t.examBlueprint.bank(rule.bank));
  return parts.join(t.examBlueprint.partSeparator);
}

export function matches(q: PoolQuestion, rule: BlueprintRule): boolean {
  return (
    q.type === rule.type &&
    (rule.difficulty === null || q.difficulty === rule.difficulty) &&
    (rule.bank === null || q.bank === rule.bank) &&
    rule.tags.every((t) => q.tags.includes(t))
  );
}

export class BlueprintError extends Error {}

/** Checks that the pool can satisfy the blueprint, without drawing (for authoring and for start). */
export function checkBlueprint(pool: PoolQuestion[], blueprint: Blueprint): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const rule of blueprint) {
    const available = pool.filter((q) => matches(q, rule) && !used.has(q.questionId));
    if (available.length < rule.count) {
      problems.push(t.examBlueprint.shortage(describeRule(rule), available.length, rule.count));
    }
    // Greedy reservation mirrors the draw: earlier rules take their questions first.
    for (const q of available.slice(0, rule.count)) used.add(q.questionId);
  }
  return problems;
}

/** Draws distinct questions for each rule, in rule order, and shuffles options per person. */
export function drawQuestions(pool: PoolQuestion[], blueprint: Blueprint, random: Random, options: { shuffleOptions: boolean }): DrawnSlot[] {
  const problems = checkBlueprint(pool, blueprint);
  if (problems.length > 0) throw new BlueprintError(problems.join("\n"));
  const used = new Set<string>();
  const slots: DrawnSlot[] = [];
  for (const rule of blueprint) {
    const candidates = shuffle(
      pool.filter((q) => matches(q, rule) && !used.has(q.questionId)),
      random,
    ).slice(0, rule.count);
    if (candidates.length < rule.count) throw new BlueprintError(t.examBlueprint.insufficient(describeRule(rule)));
    for (const q of candidates) {
      used.add(q.questionId);
      const order = Array.from({ length: q.optionCount }, (_, i) => i);
      slots.push({
        slot: slots.length + 1,
        questionId: q.questionId,
        versionId: q.versionId,
        points: rule.points,
        optionOrder: options.shuffleOptions && (q.type === "single" || q.type === "multiple") ? shuffle(order, random) : order,
      });
    }
  }
  return slots;
}

export function totalPoints(blueprint: Blueprint): number {
  return blueprint.reduce((sum, r) => sum + r.count * r.points, 0);
}

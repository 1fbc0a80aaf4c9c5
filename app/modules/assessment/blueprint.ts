// An exam's blueprint says how many questions of which type, tag and difficulty to draw, and
// their points. Drawing is a pure function of the pool and a random source, so it can be tested.
import { z } from "zod";
import { t } from "#app/lib/strings.ts";
import { QUESTION_TYPE_LABEL, QUESTION_TYPES, type QuestionType } from "./question-format.ts";
import { DomainError } from "#app/lib/domain-error.ts";

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

/** Which pool questions fill which rule (`picks[i]` for `blueprint[i]`), or why no choice can. */
export type BlueprintPlan = { ok: true; picks: PoolQuestion[][] } | { ok: false; problems: string[] };

/**
 * The one algorithm behind both the blueprint check and the draw: a maximum matching of rules (each a
 * node taking `count` questions) to the questions each rule accepts, found by augmenting paths, so a
 * rule that took a question another rule needs gives it up for one it can use instead. How large a
 * maximum matching is does not depend on the order questions are tried, so the draw (a shuffled order)
 * fills every rule exactly when the check (the pool's order) says the blueprint can be met. A greedy
 * reservation in pool order, as before, could say yes where a random draw then failed, and no where a
 * draw was possible.
 */
export function planBlueprint(pool: readonly PoolQuestion[], blueprint: Blueprint, random?: Random): BlueprintPlan {
  const order = random ? shuffle(pool, random) : [...pool];
  const eligible = blueprint.map((rule) => order.flatMap((q, i) => (matches(q, rule) ? [i] : [])));
  const owner = new Array<number>(order.length).fill(-1);
  const taken = blueprint.map(() => 0);
  // A first pass in (shuffled) order; the augmenting paths below repair what it got wrong.
  blueprint.forEach((rule, r) => {
    for (const i of eligible[r]!) {
      if (taken[r] === rule.count) break;
      if (owner[i] === -1) {
        owner[i] = r;
        taken[r] = taken[r]! + 1;
      }
    }
  });
  const problems: string[] = [];
  const explained = new Set<number>();
  blueprint.forEach((rule, r) => {
    while (taken[r]! < rule.count) {
      const stuck = augment(r, eligible, owner);
      if (stuck === null) {
        taken[r] = taken[r]! + 1;
        continue;
      }
      // The rules reached from `r` together accept fewer questions than they need (Hall's condition
      // fails for them): say so once, naming them all.
      if (![...stuck].some((x) => explained.has(x))) problems.push(shortageOf([...stuck].sort((a, b) => a - b), blueprint, eligible));
      for (const x of stuck) explained.add(x);
      break;
    }
  });
  if (problems.length > 0) return { ok: false, problems };
  const picks = blueprint.map(() => [] as PoolQuestion[]);
  owner.forEach((r, i) => {
    if (r !== -1) picks[r]!.push(order[i]!);
  });
  return { ok: true, picks };
}

/**
 * One augmenting path for rule `start` by breadth-first search: a free question it accepts, or one held by
 * another rule that can in turn take another (and so on). Applies it and returns null; or returns the
 * rules reached, when there is none.
 */
function augment(start: number, eligible: number[][], owner: number[]): Set<number> | null {
  const reached = new Set([start]);
  const seen = new Set<number>();
  // For a rule reached through question q held by it: q and the rule that takes q from it.
  const via = new Map<number, { question: number; taker: number }>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const r = queue[head]!;
    for (const i of eligible[r]!) {
      if (owner[i] === r || seen.has(i)) continue;
      seen.add(i);
      const holder = owner[i]!;
      if (holder === -1) {
        // Shift along the path: r takes the free question, each rule before it takes its predecessor's.
        owner[i] = r;
        for (let cur = r; cur !== start; ) {
          const step = via.get(cur)!;
          owner[step.question] = step.taker;
          cur = step.taker;
        }
        return null;
      }
      if (reached.has(holder)) continue;
      reached.add(holder);
      via.set(holder, { question: i, taker: r });
      queue.push(holder);
    }
  }
  return reached;
}

function shortageOf(rules: number[], blueprint: Blueprint, eligible: number[][]): string {
  const available = new Set(rules.flatMap((r) => eligible[r]!)).size;
  const needed = rules.reduce((sum, r) => sum + blueprint[r]!.count, 0);
  if (rules.length === 1) return t.examBlueprint.shortage(describeRule(blueprint[rules[0]!]!), available, needed);
  return t.examBlueprint.sharedShortage(
    rules.map((r) => r + 1),
    rules.map((r) => describeRule(blueprint[r]!)),
    available,
    needed,
  );
}

/** Checks that the pool can satisfy the blueprint, without drawing (for authoring and for start). */
export function checkBlueprint(pool: readonly PoolQuestion[], blueprint: Blueprint): string[] {
  const plan = planBlueprint(pool, blueprint);
  return plan.ok ? [] : plan.problems;
}

/**
 * Draws distinct questions for each rule, slots in rule order, and shuffles options per person. Fails
 * (DomainError) only when checkBlueprint on the same pool fails.
 */
export function drawQuestions(pool: readonly PoolQuestion[], blueprint: Blueprint, random: Random, options: { shuffleOptions: boolean }): DrawnSlot[] {
  const plan = planBlueprint(pool, blueprint, random);
  if (!plan.ok) throw new DomainError(plan.problems.join("\n"));
  const slots: DrawnSlot[] = [];
  blueprint.forEach((rule, r) => {
    for (const q of shuffle(plan.picks[r]!, random)) {
      const order = Array.from({ length: q.optionCount }, (_, i) => i);
      slots.push({
        slot: slots.length + 1,
        questionId: q.questionId,
        versionId: q.versionId,
        points: rule.points,
        optionOrder: options.shuffleOptions && (q.type === "single" || q.type === "multiple") ? shuffle(order, random) : order,
      });
    }
  });
  return slots;
}

export function totalPoints(blueprint: Blueprint): number {
  return blueprint.reduce((sum, r) => sum + r.count * r.points, 0);
}

// Assignment kinds as modules: each kind (a course, an exam, the pledge, an offline session, one of the
// "seven ones") is one object implementing AssignmentKindModule in its own file beside this one,
// registered below. Creating an assignment, its title, what it fixes as its requirement, the status of
// each person and the link their task shows all ask the registry; nothing else switches on the kind.
// Adding a kind: docs/guides/add-an-assignment-kind.md.
// (Server-only: the modules read the database. The create form gets its data through the loader.)
import { activity } from "./activity.server.ts";
import { course } from "./course.server.ts";
import { exam } from "./exam.server.ts";
import { offline } from "./offline.server.ts";
import { pledge } from "./pledge.server.ts";

/** What a kind reads of an assignment (the columns statusesFor is given). */
export type AssignmentRow = { id: string; kind: string; targetId: string; startsAt: Date; dueAt: Date; requiredMinutes: number; lessonIdsJson: string };

/** One person's standing on an assignment, before the due date turns it into a state. */
export type Outcome = { done: boolean; percent: number; detail: string; doneAt: Date | null };

/** The button on a person's task ("继续学习", "开始学习", "参加考试"…); none when there is nowhere to go. */
export type NextStep = { label: string; href: string } | null;

/** What the create form offers for a kind's target (`target_<kind>`): a list to pick from, or a text field. */
export type TargetPicker =
  | { type: "select"; label: string; options: { value: string; label: string }[] }
  | { type: "text"; label: string; defaultValue: string };

/**
 * The people a status is asked for, and how to read for all of them in one query per source. For
 * many people (a county, the city) `whereIn` asks for nobody in particular and `keep` drops the
 * rows of others, rather than bind tens of thousands of ids into a statement.
 */
export type Batch = {
  readonly userIds: readonly string[];
  /** `{ [field]: { in: userIds } }`, or `{}` when they are many. Spread it into the query's where. */
  whereIn<F extends string>(field: F): Partial<Record<F, { in: string[] }>>;
  /** The rows that belong to the people asked about (all of them when the query was narrowed). */
  keep<R>(rows: R[], userOf: (r: R) => string): R[];
  groupBy<R>(rows: R[], userOf: (r: R) => string): Map<string, R[]>;
};

/** Above this many people a batch reads the target's rows whole and keeps theirs. */
export const MANY_PEOPLE = 2_000;

export function batchOf(userIds: readonly string[]): Batch {
  const many = userIds.length > MANY_PEOPLE;
  const wanted = new Set(userIds);
  return {
    userIds,
    whereIn: <F extends string>(field: F) => (many ? {} : ({ [field]: { in: [...userIds] } } as Partial<Record<F, { in: string[] }>>)),
    keep: (rows, userOf) => (many ? rows.filter((r) => wanted.has(userOf(r))) : rows),
    groupBy: (rows, userOf) => {
      const map = new Map<string, (typeof rows)[number][]>();
      for (const r of rows) {
        const list = map.get(userOf(r));
        if (list) list.push(r);
        else map.set(userOf(r), [r]);
      }
      return map;
    },
  };
}

/**
 * One assignment kind. Type parameters: its name (the `kind` column) and what it knows about one
 * person after reading (P), from which their outcome and their next step follow without another
 * query. Methods are declared as methods so a module of one kind is also an AssignmentKindModule of
 * the general shape the lookups return.
 */
export interface AssignmentKindModule<K extends string = string, P = unknown> {
  readonly kind: K;
  /** The create form's option for it (t.assign.form.kinds). */
  readonly label: string;

  // ── making an assignment ──
  /** What the create form offers as its target (the published courses, the session kinds…). */
  picker(now: Date): Promise<TargetPicker> | TargetPicker;
  /** The title a new assignment gets when the trainer leaves it empty; refuses (DomainError) an unknown target. */
  targetTitle(targetId: string): Promise<string> | string;
  /**
   * What the assignment asks for, fixed when it is made (stored in lessonIdsJson) so that later changes
   * to the target (a lesson published into the course) change nobody's status. Absent: nothing is fixed.
   */
  fixRequirement?(targetId: string): Promise<string[]>;

  // ── status ──
  /**
   * Reads what everyone in the batch did, in a fixed number of queries however many they are (never
   * one per person), and returns what is known about each person.
   */
  load(a: AssignmentRow, batch: Batch): Promise<(userId: string) => P>;
  /** Whether the person is done, how far along (0–100), in words, and when they finished. */
  outcome(p: P, a: AssignmentRow): Outcome;
  /** Where their task sends them next (shown only while it is not done). */
  next(p: P, a: AssignmentRow): NextStep;
}

/** The registry: one module per kind, in the order the create form offers them. */
export const ASSIGNMENT_KIND_MODULES = [course, exam, pledge, offline, activity] as const satisfies readonly AssignmentKindModule[];

export type AssignmentKind = (typeof ASSIGNMENT_KIND_MODULES)[number]["kind"];
/** Every kind (the `kind` column's values), for the forms' enums. */
export const ASSIGNMENT_KINDS = ASSIGNMENT_KIND_MODULES.map((m) => m.kind) as unknown as readonly [AssignmentKind, ...AssignmentKind[]];

const byKind = new Map<string, AssignmentKindModule>(ASSIGNMENT_KIND_MODULES.map((m) => [m.kind, m]));

/** The module of a kind read from the database or a form, or undefined when no module has it. */
export function assignmentKind(kind: string): AssignmentKindModule | undefined {
  return byKind.get(kind);
}

/** The modules that fix a requirement when an assignment is made. */
export function kindsFixingRequirement(): AssignmentKindModule[] {
  return ASSIGNMENT_KIND_MODULES.filter((m) => "fixRequirement" in m);
}

export type KindChoice = { kind: AssignmentKind; label: string; target: TargetPicker };

/** What the create form offers: every kind, with its label and its target picker. */
export async function kindChoices(now = new Date()): Promise<KindChoice[]> {
  return Promise.all(ASSIGNMENT_KIND_MODULES.map(async (m) => ({ kind: m.kind, label: m.label, target: await m.picker(now) })));
}

// Access rules as small objects (Moodle's quiz access rules): each answers "may this person start
// or continue, and if not, why" on its own; one function combines them. Pure: the caller loads facts.
import { t } from "#app/lib/strings.ts";
import { formatDateTime } from "#app/lib/time.ts";

export type AccessFacts = {
  now: Date;
  opensAt: Date;
  /** The effective close, after overrides. */
  closesAt: Date;
  status: string;
  /** Effective maximum attempts after overrides (0 = unlimited). */
  maxAttempts: number;
  attemptsUsed: number;
  hasAttemptInProgress: boolean;
  inAudience: boolean;
  audienceReason: string;
  /** null when the exam does not require an assignment. */
  assigned: boolean | null;
  unmetPrerequisites: string[];
};

export type AccessRule = { name: string; refuse: (f: AccessFacts) => string | null };

export const ACCESS_RULES: AccessRule[] = [
  { name: "published", refuse: (f) => (f.status === "published" ? null : t.examAccess.notPublished) },
  { name: "audience", refuse: (f) => (f.inAudience ? null : f.audienceReason) },
  { name: "assignment", refuse: (f) => (f.assigned === false ? t.examAccess.assignedOnly : null) },
  { name: "opens", refuse: (f) => (f.now < f.opensAt ? t.examAccess.opensAt(formatDateTime(f.opensAt)) : null) },
  { name: "closes", refuse: (f) => (f.now >= f.closesAt ? t.examAccess.closedAt(formatDateTime(f.closesAt)) : null) },
  {
    name: "attempts",
    refuse: (f) => (f.maxAttempts > 0 && f.attemptsUsed >= f.maxAttempts ? t.examAccess.noAttemptsLeft(f.maxAttempts) : null),
  },
  {
    name: "prerequisites",
    refuse: (f) => (f.unmetPrerequisites.length ? t.examAccess.prerequisites(f.unmetPrerequisites) : null),
  },
];

/** Reasons a new attempt may not start (empty: it may). Continuing an attempt in progress is always allowed. */
export function startRefusals(facts: AccessFacts): string[] {
  if (facts.hasAttemptInProgress) return [];
  return ACCESS_RULES.map((r) => r.refuse(facts)).filter((r): r is string => r !== null);
}

// Access rules as small objects (Moodle's quiz access rules): each answers "may this person start
// or continue, and if not, why" on its own; one function combines them. Pure: the caller loads facts.
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

const fmt = new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" });

export const ACCESS_RULES: AccessRule[] = [
  { name: "published", refuse: (f) => (f.status === "published" ? null : "考试尚未发布或已停用。") },
  { name: "audience", refuse: (f) => (f.inAudience ? null : f.audienceReason) },
  { name: "assignment", refuse: (f) => (f.assigned === false ? "本考试只面向被布置了该考试任务的人员。" : null) },
  { name: "opens", refuse: (f) => (f.now < f.opensAt ? `考试将于 ${fmt.format(f.opensAt)} 开放。` : null) },
  { name: "closes", refuse: (f) => (f.now >= f.closesAt ? `考试已于 ${fmt.format(f.closesAt)} 结束。` : null) },
  {
    name: "attempts",
    refuse: (f) => (f.maxAttempts > 0 && f.attemptsUsed >= f.maxAttempts ? `您已用完全部 ${f.maxAttempts} 次作答机会。` : null),
  },
  {
    name: "prerequisites",
    refuse: (f) => (f.unmetPrerequisites.length ? `参加考试前需要先完成：${f.unmetPrerequisites.join("；")}。` : null),
  },
];

/** Reasons a new attempt may not start (empty: it may). Continuing an attempt in progress is always allowed. */
export function startRefusals(facts: AccessFacts): string[] {
  if (facts.hasAttemptInProgress) return [];
  return ACCESS_RULES.map((r) => r.refuse(facts)).filter((r): r is string => r !== null);
}

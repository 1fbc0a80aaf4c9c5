// Reusable Zod fields for what browsers send: every value arrives as text (or is missing), so each
// piece here takes a string, refuses what the domain cannot store with a Chinese message, and hands
// the domain a typed value. Used through parseForm (app/lib/parse-form.server.ts), which runs with
// Conform's auto-coercion off so these pieces alone decide how text becomes a value.
import { z } from "zod";
import { t } from "#app/lib/strings.ts";
import { at, beijingMonth, beijingYear, dayEnd, dayStart } from "#app/lib/time.ts";

const M = t.formInput;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
/** A page number beyond this is nobody's list: refused rather than turned into a huge OFFSET. */
export const MAX_PAGE = 100_000;

// C0 controls other than tab, LF and CR, and DEL: NUL in particular is refused by PostgreSQL text.
export function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
  }
  return false;
}

/** Why a `YYYY-MM-DD` text is not a date the platform accepts, or null when it is one. */
export function dayProblem(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return M.date;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // The range first: Date.UTC reads years 0–99 as 1900–1999, which the round trip below would misjudge.
  if (y < MIN_YEAR || y > MAX_YEAR) return M.dateRange(MIN_YEAR, MAX_YEAR);
  // A calendar date round-trips through UTC unchanged; 2026-02-30 or 2026-13-01 do not.
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return M.date;
  return null;
}

/** A trimmed string of `min`..`max` characters without control characters. `message` words a missing or short one. */
export function text(opts: { max: number; min?: number; message?: string; tooLong?: string }) {
  const min = opts.min ?? 1;
  const tooLong = opts.tooLong ?? M.tooLong(opts.max);
  return z
    .string({ error: opts.message ?? M.required })
    .max(opts.max * 4, tooLong) // cheap early refusal of 100k-character values, before trimming
    .trim()
    .min(min, opts.message ?? (min <= 1 ? M.required : M.tooShort(min)))
    .max(opts.max, tooLong)
    .refine((s) => !hasControlChars(s), M.controlChars);
}

/** An optional trimmed string: missing or blank is "". */
export const optionalText = (max: number) => text({ max, min: 0 }).default("");

/** A whole number in [min, max]. Refuses NaN, Infinity (1e309), decimals, exponents and out-of-range values. */
export function int(min: number, max: number, message = M.int(min, max)) {
  return z
    .string({ error: message })
    .trim()
    .regex(/^-?\d{1,15}$/, message)
    .transform(Number)
    .pipe(z.number().int(message).min(min, message).max(max, message));
}

/** A number in [min, max] with at most two decimals (points, scores). Refuses NaN, Infinity and exponents. */
export function decimal(min: number, max: number, message = M.number(min, max)) {
  return z
    .string({ error: message })
    .trim()
    .regex(/^-?\d{1,9}(\.\d{1,2})?$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));
}

/** A checkbox: present as "on" is true, anything else (or absent) false. */
export const checkbox = () => z.unknown().optional().transform((v) => v === "on");

/**
 * A calendar date as `YYYY-MM-DD` (Beijing day), years MIN_YEAR..MAX_YEAR. `required` words a missing
 * or blank date the screen's own way; a wrong date always says what is wrong with it.
 */
export function beijingDate(required: string = M.date) {
  return z.string({ error: required }).trim().min(1, required).superRefine((s, ctx) => {
    if (!s) return;
    const why = dayProblem(s);
    if (why) ctx.addIssue({ code: "custom", message: why });
  });
}

/** A deadline day: the end of that day in Beijing (23:59:59 +08:00), as forms have always meant it. */
export const beijingDeadline = (required?: string) => beijingDate(required).transform(dayEnd);

/** The start of a Beijing day (00:00 +08:00), for "from" dates. */
export const beijingDayStart = (required?: string) => beijingDate(required).transform(dayStart);

/** An optional deadline day: missing or blank is null. */
export const optionalBeijingDeadline = () =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), beijingDeadline().optional()).transform((d) => d ?? null);

/** A `datetime-local` value (`YYYY-MM-DDTHH:MM`) read as Beijing time. */
export function beijingDateTime(required: string = M.dateTime) {
  return z
    .string({ error: required })
    .trim()
    .min(1, required)
    .superRefine((s, ctx) => {
      if (!s) return;
      const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(s);
      const why = !m ? M.dateTime : (dayProblem(m[1]!) ?? (Number(m[2]) > 23 || Number(m[3]) > 59 ? M.dateTime : null));
      if (why) ctx.addIssue({ code: "custom", message: why });
    })
    .transform((s) => at(s.slice(0, 10), s.slice(11, 16)));
}


/** Absent or blank takes `fallback()`; anything else must satisfy `inner`. For optional fields and query parameters. */
export const orDefault = <T, F = T>(fallback: () => F, inner: z.ZodType<T, string>) =>
  z.preprocess((v) => (v === undefined || (typeof v === "string" && v.trim() === "") ? undefined : v), inner.optional()).transform((v): T | F => (v === undefined ? fallback() : v));

/** Every value of a repeated field (a multiple select), as a bounded list of bounded strings. */
export const list = (maxItems: number, maxLength = 64) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string({ error: M.invalid }).max(maxLength, M.tooLong(maxLength))).max(maxItems, M.invalid)).transform((a) => a.filter(Boolean));

/** `?year=`: MIN_YEAR..MAX_YEAR, defaulting to the current Beijing year. */
export const yearParam = (fallback: () => number = () => beijingYear()) => orDefault(fallback, int(MIN_YEAR, MAX_YEAR, M.year));


/** `?at=YYYY-MM`: a real month of MIN_YEAR..MAX_YEAR, defaulting to the current Beijing month. */
export const monthParam = (fallback: () => string = () => beijingMonth()) =>
  orDefault(
    fallback,
    z.string({ error: M.month }).trim().refine((s) => {
      const m = /^(\d{4})-(\d{2})$/.exec(s);
      return Boolean(m) && dayProblem(`${m![1]}-${m![2]}-01`) === null;
    }, M.month),
  );

/** `?x=` one of `keys`, defaulting to `fallback`. */
export const choiceParam = <K extends string>(keys: readonly [K, ...K[]], fallback: K) => orDefault(() => fallback, z.enum(keys, { error: M.choice }));

/** `?page=`: 1..MAX_PAGE, defaulting to 1. */
export const pageParam = () => orDefault(() => 1, int(1, MAX_PAGE, M.page));

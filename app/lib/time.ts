// Time as the bureau reads it: every day, month and year is Beijing's (UTC+8, no daylight saving), and
// every date a screen, PDF or spreadsheet shows is formatted here, so a page and its export agree.
// Pure and browser-safe.

export const BEIJING_TIME_ZONE = "Asia/Shanghai";
const OFFSET_MS = 8 * 3_600_000;

type When = Date | string | number;
const asDate = (d: When) => (d instanceof Date ? d : new Date(d));

// ─── days, months, years in Beijing ──────────────────────────────────────────

/** `YYYY-MM-DD` of the Beijing day `d` falls on. */
export const beijingDay = (d: When = new Date()) => new Date(asDate(d).getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** `YYYY-MM` of the Beijing month `d` falls in. */
export const beijingMonth = (d: When = new Date()) => beijingDay(d).slice(0, 7);

/** The Beijing year `d` falls in. */
export const beijingYear = (d: When = new Date()) => Number(beijingDay(d).slice(0, 4));

/** 00:00 of a Beijing day given as `YYYY-MM-DD`. */
export const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** 23:59:59 of a Beijing day: a deadline day, as forms have always meant it. */
export const dayEnd = (day: string) => new Date(`${day}T23:59:59+08:00`);

/** A time of a Beijing day: `at("2026-03-01", "09:00")`. */
export const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);

/** 00:00 on the first of a Beijing month (`month` 1–12; 13 is January of the next year). */
export function monthStart(year: number, month: number): Date {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  return dayStart(`${y}-${String(m).padStart(2, "0")}-01`);
}

/** A Beijing calendar year as a half-open range [from, to). */
export const yearRange = (year: number) => ({ from: monthStart(year, 1), to: monthStart(year + 1, 1) });

// ─── how dates are shown ─────────────────────────────────────────────────────

const formatter = (options: Intl.DateTimeFormatOptions) => {
  const f = new Intl.DateTimeFormat("zh-CN", { timeZone: BEIJING_TIME_ZONE, ...options });
  return (d: When) => f.format(asDate(d));
};

/** 2026/12/2 — tables, exports, deadlines in a list. */
export const formatDate = formatter({});
/** 2026年12月2日 */
export const formatDateMedium = formatter({ dateStyle: "medium" });
/** 2026年12月2日 (long) — certificates, titles of printed things. */
export const formatDateLong = formatter({ dateStyle: "long" });
/** 2026年12月2日 18:40 — the usual "when" of an event on a screen. */
export const formatDateTime = formatter({ dateStyle: "medium", timeStyle: "short" });
/** 2026/12/2 18:40 — dense lists (versions, exams). */
export const formatDateTimeShort = formatter({ dateStyle: "short", timeStyle: "short" });
/** 2026年12月2日 18:40:05 — a signature, a record a 纪检 officer may cite to the second. */
export const formatDateTimeLong = formatter({ dateStyle: "long", timeStyle: "medium" });
/** 2026/12/2 18:40:05 — logs and audit rows. */
export const formatTimestamp = formatter({ year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
/** 12月2日 */
export const formatMonthDay = formatter({ month: "long", day: "numeric" });
/** 12/2 18:40 */
export const formatMonthDayTime = formatter({ month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
/** 12月2日周三 18:40 — an upcoming session. */
export const formatWeekdayTime = formatter({ month: "long", day: "numeric", weekday: "short", hour: "2-digit", minute: "2-digit" });
/** 18:40 */
export const formatTime = formatter({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

import { describe, expect, test } from "vitest";
import * as T from "./time.ts";

// 2026-12-31 16:30 UTC is 2027-01-01 00:30 in Beijing: the day, month and year are Beijing's.
const newYearInBeijing = new Date("2026-12-31T16:30:00Z");

describe("Beijing days, months and years", () => {
  test("a moment belongs to the Beijing day it falls on", () => {
    expect(T.beijingDay(newYearInBeijing)).toBe("2027-01-01");
    expect(T.beijingMonth(newYearInBeijing)).toBe("2027-01");
    expect(T.beijingYear(newYearInBeijing)).toBe(2027);
    expect(T.beijingYear(new Date("2026-12-31T15:59:59Z"))).toBe(2026);
  });

  test("day starts, deadlines and times are Beijing's", () => {
    expect(T.dayStart("2026-03-01").toISOString()).toBe("2026-02-28T16:00:00.000Z");
    expect(T.dayEnd("2026-03-01").toISOString()).toBe("2026-03-01T15:59:59.000Z");
    expect(T.at("2026-03-01", "09:00").toISOString()).toBe("2026-03-01T01:00:00.000Z");
  });

  test("months roll over into the next year; a year is a half-open range", () => {
    expect(T.monthStart(2026, 13).toISOString()).toBe(T.monthStart(2027, 1).toISOString());
    expect(T.monthStart(2026, 7).toISOString()).toBe("2026-06-30T16:00:00.000Z");
    const { from, to } = T.yearRange(2026);
    expect([from.toISOString(), to.toISOString()]).toEqual(["2025-12-31T16:00:00.000Z", "2026-12-31T16:00:00.000Z"]);
  });
});

describe("how dates are shown", () => {
  const d = new Date("2026-12-02T01:05:09Z"); // 09:05:09 in Beijing
  test("each format, in Beijing time whatever the server's zone", () => {
    expect(T.formatDate(d)).toBe("2026/12/2");
    expect(T.formatDateMedium(d)).toBe("2026年12月2日");
    expect(T.formatDateTime(d)).toBe("2026年12月2日 09:05");
    expect(T.formatDateTimeLong(d)).toBe("2026年12月2日 09:05:09");
    expect(T.formatTimestamp(d)).toBe("2026/12/2 09:05:09");
    expect(T.formatMonthDay(d)).toBe("12月2日");
    expect(T.formatMonthDayTime(d)).toBe("12/2 09:05");
    expect(T.formatTime(d)).toBe("09:05");
    expect(T.formatWeekdayTime(d)).toBe("12月2日周三 09:05");
  });

  test("an ISO string or a number is the same moment", () => {
    expect(T.formatDateTime(d.toISOString())).toBe(T.formatDateTime(d));
    expect(T.formatDateTime(d.getTime())).toBe(T.formatDateTime(d));
  });
});

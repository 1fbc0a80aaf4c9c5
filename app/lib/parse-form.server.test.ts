// The one parse step and its fields, fed what the fuzz run found and worse: impossible dates,
// 1e309, NaN, negatives, NUL, 100k-character values and field names aimed at Object.prototype.
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { beijingDate, beijingDateTime, beijingDeadline, checkbox, choiceParam, monthParam, dayProblem, decimal, int, list, optionalBeijingDeadline, optionalText, pageParam, text, yearParam } from "#app/lib/form-fields.ts";
import { parseForm, parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};
const CHINESE = /[\u4e00-\u9fff]/;

describe("beijingDate / beijingDeadline", () => {
  test.each(["9999-99-99", "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "1e309", "NaN", "-1", "", "2026-01-01\u0000", "x".repeat(100_000)])(
    "refuses hostile value #%# with a Chinese message",
    (v) => {
      const r = parseForm(form([["d", v]]), z.object({ d: beijingDate() }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(CHINESE);
    },
  );
  test("years outside 2000–2100 are refused with the range message", () => {
    for (const v of ["1999-12-31", "2101-01-01", "0000-01-01", "9999-99-99"]) expect(dayProblem(v)).toBe(t.formInput.dateRange(2000, 2100));
    expect(dayProblem("2000-01-01")).toBeNull();
    expect(dayProblem("2100-12-31")).toBeNull();
    expect(dayProblem("2024-02-29")).toBeNull();
  });
  test("a deadline is the end of that Beijing day", () => {
    const r = parseForm(form([["d", " 2026-03-01 "]]), z.object({ d: beijingDeadline() }));
    expect(r.ok && r.value.d.toISOString()).toBe("2026-03-01T15:59:59.000Z");
  });
  test("an optional deadline: blank or missing is null, junk is refused", () => {
    const s = z.object({ d: optionalBeijingDeadline() });
    expect(parseForm(form([["d", ""]]), s)).toMatchObject({ ok: true, value: { d: null } });
    expect(parseForm(form([]), s)).toMatchObject({ ok: true, value: { d: null } });
    expect(parseForm(form([["d", "2026-02-30"]]), s)).toMatchObject({ ok: false, message: t.formInput.date });
  });
});

describe("int", () => {
  const s = z.object({ n: int(0, 500) });
  test.each(["1e309", "NaN", "Infinity", "-1", "501", "1.5", "0x10", "", " ", "1\u0000", "9".repeat(100_000), "99999999999999999999"])("refuses hostile value #%#", (v) => {
    const r = parseForm(form([["n", v]]), s);
    expect(r).toMatchObject({ ok: false, message: t.formInput.int(0, 500), fieldErrors: { n: [t.formInput.int(0, 500)] } });
  });
  test("accepts the bounds, trimmed", () => {
    expect(parseForm(form([["n", " 0 "]]), s)).toMatchObject({ ok: true, value: { n: 0 } });
    expect(parseForm(form([["n", "500"]]), s)).toMatchObject({ ok: true, value: { n: 500 } });
    expect(parseForm(form([["n", "-3"]]), z.object({ n: int(-5, 5) }))).toMatchObject({ ok: true, value: { n: -3 } });
  });
  test("a missing field is refused, not NaN", () => {
    expect(parseForm(form([]), s)).toMatchObject({ ok: false, message: t.formInput.int(0, 500) });
  });
});

describe("decimal, checkbox, list, beijingDateTime", () => {
  test("decimal: two places at most, bounded, no NaN or Infinity", () => {
    const s = z.object({ p: decimal(0, 100) });
    expect(parseForm(form([["p", "2.5"]]), s)).toMatchObject({ ok: true, value: { p: 2.5 } });
    for (const v of ["NaN", "1e309", "Infinity", "-0.5", "100.01", "1.234", "", "1,5"]) expect(parseForm(form([["p", v]]), s)).toMatchObject({ ok: false, message: t.formInput.number(0, 100) });
  });
  test("checkbox: only 'on' is ticked; missing is false", () => {
    const s = z.object({ c: checkbox() });
    expect(parseForm(form([["c", "on"]]), s)).toMatchObject({ ok: true, value: { c: true } });
    expect(parseForm(form([["c", "true"]]), s)).toMatchObject({ ok: true, value: { c: false } });
    expect(parseForm(form([]), s)).toMatchObject({ ok: true, value: { c: false } });
  });
  test("list: one or many values, bounded", () => {
    const s = z.object({ l: list(2, 8) });
    expect(parseForm(form([["l", "a"]]), s)).toMatchObject({ ok: true, value: { l: ["a"] } });
    expect(parseForm(form([["l", "a"], ["l", ""], ["l", "b"]]), s).ok).toBe(false);
    expect(parseForm(form([["l", "a"], ["l", "b"]]), s)).toMatchObject({ ok: true, value: { l: ["a", "b"] } });
    expect(parseForm(form([["l", "x".repeat(100_000)]]), s).ok).toBe(false);
    expect(parseForm(form([]), s)).toMatchObject({ ok: true, value: { l: [] } });
  });
  test("beijingDateTime: a datetime-local value in Beijing time; impossible ones refused", () => {
    const s = z.object({ at: beijingDateTime("请填写时间。") });
    const ok = parseForm(form([["at", "2026-12-01T09:30"]]), s);
    expect(ok.ok && ok.value.at.toISOString()).toBe("2026-12-01T01:30:00.000Z");
    expect(parseForm(form([["at", ""]]), s)).toMatchObject({ ok: false, message: "请填写时间。" });
    for (const v of ["9999-99-99T00:00", "2026-02-30T09:00", "2026-12-01T24:00", "2026-12-01T09:60", "2026-12-01", "1e309", "NaN"]) {
      const r = parseForm(form([["at", v]]), s);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(CHINESE);
    }
  });
});

describe("text", () => {
  test("trims, bounds and refuses NUL", () => {
    const s = z.object({ a: text({ max: 10 }), b: optionalText(5) });
    expect(parseForm(form([["a", "  你好  "]]), s)).toMatchObject({ ok: true, value: { a: "你好", b: "" } });
    expect(parseForm(form([["a", "   "]]), s)).toMatchObject({ ok: false, message: t.formInput.required });
    expect(parseForm(form([["a", "a\u0000b"]]), s)).toMatchObject({ ok: false, message: t.formInput.controlChars });
    expect(parseForm(form([["a", "x".repeat(100_000)]]), s)).toMatchObject({ ok: false, message: t.formInput.tooLong(10) });
    expect(parseForm(form([["a", "ok"], ["b", "123456"]]), s)).toMatchObject({ ok: false, fieldErrors: { b: [t.formInput.tooLong(5)] } });
    // Newlines and tabs are text, not control junk.
    expect(parseForm(form([["a", "a\n\tb"]]), s)).toMatchObject({ ok: true, value: { a: "a\n\tb" } });
  });
  test("a field sent twice is refused, not joined", () => {
    const r = parseForm(form([["a", "x"], ["a", "y"]]), z.object({ a: text({ max: 10 }) }));
    expect(r.ok).toBe(false);
  });
});

describe("query params", () => {
  test("year: absent is the fallback, junk is refused", () => {
    const s = z.object({ year: yearParam(() => 2026) });
    expect(parseQuery("http://x/y", s)).toMatchObject({ ok: true, value: { year: 2026 } });
    expect(parseQuery("http://x/y?year=", s)).toMatchObject({ ok: true, value: { year: 2026 } });
    expect(parseQuery("http://x/y?year=2024", s)).toMatchObject({ ok: true, value: { year: 2024 } });
    for (const v of ["1e309", "NaN", "-1", "9999", "1999", "2024.5", "%00"]) expect(parseQuery(`http://x/y?year=${v}`, s)).toMatchObject({ ok: false, message: t.formInput.year });
  });
  test("month and choice: blank is the default, junk is refused", () => {
    const s = z.object({ at: monthParam(() => "2026-12"), period: choiceParam(["month", "quarter"], "month") });
    expect(parseQuery("http://x/y", s)).toMatchObject({ ok: true, value: { at: "2026-12", period: "month" } });
    expect(parseQuery("http://x/y?at=2025-02&period=quarter", s)).toMatchObject({ ok: true, value: { at: "2025-02", period: "quarter" } });
    for (const v of ["9999-99", "2026-13", "2026-00", "1999-12", "1e309", "2026-1"]) expect(parseQuery(`http://x/y?at=${v}`, s)).toMatchObject({ ok: false, message: t.formInput.month });
    for (const v of ["__proto__", "constructor", "toString", "year"]) expect(parseQuery(`http://x/y?period=${v}`, s)).toMatchObject({ ok: false, message: t.formInput.choice });
  });
  test("page: default 1; 0, negative, huge and NaN are refused", () => {
    const s = z.object({ page: pageParam() });
    expect(parseQuery(new URL("http://x/y"), s)).toMatchObject({ ok: true, value: { page: 1 } });
    expect(parseQuery(new Request("http://x/y?page=3"), s)).toMatchObject({ ok: true, value: { page: 3 } });
    for (const v of ["0", "-1", "1e309", "NaN", "100001"]) expect(parseQuery(`http://x/y?page=${v}`, s)).toMatchObject({ ok: false, message: t.formInput.page });
  });
});

describe("parseForm", () => {
  test("the reply is a 400 with the first message and every field's errors", () => {
    const r = parseForm(form([["n", "x"]]), z.object({ d: beijingDate(), n: int(1, 2) }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reply.init?.status).toBe(400);
    expect(r.reply.data).toEqual({ ok: false, message: t.formInput.date, fieldErrors: { d: [t.formInput.date], n: [t.formInput.int(1, 2)] } });
    expect(Object.getPrototypeOf(r.fieldErrors)).toBeNull();
  });
  test("__proto__, constructor and bracket junk as field names are harmless", () => {
    const r = parseForm(
      form([["__proto__", "x"], ["__proto__[polluted]", "1"], ["constructor.prototype.polluted", "1"], ["a[", "1"], ["__intent__", "{junk"], ["__state__", "{junk"], ["n", "2"]]),
      z.object({ n: int(1, 2) }),
    );
    expect(r).toMatchObject({ ok: true, value: { n: 2 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  test("an issue no piece worded reads as Chinese", () => {
    const r = parseForm(form([["e", "nope"]]), z.object({ e: z.enum(["a", "b"]) }));
    expect(r).toMatchObject({ ok: false, message: t.formInput.invalid });
  });
  test("URLSearchParams work like FormData", () => {
    expect(parseForm(new URLSearchParams("n=1"), z.object({ n: int(1, 2) }))).toMatchObject({ ok: true, value: { n: 1 } });
  });
});

import { describe, expect, test } from "vitest";
import { acceptVideoRanges, covered, creditFor, isComplete, mergeRanges, requirements } from "./progress.ts";

const t0 = new Date("2026-03-01T09:00:00Z");
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe("time credit", () => {
  test("a visible page with an active person earns the real time since the last beat", () => {
    expect(creditFor(t0, at(15), { visible: true, active: true })).toBe(15);
  });
  test("a hidden tab or an idle screen earns nothing", () => {
    expect(creditFor(t0, at(15), { visible: false, active: true })).toBe(0);
    expect(creditFor(t0, at(15), { visible: true, active: false })).toBe(0);
  });
  test("the first beat only starts the clock; a long silence earns nothing", () => {
    expect(creditFor(null, at(15), { visible: true, active: true })).toBe(0);
    expect(creditFor(t0, at(61), { visible: true, active: true })).toBe(0);
  });
  test("a forged beat cannot claim more than the real elapsed time, nor more than the cap", () => {
    expect(creditFor(t0, at(45), { visible: true, active: true })).toBe(20);
    // A flood of beats one second apart earns one second each: never more than the wall clock.
    let last = t0;
    let total = 0;
    for (let s = 1; s <= 30; s++) {
      total += creditFor(last, at(s), { visible: true, active: true });
      last = at(s);
    }
    expect(total).toBe(30);
    expect(creditFor(at(10), at(5), { visible: true, active: true })).toBe(0); // clock going backwards
  });
});

describe("video watching", () => {
  test("ranges merge; covered time is their union", () => {
    expect(mergeRanges([[10, 20], [0, 5], [4, 12]])).toEqual([[0, 20]]);
    expect(covered([[0, 10], [20, 25]])).toBe(15);
  });
  test("seeking ahead does not count: only reported played ranges, and no more than could have been played", () => {
    // Watched 0–15 s in 15 s of real time: accepted.
    const a = acceptVideoRanges([], [[0, 15]], 300, t0, at(15));
    expect(a).toEqual([[0, 15]]);
    // Claims 15–300 s played within the next 15 s of real time: refused, the known ranges stay.
    expect(acceptVideoRanges(a, [[0, 15], [15, 300]], 300, at(15), at(30))).toEqual([[0, 15]]);
    // Double speed is allowed.
    expect(covered(acceptVideoRanges(a, [[15, 45]], 300, at(15), at(30)))).toBe(45);
  });
});

describe("completion rules", () => {
  const facts = { reachedEnd: true, checkPassed: false, activeSeconds: 100, video: {}, videoDurations: {} };
  test("reaching the end completes a plain lesson", () => {
    expect(isComplete({ hasCheck: false, minActiveSeconds: null, videos: [] }, facts)).toBe(true);
    expect(isComplete({ hasCheck: false, minActiveSeconds: null, videos: [] }, { ...facts, reachedEnd: false })).toBe(false);
  });
  test("a lesson with a check needs it passed", () => {
    const rule = { hasCheck: true, minActiveSeconds: null, videos: [] };
    expect(isComplete(rule, facts)).toBe(false);
    expect(isComplete(rule, { ...facts, checkPassed: true })).toBe(true);
  });
  test("a minimum time applies only where the trainer set one", () => {
    expect(isComplete({ hasCheck: false, minActiveSeconds: 300, videos: [] }, facts)).toBe(false);
    expect(isComplete({ hasCheck: false, minActiveSeconds: 300, videos: [] }, { ...facts, activeSeconds: 300 })).toBe(true);
  });
  test("a video needs 90% actually watched", () => {
    const rule = { hasCheck: false, minActiveSeconds: null, videos: ["v.mp4"] };
    expect(isComplete(rule, { ...facts, video: { "v.mp4": [[0, 80]] }, videoDurations: { "v.mp4": 100 } })).toBe(false);
    expect(isComplete(rule, { ...facts, video: { "v.mp4": [[0, 50], [50, 91]] }, videoDurations: { "v.mp4": 100 } })).toBe(true);
    expect(requirements(rule, { ...facts, video: { "v.mp4": [[0, 80]] }, videoDurations: { "v.mp4": 100 } })[1]!.label).toMatch(/已看 80%/);
  });
});

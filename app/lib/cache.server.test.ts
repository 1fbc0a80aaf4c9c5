import { describe, expect, test } from "vitest";
import { changed, createCache, whenChanged } from "./cache.server.ts";

describe("caches and what drops them", () => {
  test("a value is kept for its lifetime and then read again", () => {
    const c = createCache<string, number>({ ttlMs: 1000, maxEntries: 10 });
    let loads = 0;
    const load = () => ++loads;
    expect(c.getOrLoad("a", load, 0)).toBe(1);
    expect(c.getOrLoad("a", load, 999)).toBe(1);
    expect(c.getOrLoad("a", load, 1000)).toBe(2);
  });

  test("the oldest entries go first when it is full", () => {
    const c = createCache<string, number>({ ttlMs: Infinity, maxEntries: 2 });
    c.set("a", 1);
    c.set("b", 2);
    c.set("c", 3);
    expect([c.get("a"), c.get("b"), c.get("c")]).toEqual([undefined, 2, 3]);
    expect(c.size).toBe(2);
  });

  test("a change to one of its topics drops it; other topics do not", () => {
    const c = createCache<string, number>({ ttlMs: Infinity, maxEntries: 10, topics: ["questions", "curriculum"] });
    c.set("a", 1);
    changed("people", "exams");
    expect(c.get("a")).toBe(1);
    changed("questions");
    expect(c.get("a")).toBeUndefined();
    c.set("a", 1);
    changed("curriculum");
    expect(c.get("a")).toBeUndefined();
  });

  test("concurrent callers share one load; a rejected load is not kept; a drop during a load is not undone by it", async () => {
    const c = createCache<string, Promise<number>>({ ttlMs: Infinity, maxEntries: 10, topics: ["exams"] });
    let loads = 0;
    let release!: (n: number) => void;
    const slow = () => {
      loads++;
      return new Promise<number>((r) => (release = r));
    };
    const first = c.getOrLoad("x", slow);
    const second = c.getOrLoad("x", slow);
    expect(loads).toBe(1);
    changed("exams"); // the exam changed while it loaded
    release(1);
    expect(await first).toBe(1);
    expect(await second).toBe(1);
    expect(await c.getOrLoad("x", () => Promise.resolve(2))).toBe(2);

    const failing = c.getOrLoad("y", () => Promise.reject(new Error("db down")));
    await expect(failing).rejects.toThrow("db down");
    expect(await c.getOrLoad("y", () => Promise.resolve(3))).toBe(3);
  });

  test("one change runs each listener once, however many of its topics it names", () => {
    let runs = 0;
    whenChanged(["people", "curriculum"], () => runs++);
    changed("people", "curriculum");
    expect(runs).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { findInlineStrings } from "./check-strings.ts";

describe("check-strings", () => {
  it("finds Chinese in string literals, templates and JSX text", () => {
    const found = findInlineStrings(
      "x.tsx",
      ['const a = "保存";', "const b = `共 ${n} 条`;", "const c = <p>你好</p>;", 'const d = "save";'].join("\n"),
    );
    expect(found.map((f) => f.line)).toEqual([1, 2, 3]);
  });

  it("skips comments and lines marked not-ui", () => {
    const found = findInlineStrings(
      "x.ts",
      ["// 注释里的中文不算", "// not-ui: parser keyword", 'const k = "第";', 'const m = /条/; const z = "章"; // not-ui: token'].join("\n"),
    );
    expect(found).toEqual([]);
  });
});

describe("strings areas", () => {
  it("no two area files define the same top-level key (strings.ts spreads them into one object)", async () => {
    const areas = await Promise.all(
      ["foundation", "records", "content", "learning", "assessment", "activities", "screening"].map(async (name) => {
        const module = (await import(`../app/lib/strings/${name}.ts`)) as Record<string, Record<string, unknown>>;
        return { name, keys: Object.keys(module[name] ?? {}) };
      }),
    );
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const area of areas) {
      expect(area.keys.length).toBeGreaterThan(0);
      for (const key of area.keys) {
        const previous = owner.get(key);
        if (previous) clashes.push(`${key}: ${previous} and ${area.name}`);
        owner.set(key, area.name);
      }
    }
    expect(clashes).toEqual([]);
  });
});

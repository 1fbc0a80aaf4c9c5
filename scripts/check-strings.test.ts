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

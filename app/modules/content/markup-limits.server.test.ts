// Issue 13 #11: a lesson's markup is bounded before the parser; a pathological 20,000-character
// preview is refused at once instead of holding the event loop (it took 22 s to validate and 18 s
// to compile before the bound).
import { describe, expect, test } from "vitest";
import { previewLesson } from "./authoring.server.ts";
import { checkLesson } from "./lesson-format.ts";

const fm = "---\ntitle: x\n---\n\n";
const pathological: Record<string, string> = {
  stars: fm + "*".repeat(10000) + "a" + "*".repeat(10000),
  nestedEmphasis: fm + "*a ".repeat(3333) + "a* ".repeat(3333),
  quotes: fm + ">".repeat(20000) + " a",
  listsOnOneLine: fm + "- ".repeat(10000) + "a",
  indentedLists: fm + Array.from({ length: 1000 }, (_, i) => " ".repeat(i * 2) + "- a").join("\n"),
  tags: fm + "<KeyPoint>\n".repeat(2000) + "a\n" + "</KeyPoint>\n".repeat(2000),
};

describe("lesson markup limits", () => {
  test("each pathological shape is refused with a located Chinese message in well under a second", () => {
    for (const [name, source] of Object.entries(pathological)) {
      const t0 = performance.now();
      const { problems } = checkLesson(source);
      expect(performance.now() - t0, name).toBeLessThan(300);
      expect(problems[0]?.message, name).toMatch(/最多嵌套|超过 \d+ 个/);
      expect(problems[0]?.line, name).toBeGreaterThanOrEqual(5);
    }
  });

  test("a 20,000-character pathological preview leaves the event loop responsive", async () => {
    let maxGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 20);
    let result;
    try {
      expect(pathological.stars!.length).toBeGreaterThan(20000);
      result = await previewLesson(pathological.stars!);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      clearInterval(ticker);
    }
    expect(result.hash).toBeNull();
    expect(result.problems[0]?.message).toContain("* _ ~");
    expect(maxGap).toBeLessThan(1000);
  });

  test("ordinary lessons with emphasis, quotes, nested lists, blanks and components still pass", () => {
    const source =
      fm +
      "**要点**：*一* 和 __二__，~~删去~~。\n\n> 引用\n> > 二层\n\n- 一\n  - 二\n    - 三\n      1. 四\n\n（______）填空\n\n" +
      "<KeyPoint title=\"a\">\n\n**b**<br />\n\n</KeyPoint>\n\n```\n" + "*".repeat(1000) + "\n```\n";
    expect(checkLesson(source).problems).toEqual([]);
  });
});

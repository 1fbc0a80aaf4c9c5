// Issue 13 #11: 5,000 nested `*` made every view of a reflection a 500.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { SafeMarkdown } from "#app/components/safe-markdown.tsx";
import { MARKDOWN_LIMITS as L, markdownProblem } from "./markdown-limits.ts";

const hostile: Record<string, string> = {
  stars: "*".repeat(5000) + "x" + "*".repeat(5000),
  nestedEmphasis: "*a ".repeat(5000) + "x" + " a*".repeat(5000),
  quotes: ">".repeat(5000) + " x",
  spacedQuotes: "> ".repeat(2000) + "x",
  lists: Array.from({ length: 2000 }, (_, i) => " ".repeat(i * 2) + "- x").join("\n"),
  brackets: "[".repeat(5000) + "x" + "]".repeat(5000),
  inlineLists: "- ".repeat(10_000) + "x",
  mixedContainers: "> - ".repeat(3000) + "x",
  long: "廉".repeat(L.length + 1),
};

// The most an accepted text can hold, shape by shape.
const worstAccepted: Record<string, string> = {
  stars: "*".repeat(L.markersPerParagraph / 2) + "x" + "*".repeat(L.markersPerParagraph / 2),
  quotes: ">".repeat(L.quoteDepth) + " x",
  lists: Array.from({ length: 1200 }, (_, i) => " ".repeat((i % (L.indent / 2 + 1)) * 2) + "- x").join("\n"),
  brackets: "[".repeat(L.brackets / 2) + "x" + "]".repeat(L.brackets / 2),
  paragraphs: Array.from({ length: 200 }, () => "*".repeat(L.markersPerParagraph / 2) + "a" + "*".repeat(L.markersPerParagraph / 2)).join("\n\n"),
};

describe("Markdown bounds", () => {
  test("each hostile shape is refused with a Chinese message, ordinary writing is not", () => {
    for (const [name, text] of Object.entries(hostile)) expect(markdownProblem(text), name).toMatch(/[\u4e00-\u9fff]/);
    expect(markdownProblem("## 心得\n\n> 引用一句\n\n- 要点一\n  - 细节\n\n**守纪律**，讲*规矩*。")).toBeNull();
  });

  test("the largest accepted texts render without error, quickly", () => {
    for (const [name, text] of Object.entries(worstAccepted)) {
      expect(markdownProblem(text), name).toBeNull();
      const started = performance.now();
      expect(() => renderToString(createElement(SafeMarkdown, { children: text }))).not.toThrow();
      expect(performance.now() - started, name).toBeLessThan(5_000);
    }
  });

  test("a stored hostile text is shown as plain text, never a crash", () => {
    for (const text of [hostile.stars!, hostile.quotes!]) {
      const html = renderToString(createElement(SafeMarkdown, { children: text }));
      expect(html).toContain("纯文字显示");
    }
  });
});

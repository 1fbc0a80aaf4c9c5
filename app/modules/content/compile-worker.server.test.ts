// Issue 13 #11: compiling runs in a worker that is stopped after a time limit, and the server's own
// event loop keeps answering while a compile runs.
import { describe, expect, test } from "vitest";
import { bundleSafely, compileMdx } from "./compile.server.ts";

const lesson = (body: string) => `---\ntitle: 课\n---\n\n${body}\n`;

describe("the compile worker", () => {
  test("compiles with headings collected, and stops a compile past its time limit; the next one works", async () => {
    const ok = await compileMdx(lesson("## 第一节\n\n正文。\n\n### 小节\n\n更多。"));
    expect(ok.code).toContain("return");
    expect(ok.toc.map((e) => e.text)).toEqual(["第一节", "小节"]);
    await expect(bundleSafely("正文".repeat(5000), 1)).rejects.toThrow(/编译超过 0 秒|编译超过 \d+ 秒/);
    const again = await bundleSafely("## 再来\n\n正文。");
    expect(again.toc).toEqual([{ depth: 2, id: "再来", text: "再来" }]);
  });

  test("the event loop keeps answering during a large compile", async () => {
    const body = Array.from({ length: 400 }, (_, i) => `## 第${i}节\n\n${"廉洁自律，清风正气。".repeat(20)}\n\n| 甲 | 乙 |\n|---|---|\n| ${i} | ${i} |\n`).join("\n");
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 20);
    try {
      const result = await bundleSafely(body);
      expect(result.toc.length).toBe(400);
    } finally {
      clearInterval(ticker);
    }
    expect(longest).toBeLessThan(1_000);
  });
});

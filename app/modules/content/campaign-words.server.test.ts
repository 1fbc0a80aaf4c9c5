// The campaign's own words (issue 16): the bundled templates, areas and checklist say exactly what the
// speech says. The speech is quoted here as the judge.
import path from "node:path";
import { describe, expect, test } from "vitest";
import { AREAS } from "#app/modules/screening/areas.ts";
import { loadTemplates } from "./templates.server.ts";

const bundled = loadTemplates(path.resolve("content"));
const prompts = (key: string) => bundled.discussions.find((d) => d.key === key)!.prompts.map((p) => p.title);

describe("the speech's words", () => {
  test("三问三答 asks the three questions of the speech", () => {
    expect(prompts("sanwen-sanda")).toEqual(["党规党纪我了解多少？", "在遵规守纪方面我存在哪些问题？", "今后如何提升个人成长、事业发展？"]);
  });

  test("the 三个为什么 are a reflection of their own", () => {
    expect(prompts("sange-weishenme")).toEqual(["入党为什么？", "当“官”干什么？", "身后留什么？"]);
  });

  test("五破五立 breaks the 五老 and builds the 五新", () => {
    expect(prompts("wupo-wuli")).toEqual([
      "破“固步自封、夜郎自大的老思想”，立“新思维”",
      "破“拖拉推诿、被动应付的老毛病”，立“新理念”",
      "破“墨守成规、遵常守故的老习惯”，立“新路子”",
      "破“小成即满、得过且过的老样子”，立“新机制”",
      "破“消极麻木、我行我素的老病号”，立“新形象”",
    ]);
  });

  test("双查双改 looks for 不负责任、不敢担当 to solve 责任不清、落实不力", () => {
    const d = bundled.discussions.find((x) => x.key === "shuangcha-shuanggai")!;
    expect(d.summary).toContain("查找个人岗位不负责任、不敢担当的问题表现");
    expect(d.summary).toContain("责任不清、落实不力");
  });

  test("the five styles are the speech's, in its order, and the checklist follows them", () => {
    const styles = Object.entries(AREAS).filter(([k]) => k.startsWith("style-")).map(([, v]) => v);
    expect(styles).toEqual(["思想作风", "学风", "工作作风", "干部作风（领导作风）", "生活作风"]);
    const sections = bundled.checklist!.sections.filter((s) => s.key.startsWith("style-")).map((s) => s.title);
    expect(sections).toEqual(styles);
    const items = bundled.checklist!.sections.flatMap((s) => s.items).join("\n");
    expect(items).toContain("理想信念滑坡");
    expect(items).toContain("个人形象");
    expect(bundled.problems).toEqual([]);
  });
});

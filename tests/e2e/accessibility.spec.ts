import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login } from "./helpers.ts";

async function serious(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

test.describe("@reliability accessibility", () => {
  test("login has no serious or critical axe violations, at desktop and 375 px", async ({ page }) => {
    await page.goto("/login");
    expect(await serious(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await serious(page)).toEqual([]);
  });

  // The one spec that signs in as demo accounts: it writes nothing, and it wants pages full of the
  // realistic data the demo seed gives them (every other spec makes its own people, tests/e2e/people.ts).
  for (const [who, paths] of [
    ["staff2", ["/", "/learn/dangji-fagui/tiaoli-zongze", "/exams", "/activities", "/file", "/screening", "/rules/jilv-chufen-tiaoli", "/cases"]],
    ["county-manager", ["/oversight", "/manage/assignments", "/screening/ledger"]],
  ] as const) {
    test(`${who}'s pages have no serious or critical axe violations and fit 375 px`, async ({ page }) => {
      test.setTimeout(60_000);
      await login(page, who);
      for (const path of paths) {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        expect(await serious(page), path).toEqual([]);
        await page.setViewportSize({ width: 375, height: 800 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} scrolls sideways at 375 px`).toBeLessThanOrEqual(1);
      }
    });
  }
});

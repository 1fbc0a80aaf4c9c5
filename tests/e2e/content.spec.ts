import { expect, test, type Page } from "@playwright/test";
import { loginAs, newPerson } from "./people.ts";

const PHRASE = "清风拂面廉洁自省新增段落";

async function typeAtEnd(page: Page, text: string) {
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.insertText(text);
}

test.describe("@content", () => {
  test("a trainer edits with live preview, fixes a located error, publishes; staff read it and find it by search", async ({ page }) => {
    await loginAs(page, await newPerson({ unit: "QF-XJK", position: "宣传教育科科长", grants: [{ role: "trainer", unit: "QF" }] }));
    await page.getByText("管理 ▾").click();
    await page.getByRole("link", { name: "课程编辑" }).first().click();
    await page.getByRole("link", { name: "中央八项规定精神学习" }).click();
    await page.getByRole("link", { name: "八项规定及其实施细则的主要内容" }).click();
    await expect(page.locator(".cm-content")).toBeVisible();
    await expect(page.getByTestId("preview")).toContainText("八项规定", { timeout: 10_000 });

    await typeAtEnd(page, `\n\n${PHRASE}。\n`);
    await expect(page.getByTestId("preview")).toContainText(PHRASE, { timeout: 10_000 });

    // A bad line: a component that is not allowed, reported with its line and column.
    const lines = await page.locator(".cm-line").count();
    await typeAtEnd(page, "\n<Banner />");
    const problems = page.getByTestId("problems");
    await expect(problems).toContainText(/第 \d+ 行第 1 列：不允许使用组件 <Banner>/, { timeout: 10_000 });
    const line = Number((await problems.textContent())!.match(/第 (\d+) 行/)![1]);
    expect(line).toBeGreaterThanOrEqual(lines);
    await expect(page.getByRole("button", { name: "发布" })).toBeDisabled();

    // Fix it and publish.
    for (let i = 0; i < "<Banner />".length; i++) await page.keyboard.press("Backspace");
    await expect(page.getByTestId("no-problems")).toHaveText("没有发现问题，可以发布。", { timeout: 10_000 });
    await page.getByRole("button", { name: "发布" }).click();
    await expect(page.getByRole("status").filter({ hasText: /已发布第 \d+ 版/ })).toBeVisible();
    await expect(page.getByTestId("history")).toContainText("网页编辑");

    // Staff see the new version and find the phrase by search.
    await page.getByRole("button", { name: "退出登录" }).click();
    await loginAs(page, await newPerson({ unit: "DC-ZGK" }));
    await page.getByRole("link", { name: "八项规定及其实施细则的主要内容" }).click();
    await expect(page.locator("article")).toContainText(PHRASE);
    await page.goto(`/search?q=${encodeURIComponent("清风拂面廉洁")}`);
    const results = page.getByTestId("search-results");
    await expect(results).toContainText("八项规定及其实施细则的主要内容");
    await expect(results.locator("mark").first()).toHaveText("清风拂面廉洁");
  });

  test("a staff account cannot reach the authoring screens", async ({ page }) => {
    await loginAs(page, await newPerson({ unit: "DC-ZGK" }));
    await expect(page.getByRole("link", { name: "课程编辑" })).toHaveCount(0);
    const response = await page.goto("/author");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "没有权限" })).toBeVisible();
    const preview = await page.request.post("/author/preview", { form: { source: "---\ntitle: x\n---\n" }, headers: { Origin: new URL(page.url()).origin } });
    expect(preview.status()).toBe(403);
  });
});

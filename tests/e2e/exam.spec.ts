import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { expect, test } from "@playwright/test";
import { e2eDb } from "./db.ts";
import { loginAs, newPerson } from "./people.ts";

type BankQuestion = { id: string; stem: string; explanation?: string };

function bankQuestions(): BankQuestion[] {
  const dir = path.resolve("content/questions");
  return fs.readdirSync(dir).flatMap((f) => (yaml.load(fs.readFileSync(path.join(dir, f), "utf8")) as { questions: BankQuestion[] }).questions);
}

test.describe("@exam", () => {
  test("staff take an exam: answers survive a reload, no key reaches the browser, submit shows the review", async ({ page }) => {
    const bodies: string[] = [];
    page.on("response", async (r) => {
      if (!r.url().startsWith("http://localhost") || r.request().resourceType() === "image") return;
      try {
        bodies.push(await r.text());
      } catch {
        // redirects and aborted requests have no body
      }
    });
    await loginAs(page, await newPerson({ unit: "DC-ZGK" }));
    await page.getByRole("link", { name: "考试测评" }).first().click();
    await page.getByRole("link", { name: "查看详情" }).first().click();
    await page.getByRole("button", { name: "开始考试" }).click();
    await expect(page).toHaveURL(/\/attempts\/[a-z0-9]+$/);
    const questions = page.getByTestId("question");
    await expect(questions).toHaveCount(32);
    await expect(page.getByTestId("timer")).toHaveText(/^(29|30):\d\d$/);

    // Answer the first three questions with their first option and wait for each to be saved.
    for (let i = 0; i < 3; i++) {
      await questions.nth(i).locator("input").first().check();
      await expect(page.getByTestId(`save-${i + 1}`)).toHaveText("已保存");
    }
    const chosen = await Promise.all([0, 1, 2].map((i) => questions.nth(i).locator("label").first().textContent()));

    // Reload: the same attempt, the same questions, answers kept, the clock still running down.
    const url = page.url();
    await page.reload();
    await expect(page).toHaveURL(url);
    for (let i = 0; i < 3; i++) await expect(questions.nth(i).locator("input").first()).toBeChecked();
    expect(await Promise.all([0, 1, 2].map((i) => questions.nth(i).locator("label").first().textContent()))).toEqual(chosen);
    await expect(page.getByText("已答 3 / 32 题")).toBeVisible();

    // Nothing the browser received during the attempt holds a key or an explanation.
    const html = await page.content();
    const stems = await questions.locator("legend").allTextContents();
    const drawn = bankQuestions().filter((q) => stems.some((s) => s.includes(q.stem.slice(0, 20))));
    expect(drawn.length).toBeGreaterThanOrEqual(25);
    const received = [html, ...bodies].join("\n");
    for (const q of drawn) if (q.explanation && q.explanation.length > 8) expect(received).not.toContain(q.explanation);
    expect(received).not.toMatch(/"answerJson"|"explanation"|"answer":/);

    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "交卷" }).click();
    await expect(page).toHaveURL(/\/review$/);
    await expect(page.getByTestId("summary")).toContainText("/ 100");
    await expect(page.getByTestId("review-question")).toHaveCount(32);
    await expect(page.getByTestId("review-question").first()).toContainText("正确答案");
    await expect(page.getByTestId("review-question").first()).toContainText("出处");

    // Answering after submission changes nothing.
    const attemptId = url.split("/").pop()!;
    const late = await page.request.post(`/attempts/${attemptId}/save`, {
      data: { intent: "save", slot: 1, response: { choice: 1 } },
      headers: { Origin: "http://localhost:3100" },
    });
    expect(late.status()).toBe(409);
  });

  test("an attempt left open past its time is found submitted with what was saved", async ({ page }) => {
    await loginAs(page, await newPerson({ unit: "XS-DZB1" }));
    await page.getByRole("link", { name: "考试测评" }).first().click();
    await page.getByRole("link", { name: "查看详情" }).first().click();
    await page.getByRole("button", { name: "开始考试" }).click();
    await expect(page).toHaveURL(/\/attempts\/[a-z0-9]+$/);
    const attemptId = page.url().split("/").pop()!;
    await page.getByTestId("question").first().locator("input").first().check();
    await expect(page.getByTestId("save-1")).toHaveText("已保存");
    await page.goto("/");

    // Time passes while the person is gone: move the server's deadline into the past.
    const db = e2eDb();
    db.prepare(`UPDATE "Attempt" SET "deadlineAt" = ? WHERE "id" = ?`).run(new Date(Date.now() - 5 * 60_000).toISOString().replace("Z", "+00:00"), attemptId);
    await expect
      .poll(() => (db.prepare(`SELECT "state", "submittedBy" FROM "Attempt" WHERE "id" = ?`).get(attemptId) as { state: string; submittedBy: string | null }), { timeout: 20_000 })
      .toEqual({ state: "finished", submittedBy: "sweeper" });
    const saved = db.prepare(`SELECT count(*) AS n FROM "AttemptSlot" WHERE "attemptId" = ? AND "responseJson" IS NOT NULL`).get(attemptId) as { n: number };
    db.close();
    expect(saved.n).toBe(1);
    await page.goto(`/attempts/${attemptId}`);
    await expect(page).toHaveURL(/\/review$/);
    await expect(page.getByText("时间到自动交卷")).toBeVisible();
  });
});

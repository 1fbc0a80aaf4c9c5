import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "qingfeng-demo";

export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("current-user").or(page.getByRole("button", { name: "菜单" })).first()).toBeVisible();
}

import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";

type BankQuestion = { id: string; type: string; answer: unknown };

/** The keys of bundled questions, read from content/ (tests may know the answers; the browser may not). */
export function answerKey(): Map<string, BankQuestion> {
  const dir = path.resolve("content/questions");
  const all = fs.readdirSync(dir).flatMap((f) => (yaml.load(fs.readFileSync(path.join(dir, f), "utf8")) as { questions: BankQuestion[] }).questions);
  return new Map(all.map((q) => [q.id, q]));
}

/** Answers a lesson's knowledge check correctly and submits it. */
export async function passKnowledgeCheck(page: Page, questionIds: string[]) {
  const key = answerKey();
  const check = page.getByTestId("knowledge-check");
  const groups = check.locator("fieldset");
  for (const [i, id] of questionIds.entries()) {
    const q = key.get(id)!;
    const group = groups.nth(i);
    if (q.type === "truefalse") await group.locator(`input[value="${q.answer ? "true" : "false"}"]`).check();
    else if (q.type === "single") await group.locator("input").nth((q.answer as number) - 1).check();
    else if (q.type === "multiple") for (const a of q.answer as number[]) await group.locator("input").nth(a - 1).check();
  }
  await check.getByRole("button", { name: "提交答案" }).click();
  await expect(check.getByTestId("check-score")).toHaveText(`答对 ${questionIds.length} / ${questionIds.length} 题`);
}

export function beijingDate(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export function beijingDateTime(offsetMinutes = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + offsetMinutes * 60_000).toISOString().slice(0, 16);
}

export async function logout(page: Page) {
  await page.context().clearCookies();
}

type FullQuestion = { id: string; type: string; stem: string; options?: string[]; answer: unknown };

/** Answers every question of an attempt page correctly, matching stems and option texts to the bank. */
export async function answerAttemptCorrectly(page: Page) {
  const dir = path.resolve("content/questions");
  const bank = fs.readdirSync(dir).flatMap((f) => (yaml.load(fs.readFileSync(path.join(dir, f), "utf8")) as { questions: FullQuestion[] }).questions);
  const questions = page.getByTestId("question");
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    const legend = (await q.locator("legend").textContent()) ?? "";
    const found = bank.filter((b) => legend.includes(b.stem)).sort((x, y) => y.stem.length - x.stem.length)[0];
    if (!found) throw new Error(`question not found in bank: ${legend}`);
    if (found.type === "single" || found.type === "multiple") {
      const right = found.type === "single" ? [found.answer as number] : (found.answer as number[]);
      for (const a of right) {
        const text = found.options![a - 1]!;
        await q.locator("label").filter({ hasText: text }).first().locator("input").check();
      }
    } else if (found.type === "truefalse") {
      await q.locator(`input[value="${found.answer ? "true" : "false"}"]`).check();
    } else if (found.type === "fill") {
      const answers = found.answer as (string | string[])[];
      const inputs = q.locator("input");
      for (let j = 0; j < answers.length; j++) {
        const a = answers[j]!;
        await inputs.nth(j).fill(Array.isArray(a) ? a[0]! : a);
      }
    } else if (found.type === "short") {
      await q.locator("textarea").fill(String(found.answer));
    }
    await expect(page.getByTestId(`save-${i + 1}`)).toHaveText("已保存");
  }
}

import { expect, test } from "@playwright/test";
import { loginAs, newPerson } from "./people.ts";

// What an attacker tried, done again in a real browser against the production build (issue 13).
test.describe("@trust", () => {
  test("a sign-in link cannot send the browser to another site", async ({ page }) => {
    const person = await newPerson({ unit: "DC-ZGK" });
    for (const target of ["/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/"]) {
      await page.context().clearCookies();
      await page.goto(`/login?redirectTo=${encodeURIComponent(target)}`);
      await page.getByLabel("用户名").fill(person.username);
      await page.getByLabel("密码").fill(person.password);
      await page.getByRole("button", { name: "登录" }).click();
      await expect(page.getByTestId("current-user").or(page.getByRole("button", { name: "菜单" })).first()).toBeVisible();
      expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
    }
  });

  test("pages that name a person are not kept by the browser", async ({ page }) => {
    await loginAs(page, await newPerson({ unit: "DC-ZGK" }));
    for (const path of ["/", "/records", "/file", "/exams"]) {
      const res = await page.request.get(path);
      expect(res.status(), path).toBe(200);
      expect(res.headers()["cache-control"], path).toContain("no-store");
    }
  });

  test("a prototype field name does not take the site down, and a check reveals no exam key", async ({ page }) => {
    await loginAs(page, await newPerson({ unit: "DC-ZGK" }));
    const origin = new URL(test.info().project.use.baseURL!).origin;
    const res = await page.request.post("/screening/self", { form: { "found:__proto__": "yes", "note:__proto__": "x", intent: "draft" }, headers: { origin } });
    expect(res.status()).toBeLessThan(500);
    expect((await page.request.get("/healthz")).ok()).toBe(true);
    // A question id that is not in the lesson's check gets nothing back, not its key.
    const check = await page.request.post("/api/check", { form: { lessonId: "x", questions: "jlcf-002", "q:jlcf-002": "0" }, headers: { origin } });
    expect(check.status()).toBeGreaterThanOrEqual(400);
    expect(check.status()).toBeLessThan(500);
    expect(await check.text()).not.toContain("explanation");
  });
});

import { expect, test } from "@playwright/test";
import { loginAs, newPerson } from "./people.ts";

test.describe("@foundation", () => {
  test("an anonymous visit is sent to the login page and comes back after signing in", async ({ page }) => {
    const person = await newPerson({ unit: "DC-ZGK" });
    await page.goto("/records");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Frecords/);
    await page.getByLabel("用户名").fill(person.username);
    await page.getByLabel("密码").fill(person.password);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/records$/);
    await expect(page.getByRole("heading", { name: "我的学习记录" })).toBeVisible();
  });

  test("a wrong password gets a clear message and no session", async ({ page }) => {
    const person = await newPerson({ unit: "DC-ZGK" });
    await page.goto("/login");
    await page.getByLabel("用户名").fill(person.username);
    await page.getByLabel("密码").fill("wrong-password-1");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/login") && r.request().method() === "POST"),
      page.getByRole("button", { name: "登录" }).click(),
    ]);
    expect(response.status()).toBeGreaterThanOrEqual(400);
    expect(response.status()).toBeLessThan(500);
    await expect(page.getByRole("alert")).toHaveText("用户名或密码不正确。");
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });

  test("logging out ends the session", async ({ page, context }) => {
    await loginAs(page, await newPerson({ unit: "DC-ZGK" }));
    const before = (await context.cookies()).find((c) => c.name === "qf_session");
    expect(before?.httpOnly).toBe(true);
    expect(before?.sameSite).toBe("Lax");
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/login/);
    // The old cookie no longer opens anything, even if replayed.
    await context.addCookies([{ ...before!, expires: -1 }]);
    await page.goto("/records");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a cross-site POST is refused", async ({ request }) => {
    const person = await newPerson({ unit: "DC-ZGK" });
    const r = await request.post("/login", { form: { username: person.username, password: person.password }, headers: { Origin: "http://evil.example" } });
    expect(r.status()).toBe(403);
  });

  test("unknown URLs get a real 404 page", async ({ page }) => {
    await loginAs(page, await newPerson({ unit: "DC-ZGK" }));
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  });

  test("health check answers once the database does", async ({ request }) => {
    const r = await request.get("/healthz");
    expect(r.status()).toBe(200);
    expect(await r.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  test("walking skeleton: staff reads a lesson, answers its check graded on the server, and sees it in my records", async ({ page }) => {
    await loginAs(page, await newPerson({ unit: "XS-DZB1" }));
    await page.getByRole("link", { name: "纪律处分条例总则与“四种形态”" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("纪律处分条例总则与“四种形态”");
    await expect(page.getByRole("note").first()).toBeVisible(); // a <KeyPoint> rendered from MDX
    const check = page.getByTestId("knowledge-check");
    await expect(check).toBeVisible();
    // Answer every question with its first choice, then submit.
    for (const group of await check.locator("fieldset").all()) await group.locator("input").first().check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/check") && r.request().method() === "POST"),
      check.getByRole("button", { name: "提交答案" }).click(),
    ]);
    expect(response.status()).toBe(200);
    await expect(check.getByTestId("check-score")).toHaveText(/答对 \d+ \/ 3 题/);
    const score = (await check.getByTestId("check-score").textContent())!.match(/答对 (\d+)/)![1];
    await page.getByRole("link", { name: "我的档案" }).first().click();
    const row = page.getByTestId("file-timeline").locator("li").first();
    await expect(row).toContainText("纪律处分条例总则与“四种形态” · 随堂练习");
    await expect(row).toContainText(`得分 ${score}/3`);
  });
});

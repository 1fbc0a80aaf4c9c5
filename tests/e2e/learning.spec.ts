import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { e2eDb } from "./db.ts";
import { beijingDate, beijingDateTime, logout, passKnowledgeCheck } from "./helpers.ts";
import { loginAs, newPerson } from "./people.ts";

const COURSE = "红色家风与清廉家风";

test.describe("@learning", () => {
  test("a county manager assigns a course; a member completes a lesson and the task moves; staff elsewhere never sees it", async ({ page }) => {
    const manager = await newPerson({ unit: "XS-BGS", position: "县局党委委员", grants: [{ role: "manager", unit: "XS" }] });
    const learner = await newPerson({ unit: "XS-DZB1" });
    const elsewhere = await newPerson({ unit: "DC-ZGK" });
    await loginAs(page, manager);
    await page.goto("/manage/assignments");
    await page.getByLabel("任务类型").selectOption("course");
    await page.getByLabel("课程（学习课程时）").selectOption({ label: COURSE });
    await page.getByLabel("布置给（单位及下级）").selectOption({ label: "西山县局" });
    await page.getByLabel("开始日期").fill(beijingDate(-1));
    await page.getByLabel("截止日期").fill(beijingDate(7));
    await page.getByRole("button", { name: "布置" }).click();
    await expect(page.getByRole("status")).toContainText(`已布置“学习课程：${COURSE}”给西山县局`);
    await expect(page.getByTestId("assignment").filter({ hasText: COURSE })).toContainText("未开始");

    await logout(page);
    await loginAs(page, learner);
    const task = page.getByTestId("task").filter({ hasText: COURSE });
    await expect(task).toContainText("未开始");
    await expect(task.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0");
    await task.getByRole("link", { name: "开始学习" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("老一辈革命家的红色家风");

    // Read to the end and pass the knowledge check.
    await page.getByTestId("lesson-end").scrollIntoViewIfNeeded();
    await passKnowledgeCheck(page, ["ct-007", "ct-009"]);
    await expect(page.getByTestId("lesson-progress")).toContainText("本课已完成");

    await page.getByRole("link", { name: "我的任务" }).first().click();
    await expect(task).toContainText("进行中");
    await expect(task).toContainText("已完成 1/2 课");
    await expect(task.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "50");
    await expect(task.getByRole("link", { name: "继续学习" })).toHaveAttribute("href", /lianjie-qijia$/);

    await page.getByRole("link", { name: "我的档案" }).first().click();
    await expect(page.getByTestId("file-timeline")).toContainText("老一辈革命家的红色家风");

    await logout(page);
    await loginAs(page, elsewhere);
    await expect(page.getByTestId("task").filter({ hasText: COURSE })).toHaveCount(0);
  });

  test("QR check-in works once, and an expired code is refused", async ({ page }) => {
    const manager = await newPerson({ unit: "XS-BGS", position: "县局党委委员", grants: [{ role: "manager", unit: "XS" }] });
    await loginAs(page, manager);
    await page.goto("/manage/sessions");
    await page.getByLabel("类型").selectOption({ label: "警示教育会" });
    await page.getByLabel("名称").fill("西山县局警示教育大会");
    await page.getByLabel("单位").selectOption({ label: "西山县局" });
    await page.getByLabel("地点").fill("县局三楼会议室");
    await page.getByLabel("开始（北京时间）").fill(beijingDateTime(-10));
    await page.getByLabel("结束（北京时间）").fill(beijingDateTime(60));
    await page.getByRole("button", { name: "创建" }).click();
    await expect(page.getByTestId("qr").locator("svg")).toBeVisible();
    const link = (await page.getByTestId("checkin-link").getAttribute("href"))!;
    const sessionId = new URL(link).pathname.split("/").pop()!;

    await logout(page);
    await loginAs(page, await newPerson({ unit: "XS-DZB1" }));
    await page.goto(new URL(link).pathname + new URL(link).search);
    await page.getByRole("button", { name: "确认签到" }).click();
    await expect(page.getByRole("status")).toHaveText("签到成功！参加记录已存入您的廉政档案。");
    await page.goto(new URL(link).pathname + new URL(link).search);
    await expect(page.getByText("您已签到。")).toBeVisible();

    // A code from five minutes ago, as on an old photo of the screen.
    const db = e2eDb();
    const { secret } = db.prepare(`SELECT "secret" FROM "OfflineSession" WHERE "id" = ?`).get(sessionId) as { secret: string };
    db.close();
    const step = Math.floor((Date.now() - 5 * 60_000) / 60_000);
    const old = crypto.createHmac("sha256", secret).update(`${sessionId}:${step}`).digest("base64url").slice(0, 16);
    await logout(page);
    await loginAs(page, await newPerson({ unit: "XS-DZB2" }));
    await page.goto(`/checkin/${sessionId}?c=${old}`);
    await page.getByRole("button", { name: "确认签到" }).click();
    await expect(page.getByRole("alert")).toHaveText("签到码已过期或无效，请扫描现场最新的二维码。");
  });
});

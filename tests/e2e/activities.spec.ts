import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { pdfText } from "../pdf-text.ts";
import { logout } from "./helpers.ts";
import { loginAs, newPerson } from "./people.ts";

const VIDEO = path.resolve("tests/fixtures/lecture.webm");

async function sevenOnesDone(page: Page) {
  await page.goto("/activities");
  return page.getByTestId("seven-ones").locator('li[data-done="yes"]').count();
}

test.describe("@activities", () => {
  test("a micro-lecture goes through review: returned with a comment, a new version, approved; it plays with seeking", async ({ page }) => {
    test.setTimeout(60_000);
    const author = await newPerson({ unit: "XS-DZB1" });
    const reviewer = await newPerson({ unit: "XS-BGS", position: "县局党委委员", grants: [{ role: "manager", unit: "XS" }] });
    await loginAs(page, author);
    expect(await sevenOnesDone(page)).toBe(0);
    await page.goto("/works/new");
    await page.getByLabel("作品类型").selectOption("lecture");
    await page.getByLabel("标题").fill("守住底线，从小事做起");
    await page.getByLabel("文件").setInputFiles(VIDEO);
    await page.getByRole("button", { name: "提交审核" }).click();
    await expect(page.getByTestId("work-status")).toHaveText("待审核");
    const workUrl = new URL(page.url()).pathname;

    await logout(page);
    await loginAs(page, reviewer);
    await page.goto("/review");
    await page.getByTestId("review-queue").getByRole("link", { name: /守住底线/ }).click();
    await page.getByLabel("审核意见").fill("片头请加上单位名称");
    await page.getByRole("button", { name: "退回修改" }).click();
    await expect(page.getByTestId("work-status")).toHaveText("已退回修改");

    await logout(page);
    await loginAs(page, author);
    await page.goto(workUrl);
    await expect(page.getByTestId("work-history")).toContainText("片头请加上单位名称");
    await page.getByLabel("修改说明").fill("已加上单位名称");
    await page.getByLabel("新版本文件").setInputFiles(VIDEO);
    await page.getByRole("button", { name: "提交新版本" }).click();
    await expect(page.getByTestId("work-status")).toHaveText("待审核");

    await logout(page);
    await loginAs(page, reviewer);
    await page.goto(workUrl);
    await page.getByRole("button", { name: "通过" }).click();
    await expect(page.getByTestId("work-status")).toHaveText("已通过");
    await expect(page.getByTestId("work-history")).toContainText("提交第 2 版：已加上单位名称");

    // It plays and seeks in the page; the server answers byte ranges for it.
    const video = page.getByTestId("work-video");
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      await v.play();
    });
    await video.evaluate((v: HTMLVideoElement) => (v.currentTime = 4));
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThanOrEqual(4);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => !v.paused && v.readyState >= 2)).toBe(true);
    const src = (await video.getAttribute("src"))!;
    const ranged = await page.request.get(src, { headers: { Range: "bytes=1000-1999" } });
    expect(ranged.status()).toBe(206);
    expect(ranged.headers()["content-range"]).toBe(`bytes 1000-1999/${fs.statSync(VIDEO).size}`);
    expect((await ranged.body()).length).toBe(1000);

    await logout(page);
    await loginAs(page, author);
    expect(await sevenOnesDone(page)).toBe(1);
    await expect(page.getByTestId("seven-ones").locator('li[data-done="yes"]').filter({ hasText: "讲一堂廉政党课" })).toContainText("守住底线");
  });

  test("a 10 MB file disguised as .mp4 is refused with a clear message", async ({ page }) => {
    await loginAs(page, await newPerson({ unit: "XS-DZB1" }));
    await page.goto("/works/new");
    await page.getByLabel("作品类型").selectOption("lecture");
    await page.getByLabel("标题").fill("伪装的视频");
    await page.getByLabel("文件").setInputFiles({ name: "党课.mp4", mimeType: "video/mp4", buffer: Buffer.alloc(10 * 1024 * 1024, "廉") });
    await page.getByRole("button", { name: "提交审核" }).click();
    await expect(page.getByRole("alert")).toContainText("文件类型不符：微党课只接受");
  });

  test("staff sign the pledge with a drawn signature, the hash verifies, and the PDF carries the text", async ({ page }) => {
    const signer = await newPerson({ unit: "DC-ZGK" });
    await loginAs(page, signer);
    expect(await sevenOnesDone(page)).toBe(0);
    await page.goto("/pledge");
    await page.getByLabel("我已认真阅读并承诺遵守以上内容").check();
    await page.getByLabel(`请输入您的姓名“${signer.name}”`).fill(signer.name);
    const pad = page.getByTestId("signature-pad");
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + 100);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + 30 + i * 12, box.y + 100 - Math.sin(i / 2) * 40, { steps: 2 });
    await page.mouse.up();
    await expect(page.getByText("已签名")).toBeVisible();
    await page.getByRole("button", { name: "签署承诺书" }).click();
    await expect(page.getByRole("status")).toHaveText("签署成功。承诺书已存入您的廉政档案。");
    await expect(page.getByTestId("verify")).toHaveText("✓ 校验通过，内容未被改动");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("pledge-pdf").click()]);
    const text = await pdfText(new Uint8Array(fs.readFileSync(await download.path())));
    expect(text.text.replace(/\s/g, "")).toContain("2026年度全体干部职工廉政承诺书");
    expect(text.text).toContain("不收受礼品礼金");
    expect(text.text).toContain(signer.name);
    expect(text.text).toMatch(/SHA-256/);
    expect(await sevenOnesDone(page)).toBe(1);
    await expect(page.getByTestId("seven-ones").locator('li[data-done="yes"]').filter({ hasText: "签一份廉政承诺书" })).toBeVisible();
  });
});

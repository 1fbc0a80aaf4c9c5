import ExcelJS from "exceljs";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { pdfText } from "../pdf-text.ts";
import { answerAttemptCorrectly, logout, passKnowledgeCheck } from "./helpers.ts";
import { loginAs, newPerson, type Person } from "./people.ts";

const countyManager = () => newPerson({ unit: "XS-BGS", position: "县局党委委员", grants: [{ role: "manager", unit: "XS" }] });

test.describe("@records", () => {
  test("a member's lesson and exam land in their file; the county manager finds them by drilling down and exports them", async ({ page }) => {
    test.setTimeout(90_000);
    const member = await newPerson({ unit: "XS-DZB1" });
    const manager = await countyManager();
    await loginAs(page, member);
    // A lesson, read to the end with its check passed.
    await page.goto("/learn/zhongyang-baxiang-guiding/baxiang-yaoyi");
    await page.getByTestId("lesson-end").scrollIntoViewIfNeeded();
    const ids = (await page.getByTestId("knowledge-check").locator('input[name="questions"]').inputValue()).split(" ");
    await passKnowledgeCheck(page, ids);
    await expect(page.getByTestId("lesson-progress")).toContainText("本课已完成");
    // An exam, answered and submitted.
    await page.goto("/exams");
    await page.getByRole("link", { name: /查看详情|继续作答/ }).first().click();
    await expect(page).toHaveURL(/\/(exams|attempts)\/[a-z0-9]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const start = page.getByRole("button", { name: "开始考试" });
    if (await start.count()) await start.click();
    else if (!/\/attempts\//.test(page.url())) await page.getByRole("link", { name: "继续作答" }).click();
    await expect(page).toHaveURL(/\/attempts\/[a-z0-9]+$/);
    await answerAttemptCorrectly(page);
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "交卷" }).click();
    await expect(page.getByTestId("summary")).toContainText("通过");

    await page.getByRole("link", { name: "我的档案" }).first().click();
    const timeline = page.getByTestId("file-timeline");
    await expect(timeline).toContainText("八项规定及其实施细则的主要内容");
    await expect(timeline).toContainText("2026年度党纪学习教育知识测试");
    await expect(page.getByTestId("file-summary")).toContainText("合格");

    // The certificate and the file print as PDFs with the name in their text.
    const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByTestId("file-pdf").click()]);
    const text = await pdfText(new Uint8Array(fs.readFileSync(await pdf.path())));
    expect(text.text).toContain(member.name);
    expect(text.text).toContain("个人廉政档案");
    expect(text.pages).toBeGreaterThanOrEqual(2); // cover page + content
    expect(text.text).toMatch(/第 1 页/);

    await logout(page);
    await loginAs(page, manager);
    await page.getByText("管理 ▾").click();
    await page.getByRole("link", { name: "完成情况" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("西山县局");
    await page.getByTestId("rollup").getByRole("link", { name: "西山县局机关第一党支部" }).click();
    await expect(page.getByTestId("rollup")).toContainText(member.name);

    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-xlsx").click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await xlsx.path());
    const rows: string[] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).join("|")));
    expect(rows).toContainEqual(expect.stringMatching(/^姓名\|单位\|职务/));
    expect(rows.some((r) => r.startsWith(`${member.name}|西山县局机关第一党支部`))).toBe(true);

    await page.getByTestId("rollup").getByRole("link", { name: member.name }).click();
    await expect(page.getByTestId("file-timeline")).toContainText("2026年度党纪学习教育知识测试");
    await expect(page.getByTestId("file-timeline")).toContainText("八项规定及其实施细则的主要内容");
  });

  test("the county manager cannot open the file of staff in another bureau; admins see who read files", async ({ page }) => {
    const member = await newPerson({ unit: "XS-DZB1" });
    const elsewhere = await newPerson({ unit: "DC-ZGK" });
    const manager = await countyManager();
    const admin = await newPerson({ unit: "QF-BGS", position: "信息中心管理员", grants: [{ role: "admin", unit: "QF" }] });
    const fileOf = async (person: Person) => {
      await loginAs(page, person);
      await page.getByRole("link", { name: "我的档案" }).first().click();
      await expect(page).toHaveURL(/\/people\/[a-z0-9]+\/file/);
      const url = new URL(page.url()).pathname;
      await logout(page);
      return url;
    };
    const memberFile = await fileOf(member);
    await loginAs(page, manager);
    expect((await page.goto(memberFile))?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${member.name}的个人廉政档案`);
    await logout(page);
    const staffFile = await fileOf(elsewhere);
    await loginAs(page, manager);
    const r = await page.goto(staffFile);
    expect(r?.status()).toBe(403);
    const pdf = await page.request.get(`${staffFile}.pdf`);
    expect(pdf.status()).toBe(403);
    await logout(page);
    await loginAs(page, admin);
    await page.goto("/admin/audit");
    await expect(page.getByTestId("audit").locator("tr").filter({ hasText: manager.name }).first()).toContainText(member.name);
  });
});

import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { e2eDb } from "./db.ts";
import { beijingDate, logout } from "./helpers.ts";
import { loginAs, newPerson } from "./people.ts";

test.describe("@inspection", () => {
  test("a branch portrait for a member from all four sources → confirmed → finalised → in the file → a ledger item signed off with evidence and accepted by the city → closed in the county export", async ({ page }) => {
    test.setTimeout(90_000);
    const leader = await newPerson({ unit: "XS-BGS", position: "县局党委委员", grants: [{ role: "manager", unit: "XS" }] });
    const cityManager = await newPerson({ unit: "QF-DZB", position: "市局机关党委书记", grants: [{ role: "manager", unit: "QF" }] });
    const member = await newPerson({ unit: "XS-DZB1" });
    const peer = await newPerson({ unit: "XS-DZB1" });
    // The county manager (secretary of the branch's bureau) opens a round and raises the superior and collective problems.
    await loginAs(page, leader);
    await page.goto("/screening");
    await page.getByLabel("支部").selectOption({ label: "西山县局机关第一党支部" });
    await page.getByRole("button", { name: "开展画像" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("西山县局机关第一党支部党员画像");
    const round = new URL(page.url()).pathname;
    const raise = async (source: string, area: string, text: string) => {
      const subject = page.getByLabel("对象");
      await subject.selectOption({ label: (await subject.locator("option", { hasText: member.name }).textContent())! });
      await page.getByLabel("来源").selectOption({ label: source });
      await page.getByLabel("涉及").selectOption({ label: area });
      await page.getByLabel("具体问题").fill(text);
      // Wait for this submission's answer: the notice from the previous one may still be on screen.
      const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith(round));
      await page.getByRole("button", { name: "提出", exact: true }).click();
      expect((await answered).status()).toBe(200);
      await expect(page.getByRole("status")).toHaveText("问题已提出。");
    };
    await raise("上级点", "工作纪律", "落实上级部署不够及时，存在等靠思想");
    await raise("集体议", "群众纪律", "办税窗口高峰期引导服务不到位");

    // A peer and the member herself.
    await logout(page);
    await loginAs(page, peer); // another member of the same branch
    await page.goto(round);
    await raise("互相提", "工作作风", "回复纳税人咨询有时不够耐心");
    await logout(page);
    await loginAs(page, member);
    await page.goto(round);
    await raise("自己找", "廉洁纪律", "节日期间曾接受过同学的小额宴请");

    // The member sees her four problems; the peer's name is hidden from her.
    const mine = page.getByTestId(`portrait-${member.name}`);
    await expect(mine.locator("li")).toHaveCount(4);
    await expect(mine.locator("li").filter({ hasText: "互相提" })).not.toContainText("提出人");
    for (let i = 0; i < 4; i++) {
      await mine.locator("li").filter({ hasText: "待确认" }).first().getByRole("button", { name: "确认", exact: true }).click();
      await expect(mine.locator("li").filter({ hasText: "已确认" })).toHaveCount(i + 1);
    }

    // The secretary sees who raised each and finalises.
    await logout(page);
    await loginAs(page, leader);
    await page.goto(round);
    await expect(page.getByTestId(`portrait-${member.name}`).locator("li").filter({ hasText: "互相提" })).toContainText(`提出人：${peer.name}`);
    await page.getByTestId(`portrait-${member.name}`).getByRole("button", { name: "定稿问题清单" }).click();
    // Filing is final: the secretary is asked to confirm first.
    await expect(page.getByRole("status")).toContainText("定稿后不能再修改");
    await page.getByTestId("confirm-finalise").getByRole("button", { name: "确认定稿" }).click();
    await expect(page.getByRole("status")).toContainText("已定稿 4 个问题");

    // One becomes a ledger item with the six clarities; the county manager is its leader.
    await page.goto("/screening/ledger");
    await page.getByLabel("单位", { exact: true }).selectOption({ label: "西山县局机关第一党支部" });
    await page.getByLabel("来源", { exact: true }).selectOption({ label: "画像查摆" });
    await page.getByLabel("关联画像问题（可选）").selectOption({ index: 1 });
    await page.getByLabel("问题", { exact: true }).fill("节日期间接受宴请问题整改");
    await page.getByLabel("① 责任领导").selectOption({ label: leader.name });
    await page.getByLabel("② 责任部门").fill("西山县局办公室");
    await page.getByLabel("③ 责任人").fill(member.username);
    await page.getByLabel("④ 整改时限").fill(beijingDate(30));
    await page.getByLabel("⑤ 整改标准").fill("退还宴请费用并作出书面检查");
    await page.getByLabel("⑥ 预期效果").fill("杜绝类似问题，支部开展一次警示教育");
    await page.getByRole("button", { name: "建立台账" }).click();
    await expect(page.getByTestId("item-status")).toHaveText("整改中");
    await page.getByLabel("整改进展").fill("已退还费用 320 元，提交书面检查");
    await page.getByRole("button", { name: "记录进展" }).click();
    // Wait for the progress to land before signing off: a second submission would cancel the first.
    await expect(page.getByRole("listitem").filter({ hasText: "已退还费用 320 元，提交书面检查" })).toBeVisible();
    await page.getByLabel("整改结果").fill("费用已退还，书面检查已存档，支部已开展警示教育");
    await page.getByRole("button", { name: "签字销号" }).click();
    // The leader's sign-off alone does not close it: the assigning body (the city, over the county) accepts.
    await expect(page.getByTestId("item-status")).toHaveText("待验收");
    const itemUrl = new URL(page.url()).pathname;
    await logout(page);
    await loginAs(page, cityManager);
    await page.goto(itemUrl);
    await page.getByTestId("accept-close").getByRole("button", { name: "验收销号" }).click();
    await expect(page.getByTestId("item-status")).toHaveText("已销号");

    // The problem is in the member's integrity file.
    await logout(page);
    await loginAs(page, member);
    await page.getByRole("link", { name: "我的档案" }).first().click();
    await expect(page.getByTestId("file-timeline")).toContainText("廉洁纪律：节日期间曾接受过同学的小额宴请");
    await expect(page.getByTestId("file-summary")).toContainText("查摆问题 4 个");

    // The county bureau's ledger export shows it closed.
    await logout(page);
    await loginAs(page, leader);
    await page.goto("/screening/ledger?status=closed");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("ledger-export").click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const rows: string[] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).join("|")));
    expect(rows.some((r) => r.startsWith(`节日期间接受宴请问题整改|西山县局机关第一党支部|画像查摆|${leader.name}`) && r.includes("|已销号|"))).toBe(true);
  });

  test("the county manager nominates a member in their bureau's year-end summary; the city's summary is refused, page and export", async ({ page }) => {
    const leader = await newPerson({ unit: "XS-BGS", position: "县局党委委员", grants: [{ role: "manager", unit: "XS" }] });
    const nominee = await newPerson({ unit: "XS-DZB1" });
    const db = e2eDb();
    const city = db.prepare(`SELECT "id" FROM "OrgUnit" WHERE "parentId" IS NULL`).get() as { id: string };
    db.close();
    await loginAs(page, leader);
    await page.goto("/screening/year-end");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("西山县局");
    // Nominating a person: a too-short reason is refused with a message; then it is listed.
    await page.getByLabel("被推荐人用户名").fill(nominee.username);
    await page.getByLabel("荣誉").selectOption("廉洁标兵");
    await page.getByLabel("推荐理由").fill("很好");
    await page.getByLabel("主要事迹和佐证").fill("拒收礼金登记表两份，支部表扬通报一份");
    await page.getByRole("button", { name: "推荐", exact: true }).click();
    await expect(page.getByRole("alert")).toHaveText("推荐理由请至少写 10 个字。");
    await page.getByLabel("推荐理由").fill("全年严守纪律，主动拒收礼金两次");
    await page.getByRole("button", { name: "推荐", exact: true }).click();
    await expect(page.getByTestId("nominated-people")).toContainText(`${nominee.name}（西山县局机关第一党支部）：推荐为“廉洁标兵”`);
    const refused = await page.goto(`/screening/year-end?unit=${city.id}`);
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).not.toContainText("清风市局");
    expect((await page.request.get(`/screening/year-end/export?unit=${city.id}`)).status()).toBe(403);
  });
});

import { expect, test } from "@playwright/test";
import { loginAs, newPerson } from "./people.ts";

const LESSON = "/learn/dangji-fagui/tiaoli-zongze";

test.describe("@reliability page cache", () => {
  test("a lesson opened again comes from the reader's stored render, runs under a hash-based CSP, and is never another reader's", async ({ browser }) => {
    const staff = await browser.newPage();
    const violations: string[] = [];
    staff.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
    });
    await loginAs(staff, await newPerson({ unit: "DC-ZGK" }));
    await staff.goto(LESSON);
    const again = await staff.goto(LESSON);
    expect(again?.headers()["x-page-cache"]).toBe("hit");
    expect(again?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'sha256-[^']+'/);
    expect(again?.headers()["content-security-policy"]).not.toContain("nonce-");
    // The stored page hydrates: the tracker's first beat brings the progress panel.
    await expect(staff.getByTestId("lesson-progress")).toBeVisible();
    expect(violations).toEqual([]);
    const staffName = (await staff.getByTestId("current-user").first().innerText()).trim();

    const other = await browser.newPage();
    await loginAs(other, await newPerson({ unit: "XS-DZB1" }));
    await other.goto(LESSON);
    await other.goto(LESSON);
    const otherName = (await other.getByTestId("current-user").first().innerText()).trim();
    expect(otherName).not.toBe(staffName);
    expect(await other.content()).not.toContain(staffName);

    // After signing out, the old cookie gets no stored page: the session is checked on every request.
    const cookie = (await staff.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    await staff.getByRole("button", { name: "退出登录" }).first().click();
    await expect(staff).toHaveURL(/\/login/);
    const stale = await other.context().request.fetch(LESSON, { headers: { cookie }, maxRedirects: 0 });
    expect(stale.status()).toBe(302);
    expect(stale.headers()["location"]).toContain("/login");
    expect(stale.headers()["x-page-cache"]).toBeUndefined();
  });
});

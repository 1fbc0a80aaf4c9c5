// Screenshots of pages at desktop and phone width, for looking at what we build:
// node scripts/screenshot.mjs <baseURL> <user> <outDir> <path> [path…]
import { chromium } from "@playwright/test";

const [base, user, out, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const [label, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 375, height: 800 }]]) {
  const page = await browser.newPage({ viewport, locale: "zh-CN" });
  if (user && user !== "-") {
    await page.goto(`${base}/login`);
    await page.fill("#username", user);
    await page.fill("#password", "qingfeng-demo");
    await page.click("button[type=submit]");
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  }
  for (const p of paths) {
    await page.goto(base + p);
    await page.waitForLoadState("networkidle");
    const name = `${out}/${label}${p.replace(/[^a-z0-9]+/gi, "_")}.png`;
    await page.screenshot({ path: name, fullPage: process.env.FULL !== "0" });
    console.log(name);
  }
  await page.close();
}
await browser.close();

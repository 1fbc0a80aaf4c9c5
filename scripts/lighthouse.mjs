// `npm run lighthouse`: Lighthouse 12.2.3 with Debian's Chromium on the sign-in page, "my tasks", a
// lesson and an exam being taken, against the production build with fresh demo data. Accessibility and
// best practices must score ≥ 95 on each. Writes bench/results/lighthouse.json.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { SERVER_ARGS } from "./lib/server-command.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 3310);
const BASE = `http://localhost:${PORT}`;
const TARGET = 0.95;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qingfeng-lighthouse-"));
const env = { ...process.env, NODE_ENV: "production", PORT: String(PORT), DATABASE_URL: `file:${dir}/lh.db`, STORAGE_DIR: `${dir}/uploads`, QINGFENG_NO_JOBS: "1" };
if (!fs.existsSync("build/server/index.js") || process.argv.includes("--build")) spawnSync("npx", ["react-router", "build"], { stdio: "inherit" });
const setup = spawnSync("npx", ["tsx", "scripts/setup.ts"], { stdio: "inherit", env });
if (setup.status !== 0) process.exit(1);
const server = spawn("node", SERVER_ARGS, { env, stdio: "inherit", detached: true });
const stop = () => {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    // already stopped
  }
};
process.on("exit", stop);

for (let i = 0; ; i++) {
  const ok = await fetch(`${BASE}/healthz`).then((r) => r.ok).catch(() => false);
  if (ok) break;
  if (i > 100) throw new Error("server did not start");
  await new Promise((r) => setTimeout(r, 200));
}

// Sign in and start an exam in a browser, to get a session cookie and a page of a running attempt.
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
const page = await browser.newPage({ locale: "zh-CN" });
await page.goto(`${BASE}/login`);
await page.fill("#username", "staff");
await page.fill("#password", "qingfeng-demo");
await page.click("button[type=submit]");
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
await page.goto(`${BASE}/exams`);
await page.getByRole("link", { name: "查看详情" }).first().click();
await page.getByRole("button", { name: "开始考试" }).click();
await page.waitForURL(/\/attempts\/[a-z0-9]+$/);
const attemptPath = new URL(page.url()).pathname;
const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
await browser.close();

const pages = [
  { name: "login", path: "/login", signedIn: false },
  { name: "my tasks", path: "/", signedIn: true },
  { name: "lesson", path: "/learn/dangji-fagui/tiaoli-zongze", signedIn: true },
  { name: "exam (taking)", path: attemptPath, signedIn: true },
];

const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--lang=zh-CN"] });
const results = [];
let failed = false;
try {
  for (const p of pages) {
    for (const formFactor of ["mobile", "desktop"]) {
      const run = await lighthouse(
        BASE + p.path,
        { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["accessibility", "best-practices"], extraHeaders: p.signedIn ? { Cookie: cookie } : {} },
        formFactor === "desktop"
          ? { extends: "lighthouse:default", settings: { formFactor: "desktop", screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false }, throttlingMethod: "provided" } }
          : { extends: "lighthouse:default", settings: { throttlingMethod: "provided" } },
      );
      const lhr = run.lhr;
      if (lhr.finalDisplayedUrl && new URL(lhr.finalDisplayedUrl).pathname !== p.path) throw new Error(`${p.name}: ended on ${lhr.finalDisplayedUrl}`);
      const scores = Object.fromEntries(Object.entries(lhr.categories).map(([k, c]) => [k, c.score]));
      const problems = Object.values(lhr.categories).flatMap((c) =>
        c.auditRefs.filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1).map((r) => `${r.id}: ${lhr.audits[r.id].title}`),
      );
      const pass = Object.values(scores).every((s) => s !== null && s >= TARGET);
      failed ||= !pass;
      results.push({ page: p.name, path: p.path, formFactor, scores, pass, problems });
      console.log(`${pass ? "✓" : "✗"} ${p.name} (${formFactor}): accessibility ${Math.round(scores.accessibility * 100)}, best practices ${Math.round(scores["best-practices"] * 100)}${problems.length ? `\n    ${problems.join("\n    ")}` : ""}`);
    }
  }
} finally {
  await chrome.kill();
  stop();
}
fs.mkdirSync("bench/results", { recursive: true });
fs.writeFileSync("bench/results/lighthouse.json", JSON.stringify({ lighthouse: "12.2.3", at: new Date().toISOString(), target: TARGET, results }, null, 2));
fs.rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

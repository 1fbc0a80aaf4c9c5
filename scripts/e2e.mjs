// `npm run test:e2e`: build, prepare a fresh database with the demo data, run Playwright against
// the production server with Debian's Chromium (or CHROMIUM_PATH).
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  console.error(
    `No browser found at ${chromium}.\n` +
      "Install Debian's Chromium and CJK fonts:  apt-get update && apt-get install -y chromium fonts-noto-cjk\n" +
      "or point CHROMIUM_PATH at a Chromium/Chrome binary. (Playwright cannot download browsers here.)",
  );
  process.exit(1);
}

const env = { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db", STORAGE_DIR: "./data/e2e-uploads" };
const run = (cmd, args, extra = {}) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extra } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`data/e2e.db${suffix}`, { force: true });
fs.rmSync("data/e2e-uploads", { recursive: true, force: true });
run("npx", ["react-router", "build"]);
run("npx", ["tsx", "scripts/setup.ts"]);
run("npx", ["playwright", "test", ...process.argv.slice(2)], { CHROMIUM_PATH: chromium });

// `npm run demo`: build if the build is missing or older than the sources, apply migrations and
// the demo data, then serve on PORT (default 3000).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SERVER_ARGS } from "./lib/server-command.mjs";

function newest(dir) {
  let latest = 0;
  if (!fs.existsSync(dir)) return latest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") latest = Math.max(latest, newest(p));
    } else latest = Math.max(latest, fs.statSync(p).mtimeMs);
  }
  return latest;
}

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

const built = "build/server/index.js";
const sources = Math.max(newest("app"), fs.statSync("package.json").mtimeMs, fs.statSync("vite.config.ts").mtimeMs);
if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sources) run("npx", ["react-router", "build"]);
else console.log("build is up to date");
run("npx", ["tsx", "scripts/setup.ts"]);
run("node", SERVER_ARGS, { NODE_ENV: "production" });

// `npm run dev`: apply migrations and demo data to the development database, then start Vite's dev server.
import { spawnSync } from "node:child_process";

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run("npx", ["tsx", "scripts/setup.ts"]);
run("npx", ["react-router", "dev"]);

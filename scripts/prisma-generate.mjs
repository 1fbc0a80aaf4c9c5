// `prisma generate` only checks that a schema-engine binary exists; it never runs it. Prisma cannot
// download that binary here (npm registry only), so point it at a stub. See docs/decisions/003-migrations.md.
import { spawnSync } from "node:child_process";
import path from "node:path";

const stub = path.join(import.meta.dirname, "prisma-engine-stub.sh");
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);

import { defineConfig } from "prisma/config";

// The datasource URL lives here (Prisma 7). Migrations are created and applied by our own
// scripts (see docs/decisions/003-migrations.md); the CLI is used only for `prisma generate`.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/qingfeng.db" },
});

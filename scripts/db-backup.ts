// `npm run db:backup -- FILE`: a consistent copy of the database while the server runs (SQLite's
// online backup API), checked with PRAGMA integrity_check before it is declared good.
import fs from "node:fs";
import path from "node:path";
import { databasePath, getEnv } from "#app/lib/env.server.ts";
import { backupDatabase } from "#app/lib/backup.server.ts";

const target = process.argv.slice(2).find((a) => a !== "--");
if (!target) {
  console.error("用法: npm run db:backup -- 备份文件路径");
  process.exit(2);
}
const source = databasePath(getEnv().DATABASE_URL);
if (!fs.existsSync(source)) {
  console.error(`数据库不存在：${source}`);
  process.exit(1);
}
const out = path.resolve(target);
const info = await backupDatabase(source, out);
console.log(`备份完成：${out}（${(info.bytes / 1024 / 1024).toFixed(1)} MB，完整性检查通过）`);

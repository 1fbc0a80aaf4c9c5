// `npm run db:restore -- FILE`: restores a backup over the database after checking the backup's
// integrity. Stop the server first; the current database is kept beside it as *.before-restore.
import { databasePath, getEnv } from "#app/lib/env.server.ts";
import { restoreDatabase } from "#app/lib/backup.server.ts";

const source = process.argv.slice(2).find((a) => a !== "--");
if (!source) {
  console.error("用法: npm run db:restore -- 备份文件路径   （请先停止服务）");
  process.exit(2);
}
try {
  const kept = restoreDatabase(source, databasePath(getEnv().DATABASE_URL));
  console.log(`恢复完成。原数据库已另存为 ${kept}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

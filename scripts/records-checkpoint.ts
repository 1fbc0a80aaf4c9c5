// `npm run records:checkpoint`: writes a signed checkpoint of the record chain now (head hash, row count,
// time) to the checkpoint file — e.g. before a backup, or from cron where the server's own are not enough.
import { db } from "#app/lib/db.server.ts";
import { checkpointFile, writeCheckpoint } from "#app/modules/records/anchor.server.ts";

const c = await writeCheckpoint("demand");
await db.$disconnect();
console.log(`已写入检查点：共 ${c.count} 条记录，末条第 ${c.seq} 条，哈希 ${c.head.slice(0, 16)}…（${checkpointFile()}）`);

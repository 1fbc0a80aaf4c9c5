// `npm run records:verify`: checks the whole hash chain of the record store; names the first bad row.
import { db } from "#app/lib/db.server.ts";
import { verifyChain } from "#app/modules/records/records.server.ts";

const result = await verifyChain();
await db.$disconnect();
if (result.ok) {
  console.log(`记录链完整：共 ${result.count} 条记录，全部校验通过。`);
} else {
  console.error(`记录链校验失败：第 ${result.badSeq} 条记录（id ${result.badId}）${result.reason}。此前 ${result.count - 1} 条记录完好。`);
  process.exit(1);
}

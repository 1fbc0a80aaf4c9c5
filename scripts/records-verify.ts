// `npm run records:verify`: checks the whole record store against its anchor — the hash chain, every
// row's HMAC under the record key, and the signed checkpoints outside the database; names the first
// bad row. Exits 1 on any finding. What it can and cannot detect: docs/security.md.
import { db } from "#app/lib/db.server.ts";
import { verifyChain } from "#app/modules/records/records.server.ts";

const result = await verifyChain();
await db.$disconnect();
const fmt = (iso: string) => new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
const latest = result.latest
  ? `最新检查点 ${fmt(result.latest.at)}（共 ${result.latest.count} 条）；其后 ${result.afterLatest} 条记录尚未进入检查点，删除它们不会被发现。`
  : "没有有效的检查点。";
const legacy = result.legacy ? `前 ${result.legacy} 条记录早于 HMAC，由检查点担保；HMAC 自第 ${result.legacy + 1} 条起。` : "";
if (result.ok) {
  console.log(`记录链完整：共 ${result.count} 条记录，哈希链、HMAC 与检查点全部校验通过。${legacy}`);
  console.log(`${latest}（检查点文件 ${result.checkpointFile}）`);
} else {
  console.error("记录链校验失败：");
  for (const p of result.problems) {
    if (p.id) console.error(`  第 ${p.seq} 条记录（id ${p.id}）${p.reason}。`);
    else console.error(`  ${p.reason}。`);
  }
  const row = result.problems.find((p) => p.id);
  if (row) console.error(`此前 ${result.count - 1} 条记录完好。`);
  console.error(`检查点文件 ${result.checkpointFile}${result.latest ? `；最新有效检查点 ${fmt(result.latest.at)}（共 ${result.latest.count} 条）` : ""}。`);
  process.exit(1);
}

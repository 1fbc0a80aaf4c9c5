// `npm run records:verify` as an operator runs it, against this test file's database, key and
// checkpoints (inherited through the environment): exit code and the Chinese report.
import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { databasePath } from "#app/lib/env.server.ts";
import { writeCheckpoint } from "#app/modules/records/anchor.server.ts";
import { appendRecord, recordHash, type HashedFields } from "#app/modules/records/records.server.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";

const verify = () => {
  const r = spawnSync("npx", ["tsx", "scripts/records-verify.ts"], { encoding: "utf8", env: process.env });
  return { status: r.status, out: r.stdout + r.stderr };
};

test("records:verify passes a clean chain and names the row edited behind re-hashed successors", async () => {
  const { eastBranch } = await makeOrg();
  const user = await makeUser(eastBranch.id);
  for (let i = 0; i < 3; i++) await appendRecord({ actorId: user.id, unitId: user.unitId, verb: "completed", object: { type: "lesson", id: `l${i}`, name: `第 ${i} 课` } });
  await writeCheckpoint("demand");
  const clean = verify();
  expect(clean.out).toContain("记录链完整：共 3 条记录");
  expect(clean.status).toBe(0);

  const raw = new Database(databasePath());
  raw.exec(`DROP TRIGGER "Record_no_update"`);
  type Row = Omit<HashedFields, "timestamp"> & { seq: number; timestamp: string; hash: string };
  const rows = raw.prepare(`SELECT * FROM "Record" ORDER BY "seq"`).all() as Row[];
  let prev = rows[0]!.hash;
  for (const r of rows.slice(1)) {
    const resultJson = r.seq === rows[1]!.seq ? `{"score":{"raw":100,"max":100}}` : r.resultJson;
    const hash = recordHash({ ...r, resultJson, prevHash: prev, timestamp: new Date(r.timestamp).toISOString() });
    raw.prepare(`UPDATE "Record" SET "resultJson" = ?, "prevHash" = ?, "hash" = ? WHERE "seq" = ?`).run(resultJson, prev, hash, r.seq);
    prev = hash;
  }
  raw.close();
  const tampered = verify();
  expect(tampered.status).toBe(1);
  expect(tampered.out).toContain(`第 ${rows[1]!.seq} 条记录`);
  expect(tampered.out).toContain("HMAC 不匹配");
}, 60_000);

// The chain's anchor outside the database: what `npm run records:verify` catches that the hash chain
// alone did not (docs/security.md, "Tampering with records"). Tests run in order on one database; each
// tampering is undone at its end, behind the application's back as it was done.
import fs from "node:fs";
import Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { databasePath } from "#app/lib/env.server.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { checkpointFile, checkpointPolicy, readCheckpoints, settleCheckpoints, writeCheckpoint } from "./anchor.server.ts";
import { appendRecord, GENESIS_HASH, recordHash, verifyChain, type HashedFields } from "./records.server.ts";

type Row = HashedFields & { seq: number; hash: string; mac: string | null };

// An attacker with write access to the database file: drops the append-only guard first.
const raw = new Database(databasePath());
raw.exec(`DROP TRIGGER IF EXISTS "Record_no_update"; DROP TRIGGER IF EXISTS "Record_no_delete";`);
afterAll(() => raw.close());

const rows = () => raw.prepare(`SELECT * FROM "Record" ORDER BY "seq"`).all() as Row[];
const isoOf = (stored: string) => new Date(stored).toISOString();
const rehash = (r: Row, prevHash: string) => recordHash({ ...r, timestamp: isoOf(r.timestamp), prevHash });
const update = raw.prepare(`UPDATE "Record" SET "resultJson" = ?, "prevHash" = ?, "hash" = ?, "mac" = ? WHERE "seq" = ?`);
const insert = raw.prepare(
  `INSERT INTO "Record" ("seq", "id", "actorId", "unitId", "verb", "objectType", "objectId", "objectName", "resultJson", "contextJson", "timestamp", "correctsId", "prevHash", "hash", "mac")
   VALUES (@seq, @id, @actorId, @unitId, @verb, @objectType, @objectId, @objectName, @resultJson, @contextJson, @timestamp, @correctsId, @prevHash, @hash, @mac)`,
);
const restore = (saved: Row[]) =>
  raw.transaction(() => {
    for (const r of saved) {
      const found = raw.prepare(`SELECT 1 FROM "Record" WHERE "seq" = ?`).get(r.seq);
      if (found) update.run(r.resultJson, r.prevHash, r.hash, r.mac, r.seq);
      else insert.run(r);
    }
  })();

let person: { id: string; unitId: string };
const append = (n: number) => appendRecord({ actorId: person.id, unitId: person.unitId, verb: "completed", object: { type: "lesson", id: `lesson-${n}`, name: `第 ${n} 课` }, result: { score: { raw: 60, max: 100 } } });

describe("the record chain's anchor", () => {
  test("rows from before the anchor have no HMAC and are vouched for by the setup checkpoint", async () => {
    const { eastBranch } = await makeOrg();
    person = await makeUser(eastBranch.id);
    // Three rows as the store wrote them before this change: chained, without HMAC.
    let prev = GENESIS_HASH;
    for (let i = 1; i <= 3; i++) {
      const r: Row = {
        seq: i,
        id: `legacy-${i}`,
        actorId: person.id,
        unitId: person.unitId,
        verb: "completed",
        objectType: "lesson",
        objectId: `old-${i}`,
        objectName: `旧课 ${i}`,
        resultJson: "{}",
        contextJson: "{}",
        timestamp: new Date(Date.UTC(2026, 0, i)).toISOString(),
        correctsId: null,
        prevHash: prev,
        hash: "",
        mac: null,
      };
      r.hash = rehash(r, prev);
      insert.run(r);
      prev = r.hash;
    }
    // Without a checkpoint nothing outside the database vouches for them.
    expect((await verifyChain()).problems.map((p) => p.kind)).toEqual(["noCheckpoints"]);
    await writeCheckpoint("setup");
    await append(1);
    expect(await verifyChain()).toMatchObject({ ok: true, count: 4, legacy: 3, anchored: 1, problems: [] });
  });

  test("rows from before the anchor rewritten and re-hashed disagree with the checkpoint that vouches for them", async () => {
    const saved = rows();
    raw.transaction(() => {
      let prev = saved[0]!.hash;
      for (const r of saved.slice(1)) {
        const resultJson = r.seq === 2 ? JSON.stringify({ score: { raw: 100, max: 100 } }) : r.resultJson;
        const hash = rehash({ ...r, resultJson }, prev);
        update.run(resultJson, prev, hash, r.mac, r.seq);
        prev = hash;
      }
    })();
    expect((await verifyChain()).problems).toEqual([{ kind: "checkpointMismatch", seq: 3, id: "legacy-3", reason: expect.stringMatching(/检查点不符/) }]);
    restore(saved);
    expect((await verifyChain()).ok).toBe(true);
  });

  test("a clean chain passes, and a checkpoint is written after every N appends", async () => {
    checkpointPolicy.every = 5;
    const before = readCheckpoints().lines.length;
    for (let i = 10; i < 15; i++) await append(i);
    await settleCheckpoints();
    const lines = readCheckpoints().lines;
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1)).toMatchObject({ checkpoint: { reason: "count", count: 9 } });
    checkpointPolicy.every = 0;
    expect(await verifyChain()).toMatchObject({ ok: true, count: 9, anchored: 6, afterLatest: 0, problems: [] });
  });

  test("an edited row whose successors were re-hashed is caught by its HMAC, and the row is named", async () => {
    for (let i = 20; i < 24; i++) await append(i);
    await writeCheckpoint("demand");
    const saved = rows();
    const target = saved.at(-3)!;
    // Change the score and re-chain everything after it: the plain hash chain holds again.
    raw.transaction(() => {
      let prev = saved[saved.indexOf(target) - 1]!.hash;
      for (const r of saved.slice(saved.indexOf(target))) {
        const resultJson = r.seq === target.seq ? JSON.stringify({ score: { raw: 100, max: 100 } }) : r.resultJson;
        const hash = rehash({ ...r, resultJson }, prev);
        update.run(resultJson, prev, hash, r.mac, r.seq);
        prev = hash;
      }
    })();
    const result = await verifyChain();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ kind: "macMismatch", seq: target.seq, id: target.id, reason: expect.stringMatching(/HMAC 不匹配/) }]);
    restore(saved);
    expect((await verifyChain()).ok).toBe(true);
  });

  test("a row stripped of its HMAC after anchored rows is caught", async () => {
    const saved = rows();
    const target = saved.at(-1)!;
    update.run(target.resultJson, target.prevHash, target.hash, null, target.seq);
    expect((await verifyChain()).problems).toEqual([{ kind: "macMissing", seq: target.seq, id: target.id, reason: expect.stringMatching(/缺少 HMAC/) }]);
    restore(saved);
  });

  test("deleting the newest rows is caught against the last checkpoint", async () => {
    for (let i = 30; i < 33; i++) await append(i);
    const checkpoint = await writeCheckpoint("demand");
    const saved = rows();
    // The chain that remains is a perfectly good chain: only the checkpoint knows it was longer.
    raw.prepare(`DELETE FROM "Record" WHERE "seq" > ?`).run(saved.at(-3)!.seq);
    const result = await verifyChain();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ kind: "rowsDeleted", seq: checkpoint.seq, reason: expect.stringMatching(/最新的记录被删除/) }]);
    expect(result.problems[0]!.reason).toContain(`共 ${checkpoint.count} 条`);
    expect(result.problems[0]!.reason).toContain(`现在只有 ${checkpoint.count - 2} 条`);
    restore(saved);
    expect((await verifyChain()).ok).toBe(true);
  });

  test("a forged or altered checkpoint is caught by its signature and not believed", async () => {
    const file = checkpointFile();
    const original = fs.readFileSync(file, "utf8");
    const last = JSON.parse(original.trim().split("\n").at(-1)!) as Record<string, unknown>;
    // An altered line (a lower count, to make a later deletion look older) and one made up.
    const altered = { ...last, count: 1 };
    const forged = { ...last, seq: 9999, count: 9999, mac: "0".repeat(64) };
    fs.appendFileSync(file, `${JSON.stringify(altered)}\n${JSON.stringify(forged)}\nnot json\n`);
    const total = original.trim().split("\n").length;
    const result = await verifyChain();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      { kind: "checkpointForged", line: total + 1, reason: expect.stringMatching(/签名无效/) },
      { kind: "checkpointForged", line: total + 2, reason: expect.stringMatching(/签名无效/) },
      { kind: "checkpointUnreadable", line: total + 3, reason: expect.stringMatching(/无法解析/) },
    ]);
    fs.writeFileSync(file, original);
    expect((await verifyChain()).ok).toBe(true);
  });

  test("what it cannot see: rows appended after the last checkpoint and deleted before the next", async () => {
    const latest = (await verifyChain()).latest!;
    await append(40);
    await append(41);
    expect(await verifyChain()).toMatchObject({ ok: true, afterLatest: 2 });
    const saved = rows();
    raw.prepare(`DELETE FROM "Record" WHERE "seq" > ?`).run(latest.seq);
    // Documented in docs/security.md: the chain is whole up to its last checkpoint, so this passes.
    expect(await verifyChain()).toMatchObject({ ok: true, afterLatest: 0 });
    restore(saved);
  });
});

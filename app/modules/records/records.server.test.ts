import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { databasePath } from "#app/lib/env.server.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { rowMac, writeCheckpoint } from "./anchor.server.ts";
import { appendRecord, GENESIS_HASH, verifyChain } from "./records.server.ts";

async function someone() {
  const { eastBranch } = await makeOrg();
  return makeUser(eastBranch.id);
}

const lesson = (n: number) => ({ type: "lesson", id: `lesson-${n}`, name: `第 ${n} 课` });

describe("the record store", () => {
  test("records chain from the genesis hash, and verify walks the chain", async () => {
    const user = await someone();
    const first = await appendRecord({ actorId: user.id, unitId: user.unitId, verb: "completed", object: lesson(1) });
    const second = await appendRecord({ actorId: user.id, unitId: user.unitId, verb: "completed", object: lesson(2), result: { duration: "PT5M" } });
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(second.mac).toBe(rowMac(second.hash));
    await writeCheckpoint("demand");
    expect(await verifyChain()).toMatchObject({ ok: true, count: 2, anchored: 2, legacy: 0, afterLatest: 0, problems: [] });
  });

  test("concurrent appends keep one unbroken chain", async () => {
    const user = await someone();
    await Promise.all(Array.from({ length: 25 }, (_, i) => appendRecord({ actorId: user.id, unitId: user.unitId, verb: "answered", object: lesson(100 + i) })));
    await writeCheckpoint("demand");
    const result = await verifyChain();
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test("editing a row behind the application's back is detected and the row is named", async () => {
    const user = await someone();
    for (let i = 0; i < 3; i++) await appendRecord({ actorId: user.id, unitId: user.unitId, verb: "completed", object: lesson(200 + i) });
    const target = await db.record.findFirstOrThrow({ where: { objectId: "lesson-201" } });
    const raw = new Database(databasePath());
    // The database refuses edits of the record store…
    expect(() => raw.prepare(`UPDATE "Record" SET resultJson = '{}' WHERE seq = ?`).run(target.seq)).toThrow(/append-only/);
    expect(() => raw.prepare(`DELETE FROM "Record" WHERE seq = ?`).run(target.seq)).toThrow(/append-only/);
    // …so an attacker with file access drops the guard first: the chain still names the row.
    raw.exec(`DROP TRIGGER "Record_no_update"`);
    raw.prepare(`UPDATE "Record" SET resultJson = '{"score":{"raw":100}}' WHERE seq = ?`).run(target.seq);
    raw.close();
    expect(await verifyChain()).toMatchObject({ ok: false, problems: [{ kind: "hashMismatch", seq: target.seq, id: target.id, reason: expect.stringMatching(/哈希不匹配/) }] });
  });

  test("a correction is a new row pointing at the one it corrects; the original stays", async () => {
    const user = await someone();
    const wrong = await appendRecord({ actorId: user.id, unitId: user.unitId, verb: "passed", object: lesson(300), result: { score: { raw: 90 } } });
    const fix = await appendRecord({
      actorId: user.id,
      unitId: user.unitId,
      verb: "failed",
      object: lesson(300),
      result: { score: { raw: 50 } },
      correctsId: wrong.id,
    });
    expect(fix.correctsId).toBe(wrong.id);
    expect(await db.record.findUnique({ where: { id: wrong.id } })).not.toBeNull();
    await expect(appendRecord({ actorId: user.id, unitId: user.unitId, verb: "voided", object: lesson(300), correctsId: "nope" })).rejects.toThrow(/不存在/);
  });
});

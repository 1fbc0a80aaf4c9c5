// The append-only learning record store. Every capability records what a person did through
// `appendRecord`, nothing else writes this table, and nothing updates or deletes its rows.
// Rows are shaped like xAPI statements and chained: each hash covers the row and the previous hash.
import crypto from "node:crypto";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";

import { VERBS, type Verb } from "./verbs.ts";

export { VERBS, type Verb };

export type RecordInput = {
  actorId: string;
  unitId: string;
  verb: Verb;
  object: { type: string; id: string; name: string };
  result?: Record<string, unknown>;
  context?: Record<string, unknown>;
  timestamp?: Date;
  /** The id of an earlier record this one corrects. */
  correctsId?: string;
};

export const GENESIS_HASH = "0".repeat(64);

export type HashedFields = {
  id: string;
  actorId: string;
  unitId: string;
  verb: string;
  objectType: string;
  objectId: string;
  objectName: string;
  resultJson: string;
  contextJson: string;
  timestamp: string;
  correctsId: string | null;
  prevHash: string;
};

export function recordHash(f: HashedFields): string {
  const canonical = JSON.stringify([
    f.id,
    f.actorId,
    f.unitId,
    f.verb,
    f.objectType,
    f.objectId,
    f.objectName,
    f.resultJson,
    f.contextJson,
    f.timestamp,
    f.correctsId,
    f.prevHash,
  ]);
  return crypto.createHash("sha256").update(canonical).digest("hex");
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** Appends one record, inside the caller's transaction when given one. */
export async function appendRecord(input: RecordInput, tx?: Tx) {
  const run = async (client: Tx) => {
    if (input.correctsId) {
      const target = await client.record.findUnique({ where: { id: input.correctsId }, select: { id: true } });
      if (!target) throw new Error(t.records.correctedMissing(input.correctsId));
    }
    const last = await client.record.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
    const fields: HashedFields = {
      id: crypto.randomUUID(),
      actorId: input.actorId,
      unitId: input.unitId,
      verb: input.verb,
      objectType: input.object.type,
      objectId: input.object.id,
      objectName: input.object.name,
      resultJson: JSON.stringify(input.result ?? {}),
      contextJson: JSON.stringify(input.context ?? {}),
      timestamp: (input.timestamp ?? new Date()).toISOString(),
      correctsId: input.correctsId ?? null,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    return client.record.create({ data: { ...fields, timestamp: new Date(fields.timestamp), hash: recordHash(fields) } });
  };
  return tx ? run(tx) : db.$transaction(run);
}

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; badSeq: number; badId: string; reason: string };

/** Walks the whole chain in order; names the first row whose hash or link does not hold. */
export async function verifyChain(): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let count = 0;
  let cursor = 0;
  for (;;) {
    const rows = await db.record.findMany({ where: { seq: { gt: cursor } }, orderBy: { seq: "asc" }, take: 1000 });
    if (rows.length === 0) break;
    for (const r of rows) {
      count++;
      if (r.prevHash !== prev) return { ok: false, count, badSeq: r.seq, badId: r.id, reason: t.records.chainBroken };
      const expected = recordHash({ ...r, timestamp: r.timestamp.toISOString() });
      if (expected !== r.hash) return { ok: false, count, badSeq: r.seq, badId: r.id, reason: t.records.hashMismatch };
      prev = r.hash;
      cursor = r.seq;
    }
  }
  return { ok: true, count };
}

export async function recordsOf(actorId: string, options: { take?: number } = {}) {
  return db.record.findMany({ where: { actorId }, orderBy: { seq: "desc" }, take: options.take ?? 200 });
}

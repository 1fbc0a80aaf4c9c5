// The append-only learning record store. Every capability records what a person did through
// `appendRecord`, nothing else writes this table, and nothing updates or deletes its rows.
// Rows are shaped like xAPI statements and chained: each hash covers the row and the previous hash,
// and each row's HMAC and the signed checkpoints anchor the chain outside the database (anchor.server.ts).
import crypto from "node:crypto";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { checkpointFile, GENESIS_HASH, noteAppend, readCheckpoints, recordKey, rowMac, sameMac, type Checkpoint } from "./anchor.server.ts";

import { VERBS, type Verb } from "./verbs.ts";
import { formatTimestamp } from "#app/lib/time.ts";

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

export { GENESIS_HASH };

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
    const key = recordKey();
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
    const hash = recordHash(fields);
    return client.record.create({ data: { ...fields, timestamp: new Date(fields.timestamp), hash, mac: rowMac(hash, key) } });
  };
  const row = await (tx ? run(tx) : db.$transaction(run));
  noteAppend();
  return row;
}

export type VerifyProblemKind =
  | "chainBroken"
  | "hashMismatch"
  | "macMismatch"
  | "macMissing"
  | "checkpointMismatch"
  | "rowsDeleted"
  | "checkpointForged"
  | "checkpointUnreadable"
  | "noCheckpoints"
  | "legacyUnanchored";

/** One finding; `seq`/`id` name the row, `line` the checkpoint file's line. */
export type VerifyProblem = { kind: VerifyProblemKind; reason: string; seq?: number; id?: string; line?: number };

export type VerifyResult = {
  ok: boolean;
  /** Rows read (the walk stops at the first bad row). */
  count: number;
  /** Rows whose HMAC holds. */
  anchored: number;
  /** Leading rows written before HMACs existed, vouched for by a checkpoint instead. */
  legacy: number;
  checkpointFile: string;
  /** The newest checkpoint whose signature holds, and how many rows came after it (not yet protected against deletion). */
  latest: Checkpoint | null;
  afterLatest: number;
  problems: VerifyProblem[];
};

const when = (c: Checkpoint) => formatTimestamp(c.at);

/**
 * Walks the whole chain in order and holds it against its anchor: the link and hash of every row,
 * its HMAC under the record key, and every signed checkpoint (a row it names must have its head hash
 * and count; a checkpoint beyond the end means the newest rows were deleted). Names the first bad row.
 */
export async function verifyChain(): Promise<VerifyResult> {
  const key = recordKey();
  const file = checkpointFile();
  const { lines } = readCheckpoints(file);
  const problems: VerifyProblem[] = [];
  const checkpoints: Checkpoint[] = [];
  for (const l of lines) {
    if ("checkpoint" in l) checkpoints.push(l.checkpoint);
    else if (l.problem === "forged") problems.push({ kind: "checkpointForged", line: l.line, reason: t.records.checkpointForged(l.line) });
    else problems.push({ kind: "checkpointUnreadable", line: l.line, reason: t.records.checkpointUnreadable(l.line) });
  }
  const bySeq = new Map<number, Checkpoint[]>();
  for (const c of checkpoints) bySeq.set(c.seq, [...(bySeq.get(c.seq) ?? []), c]);
  const matched = new Set<Checkpoint>();
  for (const c of bySeq.get(0) ?? []) {
    if (c.head === GENESIS_HASH && c.count === 0) matched.add(c);
  }

  let prev = GENESIS_HASH;
  let count = 0;
  let anchored = 0;
  let legacy = 0;
  let lastSeq = 0;
  let cursor = 0;
  let stopped = false;
  const bad = (kind: VerifyProblemKind, r: { seq: number; id: string }, reason: string) => {
    problems.push({ kind, seq: r.seq, id: r.id, reason });
    stopped = true;
  };
  walk: for (;;) {
    const rows = await db.record.findMany({ where: { seq: { gt: cursor } }, orderBy: { seq: "asc" }, take: 1000 });
    if (rows.length === 0) break;
    for (const r of rows) {
      count++;
      if (r.prevHash !== prev) bad("chainBroken", r, t.records.chainBroken);
      else if (recordHash({ ...r, timestamp: r.timestamp.toISOString() }) !== r.hash) bad("hashMismatch", r, t.records.hashMismatch);
      else if (r.mac === null) {
        if (anchored > 0) bad("macMissing", r, t.records.macMissing);
        else legacy++;
      } else if (!sameMac(r.mac, rowMac(r.hash, key))) bad("macMismatch", r, t.records.macMismatch);
      else anchored++;
      for (const c of stopped ? [] : (bySeq.get(r.seq) ?? [])) {
        if (c.head === r.hash && c.count === count) matched.add(c);
        else bad("checkpointMismatch", r, t.records.checkpointMismatch(when(c), c.count));
      }
      if (stopped) break walk;
      prev = r.hash;
      lastSeq = r.seq;
      cursor = r.seq;
    }
  }

  const valid = checkpoints.filter((c) => !stopped || matched.has(c));
  const latest = valid.reduce<Checkpoint | null>((a, c) => (!a || c.seq > a.seq || (c.seq === a.seq && c.at > a.at) ? c : a), null);
  if (!stopped) {
    // Checkpoints the walk never reached: beyond the end (the newest rows are gone) or at a missing row.
    const beyond = checkpoints.filter((c) => c.seq > lastSeq);
    const top = beyond.reduce<Checkpoint | null>((a, c) => (!a || c.seq > a.seq ? c : a), null);
    if (top) problems.push({ kind: "rowsDeleted", seq: top.seq, reason: t.records.rowsDeleted(when(top), top.count, top.seq, count, lastSeq) });
    for (const c of checkpoints) {
      if (c.seq <= lastSeq && !matched.has(c)) problems.push({ kind: "checkpointMismatch", seq: c.seq, reason: t.records.checkpointRowMissing(when(c), c.seq) });
    }
    if (checkpoints.length === 0 && count > 0) problems.push({ kind: "noCheckpoints", reason: t.records.noCheckpoints(file) });
    else if (legacy > 0 && ![...matched].some((c) => c.count >= legacy)) problems.push({ kind: "legacyUnanchored", reason: t.records.legacyUnanchored(legacy) });
  }
  return {
    ok: problems.length === 0,
    count,
    anchored,
    legacy,
    checkpointFile: file,
    latest,
    afterLatest: latest ? Math.max(0, count - latest.count) : count,
    problems,
  };
}

export async function recordsOf(actorId: string, options: { take?: number } = {}) {
  return db.record.findMany({ where: { actorId }, orderBy: { seq: "desc" }, take: options.take ?? 200 });
}

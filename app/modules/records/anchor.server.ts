// Anchors the record chain outside the database, so that someone who can write the database file
// cannot rewrite history unseen (docs/security.md, "Tampering with records"):
// - every row carries an HMAC of its chain hash under a key that is not in the database, so an edited
//   row whose successors were re-hashed no longer verifies;
// - signed checkpoints (head hash, row count, time) are appended to a JSON-lines file outside the
//   database, so deleting the newest rows leaves the chain shorter than a checkpoint says it was.
// Both are cheap: one HMAC-SHA256 per append inside the append's transaction, and one short line per
// checkpoint written after the transaction (never inside it: a file write cannot roll back).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { db } from "#app/lib/db.server.ts";
import { databasePath, getEnv } from "#app/lib/env.server.ts";
import { t } from "#app/lib/strings.ts";

export const GENESIS_HASH = "0".repeat(64);

let cachedKey: Buffer | undefined;

function keyFile() {
  return path.resolve(getEnv().QINGFENG_RECORD_KEY_FILE);
}

/** The HMAC key: QINGFENG_RECORD_KEY when set, otherwise the key file. Read once per process. */
export function recordKey(): Buffer {
  if (cachedKey) return cachedKey;
  const fromEnv = getEnv().QINGFENG_RECORD_KEY;
  if (fromEnv) return (cachedKey = Buffer.from(fromEnv, "utf8"));
  const file = keyFile();
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch {
    throw new Error(t.records.keyMissing(file));
  }
  if (text.length < 32) throw new Error(t.records.keyTooShort(file));
  return (cachedKey = Buffer.from(text, "utf8"));
}

/**
 * Run by `npm run setup`: creates the key file (32 random bytes as hex, mode 0600, its directory 0700)
 * when no key is configured and the file is absent. Never overwrites a key: rows signed with it would
 * no longer verify.
 */
export function ensureRecordKey(): { source: "env" | "file"; file: string; created: boolean; warning?: string } {
  const file = keyFile();
  if (getEnv().QINGFENG_RECORD_KEY) return { source: "env", file, created: false };
  if (fs.existsSync(file)) {
    const mode = fs.statSync(file).mode & 0o777;
    const warning = mode & 0o077 ? `record key ${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it` : undefined;
    return { source: "file", file, created: false, warning };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${crypto.randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  return { source: "file", file, created: true };
}

/** The HMAC of one row's chain hash (domain-separated from checkpoint signatures). */
export function rowMac(hash: string, key: Buffer = recordKey()): string {
  return crypto.createHmac("sha256", key).update(`qingfeng-record\n${hash}`).digest("hex");
}

export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

// ─── checkpoints ─────────────────────────────────────────────────────────────

export type CheckpointReason = "count" | "time" | "demand" | "setup";

/** One line of the checkpoint file. `seq` is the head row's seq (0 for an empty chain). */
export type Checkpoint = { v: 1; seq: number; count: number; head: string; at: string; reason: CheckpointReason; mac: string };

function checkpointMac(c: Omit<Checkpoint, "mac">, key: Buffer = recordKey()): string {
  const canonical = JSON.stringify([c.v, c.seq, c.count, c.head, c.at, c.reason]);
  return crypto.createHmac("sha256", key).update(`qingfeng-checkpoint\n${canonical}`).digest("hex");
}

/** The checkpoint file of this database: `<QINGFENG_CHECKPOINT_DIR>/<database file name>.jsonl`. */
export function checkpointFile(): string {
  const base = path.basename(databasePath()).replace(/\.db$/, "") || "records";
  return path.join(path.resolve(getEnv().QINGFENG_CHECKPOINT_DIR), `${base}.jsonl`);
}

export type CheckpointLine = { line: number; checkpoint: Checkpoint } | { line: number; problem: "unreadable" | "forged" };

/** Every line of the checkpoint file, each either a checkpoint whose signature holds or a problem. */
export function readCheckpoints(file = checkpointFile()): { exists: boolean; lines: CheckpointLine[] } {
  if (!fs.existsSync(file)) return { exists: false, lines: [] };
  const lines: CheckpointLine[] = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      if (!text.trim()) return;
      const line = i + 1;
      let c: Checkpoint;
      try {
        c = JSON.parse(text) as Checkpoint;
      } catch {
        lines.push({ line, problem: "unreadable" });
        return;
      }
      const shaped =
        c !== null &&
        typeof c === "object" &&
        c.v === 1 &&
        Number.isInteger(c.seq) &&
        Number.isInteger(c.count) &&
        typeof c.head === "string" &&
        typeof c.at === "string" &&
        typeof c.reason === "string" &&
        typeof c.mac === "string";
      if (!shaped) lines.push({ line, problem: "unreadable" });
      else if (!sameMac(c.mac, checkpointMac(c))) lines.push({ line, problem: "forged" });
      else lines.push({ line, checkpoint: c });
    });
  return { exists: true, lines };
}

// What this process last wrote, so the next checkpoint counts only the rows after it.
let lastWritten: { seq: number; count: number } | null = null;

/** Reads the committed head and row count and appends one signed line to the checkpoint file. */
export async function writeCheckpoint(reason: CheckpointReason): Promise<Checkpoint> {
  const key = recordKey();
  const base = lastWritten;
  const { head, count } = await db.$transaction(async (tx) => {
    const last = await tx.record.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    const count = !last
      ? 0
      : base && base.seq <= last.seq
        ? base.count + (await tx.record.count({ where: { seq: { gt: base.seq, lte: last.seq } } }))
        : await tx.record.count();
    return { head: last, count };
  });
  const fields = { v: 1 as const, seq: head?.seq ?? 0, count, head: head?.hash ?? GENESIS_HASH, at: new Date().toISOString(), reason };
  const checkpoint: Checkpoint = { ...fields, mac: checkpointMac(fields, key) };
  const file = checkpointFile();
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  // One short write with O_APPEND: lines from several instances on a shared directory do not interleave.
  await fs.promises.appendFile(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
  lastWritten = { seq: checkpoint.seq, count };
  return checkpoint;
}

/** The periodic job: a checkpoint when the head moved since this process last wrote one. */
export async function checkpointIfMoved(reason: CheckpointReason = "time"): Promise<Checkpoint | null> {
  const last = await db.record.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  if ((last?.seq ?? 0) === (lastWritten?.seq ?? -1)) return null;
  return writeCheckpoint(reason);
}

let appendsSince = 0;
let pending: Promise<unknown> | null = null;

/** How many appends by this process between checkpoints (QINGFENG_CHECKPOINT_EVERY; tests may lower it). */
export const checkpointPolicy = { every: -1 };

/**
 * Called by appendRecord after each append. Every N appends it schedules a checkpoint for after the
 * current turn: it then waits for the connection lock, i.e. for the append's transaction to end.
 */
export function noteAppend() {
  if (checkpointPolicy.every < 0) checkpointPolicy.every = getEnv().QINGFENG_CHECKPOINT_EVERY;
  if (checkpointPolicy.every === 0 || ++appendsSince < checkpointPolicy.every) return;
  appendsSince = 0;
  if (pending) return;
  pending = new Promise((resolve) => setImmediate(resolve))
    .then(() => writeCheckpoint("count"))
    .catch((error: unknown) => console.error("[records] checkpoint failed:", error))
    .finally(() => (pending = null));
}

/** Resolves when a scheduled checkpoint has been written (tests, shutdown). */
export async function settleCheckpoints() {
  await pending;
}

/**
 * Run by `npm run setup` before anything is appended: a database without a single record next to a
 * checkpoint file that counts records is a new database (e2e runs, a fresh install), not this chain.
 * The old file is kept, renamed, as evidence, and a warning says so; a database that has records is
 * never given a fresh file.
 */
export async function adoptCheckpointFile(): Promise<string | null> {
  const file = checkpointFile();
  if (!fs.existsSync(file)) return null;
  if (await db.record.findFirst({ select: { seq: true } })) return null;
  const counted = readCheckpoints(file).lines.some((l) => "checkpoint" in l && l.checkpoint.count > 0);
  if (!counted) return null;
  const kept = `${file}.orphaned-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  fs.renameSync(file, kept);
  lastWritten = null;
  return kept;
}

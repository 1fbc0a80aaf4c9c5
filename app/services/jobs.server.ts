// Background work of the server process: the overdue-attempt sweeper (idempotent, every 30 s),
// expired-session cleanup, and the start-up sync of content/. Started once from entry.server.
import path from "node:path";
import { sweepOverdue } from "#app/modules/assessment/attempts.server.ts";
import { syncContent } from "#app/services/curriculum-sync.server.ts";
import { deleteExpiredSessions } from "#app/modules/identity/session.server.ts";
import { checkpointIfMoved, recordKey } from "#app/modules/records/anchor.server.ts";
import { getEnv } from "#app/lib/env.server.ts";
import { backfillMediaDurations } from "#app/lib/storage.server.ts";

let started = false;

export function startBackgroundJobs() {
  if (started || process.env.VITEST || process.env.QINGFENG_NO_JOBS === "1") return;
  started = true;
  // Fail at start, not at the first append, when the record store's HMAC key cannot be read.
  recordKey();
  const run = async (name: string, job: () => Promise<unknown>) => {
    try {
      await job();
    } catch (error) {
      console.error(`[jobs] ${name} failed:`, error);
    }
  };
  const sweep = async () => {
    const n = await sweepOverdue();
    if (n > 0) console.log(`[jobs] submitted ${n} overdue attempt(s)`);
  };
  const sessions = async () => {
    await deleteExpiredSessions();
  };
  const sync = async () => {
    const report = await syncContent(path.resolve(getEnv().CONTENT_DIR));
    for (const p of report.problems) console.warn(`[content] ${p.file}:${p.line}:${p.column} ${p.message}`);
  };
  setTimeout(() => void run("content sync", sync), 100).unref();
  // Stored videos still lacking a server-read length (e.g. restored from an older backup) get it.
  const media = async () => {
    const { unreadable } = await backfillMediaDurations();
    if (unreadable.length) console.warn(`[jobs] ${unreadable.length} stored video(s) have no readable length: ${unreadable.join(", ")}`);
  };
  setTimeout(() => void run("media lengths", media), 1_000).unref();
  setTimeout(() => void run("sweeper", sweep), 2_000).unref();
  const sweepSeconds = Math.max(1, Number(process.env.QINGFENG_SWEEP_SECONDS ?? 30) || 30);
  setInterval(() => void run("sweeper", sweep), sweepSeconds * 1000).unref();
  setInterval(() => void run("sessions", sessions), 60 * 60_000).unref();
  // Signed checkpoints of the record chain every QINGFENG_CHECKPOINT_MINUTES while it grows (docs/security.md).
  const checkpointMinutes = getEnv().QINGFENG_CHECKPOINT_MINUTES;
  if (checkpointMinutes > 0) setInterval(() => void run("record checkpoint", () => checkpointIfMoved("time")), checkpointMinutes * 60_000).unref();
}

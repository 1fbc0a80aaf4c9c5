// `npm run bench` (full) and `npm run bench -- --quick` (under 3 minutes). Each benchmark runs against
// the production build on loopback, measures its baseline in the same run, and reports a ratio.
// Results go to bench/results/latest.json and a table in the terminal. `--checks-only` runs the
// correctness checks of exam-start (no duplicate attempts, no lost answers, no 5xx) without timings.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import Database from "better-sqlite3";
import { sha256 } from "@oslojs/crypto/sha2";
import { killDuringExam } from "./durability.ts";
import { percentile, request, throughput, waitFor } from "./http.ts";
import { HEAP_MB, SERVER_ARGS } from "../scripts/lib/server-command.mjs";

const quick = process.argv.includes("--quick");
const checksOnly = process.argv.includes("--checks-only");
const N = checksOnly ? 100 : quick ? 500 : 3000;
const SAVES = 20;
const CRASH_STAFF = 50;
const SECONDS = quick ? 5 : 15;
const PORT = 3210;
const BASE_PORT = 3211;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "qf-bench-"));
const dbFile = path.join(work, "bench.db");
type Result = { name: string; value: number; unit: string; baseline: number | null; ratio: number | null; target: string; pass: boolean; note?: string };
const results: Result[] = [];
const children: ChildProcess[] = [];
const log = (s: string) => console.log(`[bench] ${s}`);
process.on("uncaughtException", (e) => {
  log(`uncaught: ${(e as Error).stack}${(e as Error).cause ? `\ncause: ${String((e as Error).cause)}` : ""}`);
  stopAll();
  process.exit(1);
});

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
  return r.stdout;
}

function start(cmd: string, args: string[], env: Record<string, string>) {
  // Its own process group, so stopping it also stops anything it started (npx → tsx → node).
  const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, ...env }, detached: true });
  children.push(child);
  return child;
}

function stopAll() {
  for (const c of children) {
    try {
      process.kill(-c.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024;
}

function iso(d: Date) {
  return d.toISOString().replace("Z", "+00:00");
}

/** N staff with ready sessions (the benchmark is the exam start, not argon2). */
function makeStaff(n: number): { id: string; cookie: string }[] {
  const db = new Database(dbFile);
  const unit = db.prepare(`SELECT "id" FROM "OrgUnit" WHERE "code" = 'DC-DZB1'`).get() as { id: string };
  const insertUser = db.prepare(`INSERT INTO "User" ("id", "username", "name", "unitId", "position", "isPartyMember", "active", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, '科员', 1, 1, ?, ?)`);
  const insertSession = db.prepare(
    `INSERT INTO "Session" ("id", "secretHash", "userId", "createdAt", "lastActiveAt", "idleExpiresAt", "absoluteExpiresAt", "ip", "userAgent") VALUES (?, ?, ?, ?, ?, ?, ?, '127.0.0.1', 'bench')`,
  );
  const now = new Date();
  const later = new Date(now.getTime() + 6 * 3_600_000);
  const out: { id: string; cookie: string }[] = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = `bench${String(i).padStart(5, "0")}${crypto.randomBytes(4).toString("hex")}`;
      insertUser.run(id, id, `压测${i}`, unit.id, iso(now), iso(now));
      const sid = crypto.randomBytes(15).toString("hex");
      const secret = crypto.randomBytes(20).toString("hex");
      insertSession.run(sid, Buffer.from(sha256(new TextEncoder().encode(secret))), id, iso(now), iso(now), iso(later), iso(later));
      out.push({ id, cookie: `qf_session=${sid}.${secret}` });
    }
  })();
  db.close();
  return out;
}

/** A request that failed to complete (refused, reset, timed out) counts as a fault, like a 5xx. */
function guarded(...args: Parameters<typeof request>): Promise<Awaited<ReturnType<typeof request>>> {
  return request(...args).catch((error: Error) => {
    log(`request failed: ${args[1]} ${args[2]}: ${error.message}${error.cause ? ` (${String(error.cause)})` : ""}`);
    return { status: 599, headers: {}, body: "", ms: 60_000 };
  });
}

async function examStart(staff: { id: string; cookie: string }[], examId: string, pid: number) {
  log(`exam-start: ${staff.length} staff start at once, ${SAVES} saves each, then submit`);
  let fivexx = 0;
  const t0 = performance.now();
  const attempts = await Promise.all(
    staff.map(async (s) => {
      const r = await guarded(PORT, "POST", `/exams/${examId}`, { headers: { Cookie: s.cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
      if (r.status >= 500) fivexx++;
      const location = r.headers.location ?? "";
      return { ...s, attemptId: location.split("/").pop() ?? "", ms: r.ms };
    }),
  );
  const startSeconds = (performance.now() - t0) / 1000;
  const latencies: number[] = [];
  const t1 = performance.now();
  await Promise.all(
    attempts.map(async (a) => {
      for (let slot = 1; slot <= SAVES; slot++) {
        const r = await guarded(PORT, "POST", `/attempts/${a.attemptId}/save`, { headers: { Cookie: a.cookie, "Content-Type": "application/json" }, body: JSON.stringify({ intent: "save", slot, response: { choice: 0 } }) });
        if (r.status >= 500) fivexx++;
        latencies.push(r.ms);
      }
    }),
  );
  const saveSeconds = (performance.now() - t1) / 1000;
  await Promise.all(
    attempts.map(async (a) => {
      const r = await guarded(PORT, "POST", `/attempts/${a.attemptId}/save`, { headers: { Cookie: a.cookie, "Content-Type": "application/json" }, body: JSON.stringify({ intent: "submit" }) });
      if (r.status >= 500) fivexx++;
    }),
  );
  const rss = peakRssMb(pid);
  // Checked in the database afterwards.
  const db = new Database(dbFile, { readonly: true });
  const ids = staff.map((s) => s.id);
  const placeholders = ids.map(() => "?").join(",");
  const perUser = db.prepare(`SELECT "userId", count(*) AS n FROM "Attempt" WHERE "examId" = ? AND "userId" IN (${placeholders}) GROUP BY "userId"`).all(examId, ...ids) as { n: number }[];
  const duplicates = perUser.filter((r) => r.n > 1).length;
  const missingAttempts = staff.length - perUser.length;
  const saved = db
    .prepare(`SELECT count(*) AS n FROM "AttemptSlot" s JOIN "Attempt" a ON a."id" = s."attemptId" WHERE a."examId" = ? AND a."userId" IN (${placeholders}) AND s."responseJson" IS NOT NULL AND s."slot" <= ?`)
    .get(examId, ...ids, SAVES) as { n: number };
  const finished = db.prepare(`SELECT count(*) AS n FROM "Attempt" WHERE "examId" = ? AND "state" = 'finished' AND "userId" IN (${placeholders})`).get(examId, ...ids) as { n: number };
  db.close();
  const lost = staff.length * SAVES - saved.n;
  return { startSeconds, saveSeconds, saves: staff.length * SAVES, p99: percentile(latencies, 0.99), fivexx, duplicates, missingAttempts, lost, finished: finished.n, rss, attempts };
}

async function baselineSaves(attempts: { id: string; attemptId: string }[]) {
  const copy = path.join(work, "baseline.db");
  const src = new Database(dbFile);
  await src.backup(copy);
  src.close();
  // Put the attempts back in progress in the copy so the baseline does the same work.
  const c = new Database(copy);
  c.prepare(`UPDATE "Attempt" SET "state" = 'inProgress' WHERE "id" IN (${attempts.map(() => "?").join(",")})`).run(...attempts.map((a) => a.attemptId));
  c.close();
  start("node", ["bench/baseline-server.mjs", copy, String(BASE_PORT)], {});
  await new Promise((r) => setTimeout(r, 800));
  const t = performance.now();
  await Promise.all(
    attempts.map(async (a) => {
      for (let slot = 1; slot <= SAVES; slot++) {
        await request(BASE_PORT, "POST", `/save/${a.attemptId}`, { headers: { "x-user": a.id, "Content-Type": "application/json" }, body: JSON.stringify({ slot, response: { choice: 0 } }) });
      }
    }),
  );
  return (attempts.length * SAVES) / ((performance.now() - t) / 1000);
}

async function main() {
  log(`mode: ${checksOnly ? "checks only" : quick ? "quick" : "full"}; work dir ${work}`);
  run("npx", ["react-router", "build"]);
  run("npx", ["tsx", "scripts/setup.ts"], { DATABASE_URL: `file:${dbFile}`, STORAGE_DIR: path.join(work, "uploads") });
  const everyone = makeStaff(N + CRASH_STAFF);
  const staff = everyone.slice(0, N);
  const serverEnv = { NODE_ENV: "production", PORT: String(PORT), DATABASE_URL: `file:${dbFile}`, STORAGE_DIR: path.join(work, "uploads"), QINGFENG_NO_JOBS: "1" };
  let server = start("node", SERVER_ARGS, serverEnv);
  await waitFor(PORT);
  const examId = (new Database(dbFile, { readonly: true }).prepare(`SELECT "id" FROM "Exam" LIMIT 1`).get() as { id: string }).id;

  const e = await examStart(staff, examId, server.pid!);
  const correct = e.fivexx === 0 && e.duplicates === 0 && e.missingAttempts === 0 && e.lost === 0 && e.finished === staff.length;
  log(`exam-start: started in ${e.startSeconds.toFixed(1)} s; ${e.saves} saves in ${e.saveSeconds.toFixed(1)} s; 5xx or failed ${e.fivexx}, duplicate attempts ${e.duplicates}, missing ${e.missingAttempts}, lost answers ${e.lost}, finished ${e.finished}`);

  // kill -9 in the middle of saving, then restart: nothing acknowledged is lost, attempts resume.
  const crash = await killDuringExam({
    port: PORT,
    dbFile,
    examId,
    staff: everyone.slice(N),
    saves: SAVES,
    crashAndRestart: async () => {
      process.kill(-server.pid!, "SIGKILL");
      await new Promise((r) => server.once("exit", r));
      server = start("node", SERVER_ARGS, serverEnv);
      await waitFor(PORT);
    },
  });
  log(`kill -9: ${crash.acknowledged} answers acknowledged before the kill, ${crash.lost} lost; ${crash.resumed}/${crash.attempts} attempts resumed`);
  const durable = crash.lost === 0 && crash.resumed === crash.attempts && crash.acknowledged > 0;
  results.push({ name: "durability: kill -9 mid-exam", value: crash.lost + (crash.attempts - crash.resumed), unit: "faults", baseline: null, ratio: null, target: "0 acknowledged answers lost, every attempt resumes", pass: durable, note: `${crash.acknowledged} acknowledged` });
  if (checksOnly) {
    results.push({ name: "exam-start correctness", value: e.lost + e.duplicates + e.fivexx + e.missingAttempts, unit: "faults", baseline: null, ratio: null, target: "0 5xx, 0 duplicate attempts, 0 lost answers", pass: correct });
    return;
  }
  const ours = e.saves / e.saveSeconds;
  const base = await baselineSaves(e.attempts);
  results.push({ name: "exam-start: start window", value: round(e.startSeconds), unit: "s", baseline: null, ratio: null, target: `${N} starts within 10 s`, pass: e.startSeconds <= 10 });
  results.push({ name: "exam-start: correctness", value: e.lost + e.duplicates + e.fivexx + e.missingAttempts, unit: "faults", baseline: null, ratio: null, target: "0 5xx, 0 duplicates, 0 lost answers", pass: correct });
  results.push({ name: "exam-start: answer saves", value: round(ours), unit: "saves/s", baseline: round(base), ratio: round(ours / base, 3), target: "≥ 0.25× bare node:http + better-sqlite3", pass: ours / base >= 0.25, note: `p99 ${Math.round(e.p99)} ms` });
  results.push({ name: "memory: server peak RSS", value: round(e.rss), unit: "MB", baseline: null, ratio: null, target: "≤ 512 MB during exam-start", pass: e.rss <= 512 });

  // Lesson page: cached render vs bare renderToString, and vs compiling on every request.
  const lessonPath = "/learn/dangji-fagui/tiaoli-zongze";
  const cookie = staff[0]!.cookie;
  const page = await request(PORT, "GET", lessonPath, { headers: { Cookie: cookie } });
  const hash = page.body.match(/\/mdx\/([a-f0-9]{64})\.js/)?.[1];
  if (!hash) throw new Error("lesson page did not reference compiled code");
  start("node_modules/.bin/tsx", ["bench/baseline-lesson.ts", dbFile, hash, String(BASE_PORT + 1)], {});
  await waitFor(BASE_PORT + 1, "/", 60);
  // Both sides are asked for uncompressed HTML, so the client's inflate does not count against one of them.
  const identity = { "Accept-Encoding": "identity" };
  const cached = (await fetch(`http://127.0.0.1:${PORT}${lessonPath}`, { headers: { Cookie: cookie, ...identity } })).headers.get("x-page-cache") === "hit";
  const oursLesson = await throughput(SECONDS, 10, () => request(PORT, "GET", lessonPath, { headers: { Cookie: cookie, ...identity } }));
  const bareLesson = await throughput(SECONDS, 10, () => request(BASE_PORT + 1, "GET", "/", { headers: identity }));
  const compileMs = Number(run("npx", ["tsx", "bench/compile-cost.ts", dbFile, "tiaoli-zongze"]).trim());
  const compileRps = 1000 / compileMs;
  results.push({ name: "lesson-page vs renderToString", value: round(oursLesson.rps), unit: "req/s", baseline: round(bareLesson.rps), ratio: round(oursLesson.rps / bareLesson.rps, 3), target: "≥ 0.4×", pass: oursLesson.rps / bareLesson.rps >= 0.4, note: `${cached ? "served from the page cache" : "NOT from the page cache"}; p99 ${Math.round(oursLesson.p99)} ms, errors ${oursLesson.errors}` });
  results.push({ name: "lesson-page vs compile per request", value: round(oursLesson.rps), unit: "req/s", baseline: round(compileRps), ratio: round(oursLesson.rps / compileRps, 1), target: "≥ 20×", pass: oursLesson.rps / compileRps >= 20, note: `one compile ≈ ${Math.round(compileMs)} ms` });

  // Lesson page JavaScript (gzip): the route's scripts plus the lesson's compiled code.
  const scripts = [...page.body.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const imports = [...page.body.matchAll(/import\s*(?:[^"']*from\s*)?["'](\/assets\/[^"']+\.js)["']/g)].map((m) => m[1]!);
  let gz = 0;
  for (const s of new Set([...scripts, ...imports, `/mdx/${hash}.js`])) {
    const r = await request(PORT, "GET", s, { headers: { Cookie: cookie } });
    gz += zlib.gzipSync(r.body).length;
  }
  results.push({ name: "memory: lesson page JavaScript", value: round(gz / 1024), unit: "KB gzip", baseline: null, ratio: null, target: "≤ 200 KB", pass: gz / 1024 <= 200 });

  // Signed-in overhead.
  const anon = await throughput(SECONDS, 10, () => request(PORT, "GET", "/status"));
  const signed = await throughput(SECONDS, 10, () => request(PORT, "GET", "/status", { headers: { Cookie: cookie } }));
  results.push({ name: "signed-in overhead", value: round(signed.rps), unit: "req/s", baseline: round(anon.rps), ratio: round(signed.rps / anon.rps, 3), target: "≥ 0.7× the same page without a session", pass: signed.rps / anon.rps >= 0.7 });

  // Content sync: 500 unchanged lessons vs a cold compile of them.
  const lessons = quick ? 200 : 500;
  const root = path.join(work, "content");
  const dir = path.join(root, "theory", "bench-course");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "course.yaml"), "title: 压测课程\nsummary: 内容同步基准\norder: 1\n");
  for (let i = 0; i < lessons; i++) {
    fs.writeFileSync(path.join(dir, `${String(i + 1).padStart(3, "0")}-l${i}.mdx`), `---\ntitle: 第 ${i + 1} 课\n---\n\n## 第 ${i + 1} 课\n\n${"严守纪律规矩，廉洁从政。".repeat(40)}\n\n<KeyPoint>要点 ${i}</KeyPoint>\n\n| 项目 | 要求 |\n| --- | --- |\n| ${i} | 不收礼 |\n`);
  }
  const sync = JSON.parse(run("npx", ["tsx", "bench/content-sync.ts", root, path.join(work, "sync.db")]).trim().split("\n").pop()!) as { coldMs: number; warmMs: number; created: number; unchanged: number };
  results.push({ name: `content-sync (${lessons} unchanged lessons)`, value: round(sync.warmMs), unit: "ms", baseline: round(sync.coldMs), ratio: round(sync.warmMs / sync.coldMs, 4), target: "≤ 0.05× a cold compile", pass: sync.warmMs / sync.coldMs <= 0.05 && sync.unchanged === lessons });

  // Roll-up: the manager's city view over a synthetic bureau vs a hand-written SQL aggregate.
  const [rStaff, rUnits, rAssignments] = quick ? [20_000, 400, 10] : [100_000, 2_000, 50];
  const rollupDb = path.join(work, "rollup.db");
  run("npx", ["tsx", "scripts/setup.ts"], { DATABASE_URL: `file:${rollupDb}`, STORAGE_DIR: path.join(work, "rollup-uploads") });
  const r = JSON.parse(run("node", [`--max-old-space-size=${HEAP_MB}`, "--import", "tsx", "bench/rollup.ts", rollupDb, String(rStaff), String(rUnits), String(rAssignments)]).trim().split("\n").pop()!) as { oursMs: number; sqlMs: number; mismatches: number; cells: number };
  results.push({
    name: `roll-up (${rStaff.toLocaleString("en")} staff, ${rUnits.toLocaleString("en")} units, ${rAssignments} assignments)`,
    value: round(r.oursMs),
    unit: "ms",
    baseline: round(r.sqlMs),
    ratio: round(r.oursMs / r.sqlMs, 2),
    target: "≤ 2× hand-written SQL, same figures",
    pass: r.oursMs / r.sqlMs <= 2 && r.mismatches === 0,
    note: `${r.cells} cells compared, ${r.mismatches} differ`,
  });
}

function round(x: number, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

try {
  await main();
} finally {
  stopAll();
}
fs.mkdirSync("bench/results", { recursive: true });
fs.writeFileSync("bench/results/latest.json", JSON.stringify({ mode: checksOnly ? "checks" : quick ? "quick" : "full", at: new Date().toISOString(), results }, null, 2));
console.log("");
console.table(results.map((r) => ({ benchmark: r.name, value: `${r.value} ${r.unit}`, baseline: r.baseline ?? "", ratio: r.ratio ?? "", target: r.target, pass: r.pass ? "✓" : "✗", note: r.note ?? "" })));
const failed = results.filter((r) => !r.pass);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(checksOnly && failed.length ? 1 : 0);

// Child process for the roll-up benchmark. On a copy of the set-up database it builds a synthetic
// bureau (STAFF people in UNITS units under the city, ASSIGNMENTS city-wide assignments: half
// "study this course", half "sign the pledge", half of each already overdue, with progress and pledges
// for part of the staff), then times the manager's city view (`rollup`) against a hand-written SQL
// aggregate of the same figures, and checks that both agree cell by cell.
import crypto from "node:crypto";
import fs from "node:fs";
import Database from "better-sqlite3";

const [file, staffArg, unitsArg, assignmentsArg] = process.argv.slice(2) as [string, string, string, string];
const STAFF = Number(staffArg);
const UNITS = Number(unitsArg);
const ASSIGNMENTS = Number(assignmentsArg);
const COUNTIES = 20;
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
const id = () => crypto.randomBytes(12).toString("hex");
const DAY = 86_400_000;

const sqlite = new Database(file);
sqlite.pragma("journal_mode = WAL");
const city = sqlite.prepare(`SELECT "id", "path" FROM "OrgUnit" WHERE "parentId" IS NULL`).get() as { id: string; path: string };
const course = sqlite
  .prepare(`SELECT c."id", count(l."id") AS n FROM "Course" c JOIN "Lesson" l ON l."courseId" = c."id" AND l."status" = 'published' GROUP BY c."id" HAVING n >= 2 ORDER BY n LIMIT 1`)
  .get() as { id: string; n: number };
const lessons = (sqlite.prepare(`SELECT "id" FROM "Lesson" WHERE "courseId" = ? AND "status" = 'published' ORDER BY "sortOrder"`).all(course.id) as { id: string }[]).map((l) => l.id);
const now = new Date();
const stamp = iso(now);

sqlite.transaction(() => {
  sqlite.prepare(`UPDATE "Assignment" SET "status" = 'withdrawn'`).run();
  const unit = sqlite.prepare(`INSERT INTO "OrgUnit" ("id", "code", "name", "kind", "parentId", "path", "depth", "sortOrder", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)`);
  const user = sqlite.prepare(`INSERT INTO "User" ("id", "username", "name", "unitId", "position", "isPartyMember", "active", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, '科员', 1, 1, ?, ?)`);
  const progress = sqlite.prepare(`INSERT INTO "LessonProgress" ("id", "userId", "lessonId", "activeSeconds", "reachedEnd", "completedAt", "updatedAt") VALUES (?, ?, ?, 300, 1, ?, ?)`);
  const pledge = sqlite.prepare(
    `INSERT INTO "Record" ("id", "actorId", "unitId", "verb", "objectType", "objectId", "objectName", "contextJson", "timestamp", "prevHash", "hash") VALUES (?, ?, ?, 'signed', 'pledge', ?, '廉政承诺书', ?, ?, '', ?)`,
  );
  const branches: string[] = [];
  const perCounty = Math.max(1, Math.floor(UNITS / COUNTIES) - 1);
  for (let c = 0; c < COUNTIES; c++) {
    const cid = id();
    const cpath = `${city.path}${cid}/`;
    unit.run(cid, `BENCH-C${c}`, `压测县局${c}`, "county", city.id, cpath, 1, stamp);
    for (let b = 0; b < perCounty; b++) {
      const bid = id();
      unit.run(bid, `BENCH-C${c}-B${b}`, `压测县局${c}第${b + 1}支部`, "branch", cid, `${cpath}${bid}/`, 2, stamp);
      branches.push(bid);
    }
  }
  for (let i = 0; i < STAFF; i++) {
    const uid = `rollup${i}`;
    const bid = branches[i % branches.length]!;
    user.run(uid, uid, `员工${i}`, bid, stamp, stamp);
    // 10% finished the course, another 20% started it; 25% signed the pledge.
    const done = i % 10 === 0 ? lessons.length : i % 10 < 3 ? 1 : 0;
    for (let l = 0; l < done; l++) progress.run(id(), uid, lessons[l]!, stamp, stamp);
    if (i % 4 === 0) pledge.run(id(), uid, bid, `pledge-${now.getFullYear()}`, JSON.stringify({ year: now.getFullYear() }), stamp, id());
  }
  const assignment = sqlite.prepare(
    `INSERT INTO "Assignment" ("id", "kind", "targetId", "title", "unitId", "partyOnly", "positionsJson", "startsAt", "dueAt", "requiredMinutes", "status", "createdById", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, 0, '[]', ?, ?, 0, 'active', 'bench', ?, ?)`,
  );
  for (let a = 0; a < ASSIGNMENTS; a++) {
    const kind = a % 2 === 0 ? "course" : "pledge";
    const due = a % 4 < 2 ? new Date(now.getTime() + 10 * DAY) : new Date(now.getTime() - DAY);
    assignment.run(id(), kind, kind === "course" ? course.id : String(now.getFullYear()), `压测任务${a}`, city.id, iso(new Date(now.getTime() - 30 * DAY)), iso(due), stamp, stamp);
  }
})();

sqlite.pragma("wal_checkpoint(TRUNCATE)");

type Cell = { done: number; inProgress: number; notStarted: number; overdue: number; total: number };

/** The same figures by hand: one grouped query per assignment. */
function handWritten(): Map<string, Map<string, Cell>> {
  const assignments = sqlite.prepare(`SELECT "id", "kind", "targetId", "dueAt" FROM "Assignment" WHERE "status" = 'active' AND "unitId" = ?`).all(city.id) as { id: string; kind: string; targetId: string; dueAt: string }[];
  const people = `SELECT u."id" AS uid, c."id" AS child FROM "User" u JOIN "OrgUnit" o ON o."id" = u."unitId" JOIN "OrgUnit" c ON c."parentId" = @city AND substr(o."path", 1, length(c."path")) = c."path" WHERE u."active" = 1`;
  const state = `CASE WHEN done THEN 'done' WHEN @overdue THEN 'overdue' WHEN started THEN 'inProgress' ELSE 'notStarted' END`;
  const course = sqlite.prepare(
    `WITH p AS (${people}),
     d AS (SELECT "userId", count(*) AS n FROM "LessonProgress" WHERE "completedAt" IS NOT NULL AND "lessonId" IN (SELECT "id" FROM "Lesson" WHERE "courseId" = @target AND "status" = 'published') GROUP BY "userId"),
     t AS (SELECT p.child, coalesce(d.n, 0) = @lessons AND @lessons > 0 AS done, coalesce(d.n, 0) > 0 AS started FROM p LEFT JOIN d ON d."userId" = p.uid)
     SELECT child, ${state} AS state, count(*) AS n FROM t GROUP BY child, state`,
  );
  const lessonCount = sqlite.prepare(`SELECT count(*) AS n FROM "Lesson" WHERE "courseId" = ? AND "status" = 'published'`);
  const pledge = sqlite.prepare(
    `WITH p AS (${people}),
     t AS (SELECT p.child, p.uid IN (SELECT "actorId" FROM "Record" WHERE "verb" = 'signed' AND "objectType" = 'pledge' AND instr("contextJson", @year) > 0) AS done, 0 AS started FROM p)
     SELECT child, ${state} AS state, count(*) AS n FROM t GROUP BY child, state`,
  );
  const out = new Map<string, Map<string, Cell>>();
  for (const a of assignments) {
    const overdue = new Date(a.dueAt) < new Date() ? 1 : 0;
    const rows = (a.kind === "course" ? course.all({ city: city.id, target: a.targetId, lessons: (lessonCount.get(a.targetId) as { n: number }).n, overdue }) : pledge.all({ city: city.id, year: `"year":${Number(a.targetId)}`, overdue })) as { child: string; state: keyof Cell; n: number }[];
    const cells = new Map<string, Cell>();
    for (const r of rows) {
      const cell = cells.get(r.child) ?? { done: 0, inProgress: 0, notStarted: 0, overdue: 0, total: 0 };
      cell[r.state] += r.n;
      cell.total += r.n;
      cells.set(r.child, cell);
    }
    out.set(a.id, cells);
  }
  return out;
}

let t = performance.now();
const expected = handWritten();
const sqlMs = performance.now() - t;

process.env.DATABASE_URL = `file:${file}`;
const { rollup } = await import("#app/modules/oversight/rollup.server.ts");
const { db } = await import("#app/lib/db.server.ts");
await rollup(branchOfFirstCounty()); // warm the client up on a small view
t = performance.now();
// As the page asks for it: the overdue list named up to 200 (the export asks for all).
const ours = (await rollup(city.id, new Date(), { overdueLimit: 200 }))!;
const oursMs = performance.now() - t;
const rss = Number(fs.readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024;

let mismatches = 0;
for (const [assignmentId, cells] of expected) {
  for (const [child, cell] of cells) {
    const got = ours.units.find((u) => u.id === child)?.cells[assignmentId];
    if (JSON.stringify(got) !== JSON.stringify(cell)) mismatches++;
  }
}
await db.$disconnect();
sqlite.close();
fs.writeSync(1, JSON.stringify({ oursMs, sqlMs, mismatches, cells: [...expected.values()].reduce((s, c) => s + c.size, 0), assignments: expected.size, rss }) + "\n");

function branchOfFirstCounty() {
  return (sqlite.prepare(`SELECT "id" FROM "OrgUnit" WHERE "code" = 'BENCH-C0-B0'`).get() as { id: string }).id;
}

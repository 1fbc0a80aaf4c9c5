// Baseline for answer saves: bare node:http + better-sqlite3 doing the same lookup (the attempt, its
// owner, state and deadline, the slot) and upsert (the response, and the step) as the app.
import http from "node:http";
import Database from "better-sqlite3";

const [, , file, port] = process.argv;
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("busy_timeout = 5000");
const findAttempt = db.prepare(`SELECT "userId", "state", "deadlineAt" FROM "Attempt" WHERE "id" = ?`);
const findSlot = db.prepare(`SELECT "id" FROM "AttemptSlot" WHERE "attemptId" = ? AND "slot" = ?`);
const save = db.prepare(`UPDATE "AttemptSlot" SET "responseJson" = ?, "savedAt" = ? WHERE "id" = ?`);
const step = db.prepare(`INSERT INTO "AttemptStep" ("attemptId", "slot", "kind", "dataJson", "actorId", "at") VALUES (?, ?, 'save', ?, ?, ?)`);
const tx = db.transaction((attemptId, userId, slot, response) => {
  const a = findAttempt.get(attemptId);
  if (!a || a.userId !== userId || a.state !== "inProgress") return 409;
  const s = findSlot.get(attemptId, slot);
  if (!s) return 404;
  const now = new Date().toISOString();
  save.run(JSON.stringify(response), now, s.id);
  step.run(attemptId, slot, JSON.stringify(response), userId, now);
  return 200;
});

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const [, , attemptId] = req.url.split("/");
      const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
      const status = tx(attemptId, req.headers["x-user"], body.slot, body.response);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: status === 200 }));
    });
  })
  // The same connection settings as server.mjs (accept queue, keep-alive), so both meet the same burst.
  .listen(Number(port), "127.0.0.1", 4096).keepAliveTimeout = 65_000;

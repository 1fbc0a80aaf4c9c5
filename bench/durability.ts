// Durability under `kill -9`: staff are saving answers when the server dies without warning. After a
// restart, every answer the server acknowledged must be in the database, and each person's attempt
// resumes (starting the exam again leads back to the same attempt, not a second one).
import Database from "better-sqlite3";
import { request } from "./http.ts";

type Staff = { id: string; cookie: string };

export async function killDuringExam(options: {
  port: number;
  dbFile: string;
  examId: string;
  staff: Staff[];
  saves: number;
  /** Kills the running server (the whole process group, SIGKILL) and starts a new one; resolves when it answers. */
  crashAndRestart: () => Promise<void>;
}) {
  const { port, dbFile, examId, staff, saves } = options;
  const json = { "Content-Type": "application/json" };
  const attempts = await Promise.all(
    staff.map(async (s) => {
      const r = await request(port, "POST", `/exams/${examId}`, { headers: { Cookie: s.cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
      return { ...s, attemptId: r.headers.location?.split("/").pop() ?? "" };
    }),
  );
  const acknowledged: { attemptId: string; slot: number }[] = [];
  let crashed = false;
  const saving = Promise.all(
    attempts.map(async (a) => {
      for (let slot = 1; slot <= saves && !crashed; slot++) {
        const r = await request(port, "POST", `/attempts/${a.attemptId}/save`, { headers: { Cookie: a.cookie, ...json }, body: JSON.stringify({ intent: "save", slot, response: { choice: 1 } }) }).catch(() => null);
        if (r?.status === 200) acknowledged.push({ attemptId: a.attemptId, slot });
      }
    }),
  );
  // Kill once a good share of the answers are in, while the rest are in flight.
  const half = (attempts.length * saves) / 2;
  while (acknowledged.length < half) await new Promise((r) => setTimeout(r, 5));
  crashed = true;
  await options.crashAndRestart();
  await saving;

  const db = new Database(dbFile, { readonly: true });
  const get = db.prepare(`SELECT "responseJson" FROM "AttemptSlot" WHERE "attemptId" = ? AND "slot" = ?`);
  const lost = acknowledged.filter((a) => {
    const row = get.get(a.attemptId, a.slot) as { responseJson: string | null } | undefined;
    return !row?.responseJson;
  }).length;
  db.close();

  let resumed = 0;
  for (const a of attempts) {
    const r = await request(port, "POST", `/exams/${examId}`, { headers: { Cookie: a.cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
    if (r.headers.location?.endsWith(`/attempts/${a.attemptId}`)) resumed++;
  }
  return { acknowledged: acknowledged.length, lost, resumed, attempts: attempts.length };
}

// Issue 13 item 6: a lesson video counts as watched only against the length the server read from the
// file at upload, and only as fast as real time allows — never against a length the browser claims.
import crypto from "node:crypto";
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { action as progressAction } from "#app/routes/api.progress.ts";
import { createSession, SESSION_COOKIE } from "#app/modules/identity/session.server.ts";
import { callRoute, makeOrg, makeUser } from "#tests/factories.ts";
import { progressView, reportProgress } from "./progress.server.ts";

const NINETY_MINUTES = 90 * 60;

const covered = (videoJson: string, src: string) => ((JSON.parse(videoJson) as Record<string, [number, number][]>)[src] ?? []).reduce((s, [a, b]) => s + b - a, 0);

/** A published lesson showing one stored video of the given real length (null: length unknown). */
async function videoLesson(durationSeconds: number | null) {
  const fileId = crypto.randomBytes(16).toString("hex");
  await db.storedFile.create({
    data: { id: fileId, ownerId: "lesson-media:t", storageKey: `test/${fileId}.mp4`, mime: "video/mp4", ext: "mp4", size: 1000, sha256: "0".repeat(64), originalName: "讲座.mp4", durationSeconds },
  });
  const slug = `v-${Math.random().toString(36).slice(2, 8)}`;
  const c = await db.course.create({ data: { slug, classroom: "theory", title: "视频课程" } });
  const l = await db.lesson.create({ data: { courseId: c.id, slug: "l0", title: "视频课", sortOrder: 0 } });
  const source = `---\ntitle: 视频课\n---\n\n正文。\n\n<Video src="${fileId}" />\n`;
  const v = await db.lessonVersion.create({ data: { lessonId: l.id, number: 1, status: "published", origin: "file", source, title: "视频课", contentHash: `h-${slug}` } });
  await db.lesson.update({ where: { id: l.id }, data: { publishedVersionId: v.id } });
  return { fileId, lessonId: l.id };
}

async function learner() {
  const org = await makeOrg();
  const u = await makeUser(org.eastBranch.id);
  return { id: u.id, unitId: u.unitId };
}

async function postProgress(userId: string, body: unknown) {
  const { token } = await createSession(userId);
  const request = new Request("http://localhost/api/progress", {
    method: "POST",
    headers: { origin: "http://localhost", cookie: `${SESSION_COOKIE}=${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return callRoute(() => progressAction({ request, params: {}, context: {} } as never));
}

describe("lesson video completion is measured against the server's length", () => {
  test("a browser claiming a 2-second length cannot complete a 90-minute video in 2 seconds", async () => {
    const me = await learner();
    const { fileId, lessonId } = await videoLesson(NINETY_MINUTES);
    await postProgress(me.id, { lessonId, end: true });
    const first = await postProgress(me.id, { lessonId, video: { src: fileId, ranges: [[0, 1]], duration: 2 } });
    expect(first.status).toBe(200);
    const second = await postProgress(me.id, { lessonId, video: { src: fileId, ranges: [[0, 2]], duration: 2 } });
    expect(second.status).toBe(200);
    const progress = (second.data as { progress: { complete: boolean; requirements: { key: string; met: boolean; label: string }[] } }).progress;
    expect(progress.complete).toBe(false);
    expect(progress.requirements.find((r) => r.key === "video")).toMatchObject({ met: false, label: "观看视频 90%（已看 0%）" });
    const row = await db.lessonProgress.findUniqueOrThrow({ where: { userId_lessonId: { userId: me.id, lessonId } } });
    expect(row.completedAt).toBeNull();
    expect(await db.record.count({ where: { actorId: me.id, verb: "completed" } })).toBe(0);
  });

  test("ranges are credited no faster than twice real time, clipped to the real length", async () => {
    const me = await learner();
    const { fileId, lessonId } = await videoLesson(NINETY_MINUTES);
    const t0 = new Date("2026-12-01T08:00:00Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    await reportProgress(me, lessonId, { end: true }, t0);
    // Playback starts (the first report of a video is allowed only ~20 s of real time at 2×).
    expect(covered((await db.lessonProgress.findFirstOrThrow({ where: { userId: me.id } })).videoJson, fileId)).toBe(0);
    await reportProgress(me, lessonId, { video: { src: fileId, ranges: [[0, 1]] } }, t0);
    expect(covered((await db.lessonProgress.findFirstOrThrow({ where: { userId: me.id } })).videoJson, fileId)).toBe(1);
    // A forger reports, every minute (the longest gap still counted), all that 2× playback could add.
    let watched = 0;
    let s = 0;
    let view = null;
    while (s < 40 * 60) {
      s += 60;
      watched = Math.min(NINETY_MINUTES, watched + 120);
      view = await reportProgress(me, lessonId, { video: { src: fileId, ranges: [[0, watched]] } }, at(s));
    }
    // 40 minutes of real time give at most 80 of the 90 minutes: not 90 % yet.
    expect(view!.complete).toBe(false);
    // Claiming the whole video at once, or past its end, gains nothing.
    view = await reportProgress(me, lessonId, { video: { src: fileId, ranges: [[0, 100_000]] } }, at(s + 60));
    expect(view!.complete).toBe(false);
    const row = await db.lessonProgress.findUniqueOrThrow({ where: { userId_lessonId: { userId: me.id, lessonId } } });
    expect(JSON.parse(row.videoJson)[fileId]).toEqual([[0, 4800]]);
    // Going on at the same pace reaches 90 % (81 minutes) after about 40.5 minutes of real time.
    s += 60;
    while (!view!.complete && s < 50 * 60) {
      s += 60;
      watched = Math.min(NINETY_MINUTES, watched + 120);
      view = await reportProgress(me, lessonId, { video: { src: fileId, ranges: [[0, watched]] } }, at(s));
    }
    expect(view!.complete).toBe(true);
    expect(s).toBeGreaterThanOrEqual(0.9 * NINETY_MINUTES / 2);
  });

  test("a video whose length the server does not know is never credited from the browser's figure", async () => {
    const me = await learner();
    const { fileId, lessonId } = await videoLesson(null);
    const t0 = new Date("2026-12-01T08:00:00Z");
    await reportProgress(me, lessonId, { end: true }, t0);
    const view = await reportProgress(me, lessonId, { video: { src: fileId, ranges: [[0, 10]] } }, new Date(t0.getTime() + 15_000));
    expect(view!.complete).toBe(false);
    expect((await progressView(me.id, lessonId))!.requirements.find((r) => r.key === "video")!.met).toBe(false);
  });
});

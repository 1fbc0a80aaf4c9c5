// Issue 13 item 6: a lesson video's real length is read by the server at upload (and backfilled for
// files stored before); one whose length cannot be read is refused with a clear message.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { db } from "./db.server.ts";
import { getEnv } from "./env.server.ts";
import { box, ftyp, mvhd0 } from "#tests/mp4.ts";
import { backfillMediaDurations, receiveUpload, UPLOAD_RULES } from "./storage.server.ts";

const WEBM = fs.readFileSync(path.resolve("tests/fixtures/lecture.webm"));

/** ftyp + moov(mvhd) + mdat: a 90-minute MP4 as far as its header goes. */
const MP4 = Buffer.concat([ftyp, box("moov", mvhd0(1000, 5_400_000)), box("mdat", Buffer.alloc(4000, 1))]);

function multipart(filename: string, data: Uint8Array) {
  const boundary = "----qingfeng" + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Request("http://localhost/author/media", { method: "POST", body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
}

const lessonVideo = () => UPLOAD_RULES.lessonVideo!;
const storedNames = () => {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else out.push(e.name);
    }
  };
  walk(path.resolve(getEnv().STORAGE_DIR));
  return out.sort();
};

describe("lesson video uploads", () => {
  test("the length read from the file is stored with it", async () => {
    const mp4 = await receiveUpload(multipart("讲座.mp4", MP4), "lesson-media:u1", lessonVideo);
    expect(mp4.file).toMatchObject({ mime: "video/mp4", durationSeconds: 5400 });
    expect((await db.storedFile.findUniqueOrThrow({ where: { id: mp4.file!.id } })).durationSeconds).toBe(5400);
    const webm = await receiveUpload(multipart("讲座.webm", WEBM), "lesson-media:u1", lessonVideo);
    expect((await db.storedFile.findUniqueOrThrow({ where: { id: webm.file!.id } })).durationSeconds).toBeCloseTo(6.012, 3);
  });

  test("a video whose length cannot be read is refused with a clear message, and nothing is kept", async () => {
    const before = { rows: await db.storedFile.count(), files: storedNames() };
    const message = "无法读取课时视频的时长：文件可能不完整或已损坏。请用剪辑软件重新导出为 MP4 或 WebM 后再上传。";
    // Sniffs as MP4 (ftyp) but has no moov; a WebM cut in half; an MP4 whose mdat runs past the end.
    for (const [name, bytes] of [
      ["无头.mp4", Buffer.concat([ftyp, box("mdat", Buffer.alloc(4000))])],
      ["半截.webm", WEBM.subarray(0, WEBM.length / 2)],
      ["截断.mp4", MP4.subarray(0, MP4.length - 100)],
    ] as const) {
      const refused = receiveUpload(multipart(name, bytes), "lesson-media:u1", lessonVideo);
      await expect(refused).rejects.toMatchObject({ message, status: 400 });
    }
    expect(await db.storedFile.count()).toBe(before.rows);
    expect(storedNames()).toEqual(before.files);
  });

  test("other kinds keep accepting files without a readable length (the length is stored when there is one)", async () => {
    const got = await receiveUpload(multipart("党课.mp4", Buffer.concat([ftyp, box("mdat", Buffer.alloc(4000))])), "u1", () => UPLOAD_RULES.lecture!);
    expect(got.file).toMatchObject({ mime: "video/mp4", durationSeconds: null });
  });
});

describe("backfill", () => {
  test("stored videos lacking a length get it from their file; unreadable ones are named", async () => {
    const root = path.resolve(getEnv().STORAGE_DIR);
    const put = async (id: string, name: string, bytes: Buffer, mime: string) => {
      const key = path.join("backfill", name);
      fs.mkdirSync(path.join(root, "backfill"), { recursive: true });
      fs.writeFileSync(path.join(root, key), bytes);
      await db.storedFile.create({ data: { id, ownerId: "old", storageKey: key, mime, ext: name.split(".")[1]!, size: bytes.length, sha256: "0".repeat(64), originalName: name } });
    };
    await put("a".repeat(32), "old.webm", WEBM, "video/webm");
    await put("b".repeat(32), "old.mp4", MP4, "video/mp4");
    await put("c".repeat(32), "broken.mp4", MP4.subarray(0, 50), "video/mp4");
    await put("d".repeat(32), "doc.pdf", Buffer.from("%PDF-1.4"), "application/pdf");
    const result = await backfillMediaDurations();
    expect(result.unreadable).toContain("c".repeat(32));
    expect(result.unreadable).not.toContain("a".repeat(32));
    expect(result.filled).toBe(2);
    const rows = await db.storedFile.findMany({ where: { ownerId: "old" }, orderBy: { id: "asc" }, select: { durationSeconds: true } });
    expect(rows[0]!.durationSeconds).toBeCloseTo(6.012, 3);
    expect(rows.slice(1).map((r) => r.durationSeconds)).toEqual([5400, null, null]);
    // Run again: nothing left to fill but the unreadable one.
    const again = await backfillMediaDurations();
    expect(again.filled).toBe(0);
    expect(again.unreadable).toContain("c".repeat(32));
  });
});

// Uploaded files: streamed to STORAGE_DIR (never held whole in memory), limited in size while they
// arrive, typed by their bytes (not their name), stored under random names, and removed if the upload
// fails half way. Served back with Range support, nosniff and a Content-Disposition.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Busboy from "busboy";
import { fileTypeFromBuffer } from "file-type";
import { db } from "./db.server.ts";
import { getEnv } from "./env.server.ts";
import { mediaDurationOfFile, TIMED_MIMES } from "./media-duration.server.ts";
import { t } from "./strings.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export type UploadRule = {
  label: string;
  maxBytes: number;
  types: Record<string, string>;
  /** Refuse a file whose real length cannot be read from its header: lesson progress is measured against it. */
  needsDuration?: boolean;
};

const MB = 1024 * 1024;
const TYPES = t.storage.types;
const KINDS = t.storage.kinds;
const IMAGES = { "image/jpeg": TYPES.jpeg, "image/png": TYPES.png, "image/webp": TYPES.webp };

/** What each kind of work accepts. Types are the MIME types file-type reports from the bytes. */
export const UPLOAD_RULES: Record<string, UploadRule> = {
  lecture: {
    label: KINDS.lecture,
    maxBytes: 500 * MB,
    types: {
      "video/mp4": TYPES.mp4,
      "video/webm": TYPES.webm,
      "video/quicktime": TYPES.mov,
      "audio/mpeg": TYPES.mp3,
      "audio/mp4": TYPES.m4a,
      "audio/x-m4a": TYPES.m4a,
      "audio/wav": TYPES.wav,
      "application/pdf": TYPES.pdf,
      "application/vnd.openxmlformats-officedocument.presentationml.presentation": TYPES.pptx,
    },
  },
  calligraphy: { label: KINDS.calligraphy, maxBytes: 30 * MB, types: IMAGES },
  evidence: { label: KINDS.evidence, maxBytes: 30 * MB, types: { ...IMAGES, "application/pdf": TYPES.pdf } },
  lessonVideo: { label: KINDS.lessonVideo, maxBytes: 1024 * MB, types: { "video/mp4": TYPES.mp4, "video/webm": TYPES.webm }, needsDuration: true },
  constitution: { label: KINDS.constitution, maxBytes: 30 * MB, types: IMAGES },
};

function storageRoot() {
  return path.resolve(getEnv().STORAGE_DIR);
}

export function describeSize(bytes: number) {
  return bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / 1024)} KB`;
}

export type Received = { fields: Record<string, string>; file: { id: string; mime: string; size: number; originalName: string; durationSeconds: number | null } | null };

/**
 * Reads a multipart request: small fields, and at most one file streamed to disk.
 * `ruleFor` picks the limits from the fields that came before the file (put "kind" first in the form).
 */
export async function receiveUpload(request: Request, ownerId: string, ruleFor: (fields: Record<string, string>) => UploadRule | null): Promise<Received> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data") || !request.body) throw new DomainError(t.storage.useForm);
  const declared = Number(request.headers.get("content-length") ?? 0);
  const maxAll = Math.max(...Object.values(UPLOAD_RULES).map((r) => r.maxBytes));
  if (declared > maxAll + MB) throw new DomainError(t.storage.tooLarge(describeSize(maxAll)), 413);

  const root = storageRoot();
  const tmpDir = path.join(root, "tmp");
  fs.mkdirSync(tmpDir, { recursive: true });
  // Field names come from the browser: a prototype-free record, so "__proto__" is just a name.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  let tmpPath: string | null = null;
  type Got = { tmp: string; size: number; sha256: string; head: Buffer; name: string; rule: UploadRule };
  let result = null as Got | null;
  let failure: DomainError | null = null;

  const busboy = Busboy({ headers: { "content-type": type }, limits: { files: 1, fields: 30, fieldSize: 20_000, fileSize: maxAll + 1 }, defParamCharset: "utf8" });
  const files: Promise<void>[] = [];
  busboy.on("field", (name, value) => (fields[name] = value));
  busboy.on("file", (_name, stream, info) => {
    // A file input left empty still sends a part, with no file name and no bytes: that is "no file".
    if (!info.filename) {
      stream.resume();
      return;
    }
    const rule = ruleFor(fields);
    if (!rule) {
      failure ??= new DomainError(t.storage.chooseKind);
      stream.resume();
      return;
    }
    tmpPath = path.join(tmpDir, `${crypto.randomBytes(16).toString("hex")}.part`);
    const tmp = tmpPath;
    const hash = crypto.createHash("sha256");
    const head: Buffer[] = [];
    let headSize = 0;
    let size = 0;
    let tooLarge = false;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
      if (headSize < 4100) {
        head.push(chunk);
        headSize += chunk.length;
      }
      if (size > rule.maxBytes && !tooLarge) {
        tooLarge = true;
        failure ??= new DomainError(t.storage.tooLargeFor(rule.label, describeSize(rule.maxBytes)), 413);
        stream.unpipe();
        stream.resume();
      }
    });
    files.push(
      pipeline(stream, fs.createWriteStream(tmp))
        .catch(() => {
          failure ??= new DomainError(t.storage.interrupted);
        })
        .then(() => {
          if (!tooLarge) result = { tmp, size, sha256: hash.digest("hex"), head: Buffer.concat(head).subarray(0, 4100), name: info.filename ?? "", rule };
        }),
    );
  });

  try {
    await pipeline(Readable.fromWeb(request.body as never), busboy);
    await Promise.all(files);
  } catch {
    failure ??= new DomainError(t.storage.interrupted);
  }
  try {
    if (failure) throw failure;
    const r = result as Got | null;
    if (!r) return { fields, file: null };
    if (r.size === 0) throw new DomainError(t.storage.empty);
    const sniffed = await fileTypeFromBuffer(r.head);
    if (!sniffed || !r.rule.types[sniffed.mime]) {
      const allowed = [...new Set(Object.values(r.rule.types))].join(t.common.listSeparator);
      throw new DomainError(t.storage.wrongType(r.rule.label, allowed, sniffed ? sniffed.ext.toUpperCase() : null), 415);
    }
    // The server's own reading of the length (header bytes only); the browser's figure is never used.
    const durationSeconds = TIMED_MIMES.includes(sniffed.mime) ? mediaDurationOfFile(r.tmp) : null;
    if (r.rule.needsDuration && durationSeconds === null) throw new DomainError(t.storage.noDuration(r.rule.label));
    const id = crypto.randomBytes(16).toString("hex");
    const now = new Date();
    const key = path.join(String(now.getFullYear()), String(now.getMonth() + 1).padStart(2, "0"), `${id}.${sniffed.ext}`);
    fs.mkdirSync(path.dirname(path.join(root, key)), { recursive: true });
    fs.renameSync(r.tmp, path.join(root, key));
    tmpPath = null;
    await db.storedFile.create({
      data: { id, ownerId, storageKey: key, mime: sniffed.mime, ext: sniffed.ext, size: r.size, sha256: r.sha256, originalName: r.name.slice(0, 200), durationSeconds },
    });
    return { fields, file: { id, mime: sniffed.mime, size: r.size, originalName: r.name, durationSeconds } };
  } finally {
    if (tmpPath) fs.rmSync(tmpPath, { force: true });
  }
}

/**
 * Reads the length of stored timed media that has none yet (stored before lengths were read at
 * upload). Run at setup and at start; only header bytes of each file are read. Returns the ids whose
 * length could not be read: lessons showing them cannot be completed until the video is uploaded again.
 */
/** Removes a stored file, its row and its bytes (an upload whose request was then refused). */
export async function discardStoredFile(fileId: string): Promise<void> {
  const file = await db.storedFile.findUnique({ where: { id: fileId } });
  if (!file) return;
  await db.storedFile.delete({ where: { id: fileId } });
  const full = path.join(storageRoot(), file.storageKey);
  if (full.startsWith(storageRoot())) fs.rmSync(full, { force: true });
}

/**
 * Hands a received upload to the step that decides whether it is allowed (a permission or state check
 * in the domain). If that step throws or returns a refusal, the file is removed: nothing a refused
 * request sent stays on disk.
 */
export async function keepUploadIf<T>(received: Received, step: (received: Received) => Promise<T>, refused: (result: T) => boolean = () => false): Promise<T> {
  let result: T;
  try {
    result = await step(received);
  } catch (error) {
    if (received.file) await discardStoredFile(received.file.id);
    throw error;
  }
  if (received.file && refused(result)) await discardStoredFile(received.file.id);
  return result;
}

/** The name a download is saved under: the uploader's name without its extension, and the extension of the type the server found in the bytes. */
export function downloadName(originalName: string, ext: string): string {
  const base = (originalName.split(/[\\/]/).pop() ?? "")
    .replace(/\.[^.]*$/, "")
    // Control characters, quotes and characters Windows forbids in names.
    .replace(/[\p{Cc}"*:<>?|]/gu, "")
    .trim()
    .slice(0, 80);
  return `${base || "file"}.${ext}`;
}

export async function backfillMediaDurations(): Promise<{ filled: number; unreadable: string[] }> {
  const rows = await db.storedFile.findMany({ where: { durationSeconds: null, mime: { in: TIMED_MIMES } }, select: { id: true, storageKey: true } });
  const root = storageRoot();
  let filled = 0;
  const unreadable: string[] = [];
  for (const row of rows) {
    const full = path.join(root, row.storageKey);
    const seconds = full.startsWith(root + path.sep) ? mediaDurationOfFile(full) : null;
    if (seconds === null) {
      unreadable.push(row.id);
      continue;
    }
    await db.storedFile.update({ where: { id: row.id }, data: { durationSeconds: seconds } });
    filled++;
  }
  return { filled, unreadable };
}

const INLINE = /^(image|video|audio)\/|^application\/pdf$/;

/** Serves a stored file, honouring a single byte Range (for seeking in video and audio). */
export async function serveFile(request: Request, fileId: string): Promise<Response> {
  const file = await db.storedFile.findUnique({ where: { id: fileId } });
  if (!file) return new Response(t.storage.notFound, { status: 404 });
  const full = path.join(storageRoot(), file.storageKey);
  if (!full.startsWith(storageRoot()) || !fs.existsSync(full)) return new Response(t.storage.notFound, { status: 404 });
  const size = fs.statSync(full).size;
  const headers = new Headers({
    "Content-Type": file.mime,
    "X-Content-Type-Options": "nosniff",
    "Accept-Ranges": "bytes",
    "Cache-Control": "private, no-store",
    // The server names the download: the uploader's name is kept for recognition, never its extension.
    "Content-Disposition": `${INLINE.test(file.mime) ? "inline" : "attachment"}; filename="file.${file.ext}"; filename*=UTF-8''${encodeURIComponent(downloadName(file.originalName, file.ext))}`,
    "Content-Security-Policy": "default-src 'none'; media-src 'self'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
  });
  const range = request.headers.get("range");
  if (range) {
    const m = range.match(/^bytes=(\d*)-(\d*)$/);
    let start = m && m[1] ? Number(m[1]) : NaN;
    let end = m && m[2] ? Number(m[2]) : NaN;
    if (m && !m[1] && m[2]) {
      start = Math.max(0, size - Number(m[2]));
      end = size - 1;
    }
    if (Number.isNaN(end)) end = size - 1;
    if (!m || Number.isNaN(start) || start > end || start >= size) {
      headers.set("Content-Range", `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    end = Math.min(end, size - 1);
    headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
    headers.set("Content-Length", String(end - start + 1));
    return new Response(Readable.toWeb(fs.createReadStream(full, { start, end })) as ReadableStream, { status: 206, headers });
  }
  headers.set("Content-Length", String(size));
  return new Response(Readable.toWeb(fs.createReadStream(full)) as ReadableStream, { status: 200, headers });
}

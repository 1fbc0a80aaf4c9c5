// The real length of an uploaded video, read by our own code from its container header, because the
// length a browser reports can be forged (issue 13 item 6). Two containers:
// - MP4/MOV (ISO BMFF): top-level boxes → moov → mvhd (timescale, duration; version 0 or 1), with
//   64-bit box sizes; a fragmented file's mvhd may say 0, then moov → mvex → mehd gives the length;
// - WebM/Matroska (EBML): EBML header (DocType webm|matroska) → Segment → Info → TimecodeScale, Duration.
// Only headers are read, by small reads at computed offsets: never the media data, never the whole
// file, with a cap on the boxes/elements looked at and on the bytes read, so a hostile file can make
// us neither read far nor loop. Anything malformed, truncated or out of range gives null: the caller
// refuses the upload rather than guess.
import fs from "node:fs";
import { DomainError } from "#app/lib/domain-error.ts";

/** Random access to a file's bytes; `read` may return fewer bytes at the end of the file. */
export type ByteSource = { size: number; read: (position: number, length: number) => Buffer };

/** A length beyond this is not a lesson video. */
export const MAX_DURATION_SECONDS = 24 * 3600;
/** Top-level boxes walked in an MP4 (a fragmented file has a moof+mdat pair per fragment). */
const MAX_TOP_BOXES = 4096;
/** Children walked inside one box or element. */
const MAX_CHILDREN = 1024;
/** All header reads of one file together. */
const MAX_READ_BYTES = 256 * 1024;
/** The EBML header and the Segment Info are small; a larger one is not a real file. */
const MAX_EBML_HEADER_BYTES = 4096;
const MAX_INFO_BYTES = 64 * 1024;

/** MIME types (as file-type reports them) whose container carries a length we can read. */
export const TIMED_MIMES = ["video/mp4", "video/quicktime", "video/webm", "video/x-matroska", "audio/mp4", "audio/x-m4a", "audio/webm"];

const fail = (why: string): never => {
  throw new DomainError(why);
};

/** Wraps a source so that all reads together stay under the byte budget. */
function budgeted(src: ByteSource): ByteSource {
  let spent = 0;
  return {
    size: src.size,
    read(position, length) {
      if (position < 0 || position >= src.size) return Buffer.alloc(0);
      const n = Math.min(length, src.size - position);
      spent += n;
      if (spent > MAX_READ_BYTES) fail("read budget exceeded");
      return src.read(position, n);
    },
  };
}

function seconds(value: number): number | null {
  return Number.isFinite(value) && value > 0 && value <= MAX_DURATION_SECONDS ? value : null;
}

/** The length in seconds of an MP4/MOV or WebM/Matroska file, or null when it cannot be read. */
export function mediaDuration(source: ByteSource): number | null {
  const src = budgeted(source);
  try {
    const head = src.read(0, 8);
    if (head.length < 8) return null;
    if (head.readUInt32BE(0) === 0x1a45dfa3) return ebmlDuration(src);
    if (ISO_FIRST_BOXES.has(head.toString("latin1", 4, 8))) return isoDuration(src);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

export function bufferSource(buffer: Buffer): ByteSource {
  return { size: buffer.length, read: (position, length) => buffer.subarray(position, position + length) };
}

/** Reads the length of a file on disk; only its header bytes are read. */
export function mediaDurationOfFile(file: string): number | null {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return null;
  }
  try {
    const size = fs.fstatSync(fd).size;
    return mediaDuration({
      size,
      read(position, length) {
        const buf = Buffer.alloc(length);
        const n = fs.readSync(fd, buf, 0, length, position);
        return buf.subarray(0, n);
      },
    });
  } finally {
    fs.closeSync(fd);
  }
}

// ---- MP4 / MOV (ISO base media file format, ISO/IEC 14496-12) ----

/** Box types a QuickTime or MP4 file may start with. */
const ISO_FIRST_BOXES = new Set(["ftyp", "moov", "mdat", "wide", "free", "skip", "pnot"]);

type Box = { type: string; start: number; body: number; end: number };

/** The box header at `pos`, which must lie wholly inside [pos, limit). */
function boxAt(src: ByteSource, pos: number, limit: number): Box {
  const h = src.read(pos, 16);
  if (h.length < 8 || pos + 8 > limit) fail("box header cut off");
  let size = h.readUInt32BE(0);
  const type = h.toString("latin1", 4, 8);
  // Box types are four printable characters (QuickTime adds © for metadata).
  if (!/^[\x20-\x7e\xa9]{4}$/.test(type)) fail("not a box type");
  let header = 8;
  if (size === 1) {
    if (h.length < 16 || pos + 16 > limit) fail("large size cut off");
    const large = h.readBigUInt64BE(8);
    if (large > BigInt(Number.MAX_SAFE_INTEGER)) fail("box too large");
    size = Number(large);
    header = 16;
  } else if (size === 0) {
    size = limit - pos; // the box runs to the end of its container
  }
  if (size < header) fail("box smaller than its header");
  if (pos + size > limit) fail("box runs past its container (truncated file)");
  return { type, start: pos, body: pos + header, end: pos + size };
}

function isoDuration(src: ByteSource): number | null {
  let pos = 0;
  let moov: Box | null = null;
  for (let n = 0; pos < src.size; n++) {
    // A long fragmented file has more boxes than we walk; what was checked up to here stands.
    if (n >= MAX_TOP_BOXES) break;
    const box = boxAt(src, pos, src.size);
    if (box.type === "moov") {
      if (moov) fail("two moov boxes");
      moov = box;
    }
    pos = box.end;
  }
  return moov ? moovDuration(src, moov) : null;
}

function moovDuration(src: ByteSource, moov: Box): number | null {
  let header: { timescale: number; duration: number | null } | null = null;
  let fragmented: number | null = null;
  let pos = moov.body;
  for (let n = 0; pos < moov.end; n++) {
    if (n >= MAX_CHILDREN) fail("too many boxes in moov");
    const box = boxAt(src, pos, moov.end);
    if (box.type === "mvhd") {
      if (header) fail("two mvhd boxes");
      header = mvhd(src.read(box.body, Math.min(box.end - box.body, 32)));
    } else if (box.type === "mvex") {
      fragmented = mehdIn(src, box);
    }
    pos = box.end;
  }
  if (!header) return null;
  const units = header.duration || fragmented;
  return units ? seconds(units / header.timescale) : null;
}

/** mvhd: version(1) flags(3), then v0: created(4) modified(4) timescale(4) duration(4); v1: 8 8 4 8. */
function mvhd(b: Buffer): { timescale: number; duration: number | null } {
  const version = b[0];
  if (version === 0) {
    if (b.length < 20) fail("mvhd cut off");
    const timescale = b.readUInt32BE(12);
    const duration = b.readUInt32BE(16);
    if (timescale === 0) fail("zero timescale");
    return { timescale, duration: duration === 0xffffffff ? null : duration };
  }
  if (version === 1) {
    if (b.length < 32) fail("mvhd cut off");
    const timescale = b.readUInt32BE(20);
    const duration = b.readBigUInt64BE(24);
    if (timescale === 0) fail("zero timescale");
    return { timescale, duration: duration === 0xffffffffffffffffn ? null : Number(duration) };
  }
  return fail("unknown mvhd version");
}

/** mvex → mehd: version(1) flags(3) fragment_duration (4 bytes in v0, 8 in v1), in mvhd's timescale. */
function mehdIn(src: ByteSource, mvex: Box): number | null {
  let pos = mvex.body;
  for (let n = 0; pos < mvex.end; n++) {
    if (n >= MAX_CHILDREN) fail("too many boxes in mvex");
    const box = boxAt(src, pos, mvex.end);
    if (box.type === "mehd") {
      const b = src.read(box.body, Math.min(box.end - box.body, 12));
      if (b[0] === 0 && b.length >= 8) return b.readUInt32BE(4);
      if (b[0] === 1 && b.length >= 12) return Number(b.readBigUInt64BE(4));
      fail("bad mehd");
    }
    pos = box.end;
  }
  return null;
}

// ---- WebM / Matroska (EBML, RFC 8794; Matroska, RFC 9559) ----

const EBML_ID = 0x1a45dfa3;
const DOCTYPE_ID = 0x4282;
const SEGMENT_ID = 0x18538067;
const INFO_ID = 0x1549a966;
const TIMESTAMP_SCALE_ID = 0x2ad7b1;
const DURATION_ID = 0x4489;

type Vint = { value: number; length: number; unknown: boolean };

/** A variable-length integer: the count of leading zero bits of the first byte gives its length. */
function vint(b: Buffer, at: number, maxLength: number, keepMarker: boolean): Vint {
  const first = b[at];
  if (first === undefined || first === 0) fail("bad vint");
  const length = Math.clz32(first!) - 23;
  if (length > maxLength || at + length > b.length) fail("vint too long or cut off");
  const mask = 0xff >> length;
  let value = keepMarker ? first! : first! & mask;
  let allOnes = (first! & mask) === mask;
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[at + i]!;
    allOnes &&= b[at + i] === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

type Element = { id: number; data: number; end: number; unknownSize: boolean };

/** The element header at `pos` of `b` (`base` is b's offset in the file), inside [.., limit). */
function elementIn(b: Buffer, at: number, base: number, limit: number): Element {
  const id = vint(b, at, 4, true);
  const size = vint(b, at + id.length, 8, false);
  const data = base + at + id.length + size.length;
  if (data > limit) fail("element header cut off");
  const end = size.unknown ? limit : data + size.value;
  if (end > limit) fail("element runs past its parent (truncated file)");
  return { id: id.value, data, end, unknownSize: size.unknown };
}

function elementAt(src: ByteSource, pos: number, limit: number): Element {
  return elementIn(src.read(pos, 12), 0, pos, limit);
}

function ebmlDuration(src: ByteSource): number | null {
  const header = elementAt(src, 0, src.size);
  if (header.id !== EBML_ID || header.unknownSize || header.end - header.data > MAX_EBML_HEADER_BYTES) fail("bad EBML header");
  const docType = childrenOf(src.read(header.data, header.end - header.data), header.data).get(DOCTYPE_ID);
  const name = docType ? docType.toString("latin1").replace(/\0+$/, "") : "";
  if (name !== "webm" && name !== "matroska") fail("not a WebM or Matroska file");
  let pos = header.end;
  for (let n = 0; pos < src.size; n++) {
    if (n >= 16) fail("no Segment near the start");
    const el = elementAt(src, pos, src.size);
    if (el.id === SEGMENT_ID) return segmentDuration(src, el);
    if (el.unknownSize) fail("unknown-size element before Segment");
    pos = el.end;
  }
  return null;
}

function segmentDuration(src: ByteSource, segment: Element): number | null {
  let pos = segment.data;
  for (let n = 0; pos < segment.end; n++) {
    if (n >= MAX_CHILDREN) fail("too many elements before Info");
    const el = elementAt(src, pos, segment.end);
    if (el.id === INFO_ID) {
      if (el.unknownSize || el.end - el.data > MAX_INFO_BYTES) fail("bad Info");
      return infoDuration(childrenOf(src.read(el.data, el.end - el.data), el.data));
    }
    // A live-written Cluster has no size: we cannot step past it, and Info comes before it anyway.
    if (el.unknownSize) return null;
    pos = el.end;
  }
  return null;
}

/** The direct children of an element already read whole into `b`, by id (first occurrence wins). */
function childrenOf(b: Buffer, base: number): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let at = 0;
  for (let n = 0; at < b.length; n++) {
    if (n >= MAX_CHILDREN) fail("too many children");
    const el = elementIn(b, at, base, base + b.length);
    if (el.unknownSize) fail("unknown-size child");
    if (!out.has(el.id)) out.set(el.id, b.subarray(el.data - base, el.end - base));
    at = el.end - base;
  }
  return out;
}

function infoDuration(info: Map<number, Buffer>): number | null {
  const scaleBytes = info.get(TIMESTAMP_SCALE_ID);
  let scale = 1_000_000; // nanoseconds per tick, Matroska's default
  if (scaleBytes) {
    if (scaleBytes.length < 1 || scaleBytes.length > 6) fail("bad TimestampScale");
    scale = scaleBytes.readUIntBE(0, scaleBytes.length);
    if (scale === 0) fail("zero TimestampScale");
  }
  const d = info.get(DURATION_ID);
  if (!d) return null;
  const ticks = d.length === 8 ? d.readDoubleBE(0) : d.length === 4 ? d.readFloatBE(0) : fail("bad Duration");
  return seconds((ticks * scale) / 1e9);
}

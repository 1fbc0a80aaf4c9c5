import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { box, ftyp, mvhd0, u32 } from "#tests/mp4.ts";
import { bufferSource, mediaDuration, mediaDurationOfFile, type ByteSource } from "./media-duration.server.ts";

const WEBM = fs.readFileSync(path.resolve("tests/fixtures/lecture.webm"));
const of = (b: Buffer) => mediaDuration(bufferSource(b));

// ---- MP4 built from bytes ----
/** A box with a 64-bit size (size field 1, then the real size). */
function largeBox(type: string, ...parts: Buffer[]) {
  const body = Buffer.concat(parts);
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(16 + body.length));
  return Buffer.concat([u32(1), Buffer.from(type, "latin1"), size, body]);
}
function mvhd1(timescale: number, duration: bigint) {
  const b = Buffer.alloc(112);
  b[0] = 1;
  b.writeUInt32BE(timescale, 20);
  b.writeBigUInt64BE(duration, 24);
  return box("mvhd", b);
}
const trak = box("trak", box("tkhd", Buffer.alloc(84)));
const mdat = box("mdat", Buffer.alloc(1000, 7));
/** A 90-minute MP4 with the moov first ("fast start"). */
const mp4 = (seconds = 5400) => Buffer.concat([ftyp, box("moov", mvhd0(1000, seconds * 1000), trak), mdat]);

// ---- EBML built from bytes ----
function el(id: number[], ...parts: Buffer[]) {
  const body = Buffer.concat(parts);
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(body.length));
  size[0] = 0x01; // 8-byte size marker
  return Buffer.concat([Buffer.from(id), size, body]);
}
const ebmlHeader = (docType = "webm") => el([0x1a, 0x45, 0xdf, 0xa3], el([0x42, 0x82], Buffer.from(docType)));
const float32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeFloatBE(n);
  return b;
};
const info = (...parts: Buffer[]) => el([0x15, 0x49, 0xa9, 0x66], ...parts);
const scale = (ns: number) => el([0x2a, 0xd7, 0xb1], Buffer.from([ns >> 16, (ns >> 8) & 0xff, ns & 0xff]));
const segment = (...parts: Buffer[]) => el([0x18, 0x53, 0x80, 0x67], ...parts);

describe("WebM / Matroska", () => {
  test("the fixture's length comes from Segment → Info (TimestampScale × Duration)", () => {
    expect(of(WEBM)).toBeCloseTo(6.012, 3);
    expect(mediaDurationOfFile(path.resolve("tests/fixtures/lecture.webm"))).toBeCloseTo(6.012, 3);
  });

  test("a built file: float32 Duration, a non-default TimestampScale, elements before Info skipped", () => {
    const seekHead = el([0x11, 0x4d, 0x9b, 0x74], Buffer.alloc(40));
    const voidEl = el([0xec], Buffer.alloc(100));
    // 5400 ticks of 1 ms (scale 1 000 000 ns) = 5.4 s; 2 700 ticks of 2 ms = 5.4 s.
    expect(of(Buffer.concat([ebmlHeader(), segment(seekHead, voidEl, info(el([0x44, 0x89], float32(5400))))]))).toBeCloseTo(5.4, 6);
    expect(of(Buffer.concat([ebmlHeader("matroska"), segment(info(scale(2_000_000), el([0x44, 0x89], float32(2700))))]))).toBeCloseTo(5.4, 6);
  });

  test("truncated, garbage, or length-less files give no length", () => {
    expect(of(WEBM.subarray(0, WEBM.length / 2))).toBeNull(); // the Segment runs past the end
    expect(of(WEBM.subarray(0, 100))).toBeNull();
    expect(of(WEBM.subarray(0, 4))).toBeNull();
    expect(of(Buffer.concat([ebmlHeader(), segment(info(scale(1_000_000)))]))).toBeNull(); // no Duration
    expect(of(Buffer.concat([ebmlHeader("mkv3d"), segment(info(el([0x44, 0x89], float32(10))))]))).toBeNull();
    expect(of(Buffer.concat([ebmlHeader(), segment(info(el([0x44, 0x89], float32(-1))))]))).toBeNull();
    expect(of(Buffer.concat([ebmlHeader(), segment(info(el([0x44, 0x89], float32(Number.NaN))))]))).toBeNull();
    expect(of(Buffer.concat([ebmlHeader(), segment(info(el([0x44, 0x89], Buffer.alloc(3))))]))).toBeNull();
    // A vint whose first byte is 0 is invalid.
    expect(of(Buffer.concat([ebmlHeader(), Buffer.from([0x18, 0x53, 0x80, 0x67, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])]))).toBeNull();
    const garbage = Buffer.from(WEBM);
    garbage.fill(0xff, 40, 300);
    expect(of(garbage)).toBeNull();
  });
});

describe("MP4 / MOV", () => {
  test("moov → mvhd version 0: duration / timescale", () => {
    expect(of(mp4())).toBe(5400);
    expect(of(Buffer.concat([ftyp, box("moov", trak, mvhd0(600, 6000)), mdat]))).toBe(10);
  });

  test("the moov at the end behind a 64-bit-sized mdat, and a version 1 mvhd with a 64-bit duration", () => {
    const file = Buffer.concat([ftyp, largeBox("mdat", Buffer.alloc(5000)), box("free"), box("moov", mvhd1(1_000_000, 5_400_000_000n), trak)]);
    expect(of(file)).toBe(5400);
  });

  test("a last box of size 0 runs to the end of the file", () => {
    const open = Buffer.concat([u32(0), Buffer.from("mdat"), Buffer.alloc(300)]);
    expect(of(Buffer.concat([ftyp, box("moov", mvhd0(1000, 5_400_000)), open]))).toBe(5400);
  });

  test("a fragmented file whose mvhd says 0 takes its length from mvex → mehd", () => {
    const mehd = Buffer.concat([Buffer.from([1, 0, 0, 0]), Buffer.alloc(8)]);
    mehd.writeBigUInt64BE(5_400_000n, 4);
    const frag = Buffer.concat([ftyp, box("moov", mvhd0(1000, 0), box("mvex", box("mehd", mehd), box("trex", Buffer.alloc(24)))), box("moof", Buffer.alloc(16)), mdat]);
    expect(of(frag)).toBe(5400);
    expect(of(Buffer.concat([ftyp, box("moov", mvhd0(1000, 0)), mdat]))).toBeNull();
  });

  test("truncated, garbage or impossible files give no length", () => {
    const good = mp4();
    expect(of(good.subarray(0, good.length - 10))).toBeNull(); // the mdat runs past the end
    expect(of(good.subarray(0, 60))).toBeNull(); // cut inside moov
    expect(of(Buffer.concat([ftyp, mdat]))).toBeNull(); // no moov
    expect(of(Buffer.concat([ftyp, box("moov", trak), mdat]))).toBeNull(); // no mvhd
    expect(of(Buffer.concat([ftyp, box("moov", mvhd0(0, 5000)), mdat]))).toBeNull(); // timescale 0
    expect(of(Buffer.concat([ftyp, box("moov", mvhd0(1, 25 * 3600)), mdat]))).toBeNull(); // over 24 h
    expect(of(Buffer.concat([ftyp, box("moov", mvhd0(1000, 5000)), box("moov", mvhd0(1000, 5000))]))).toBeNull();
    const v2 = mvhd0(1000, 5000);
    v2[8] = 2;
    expect(of(Buffer.concat([ftyp, box("moov", v2)]))).toBeNull(); // unknown mvhd version
    const tiny = Buffer.concat([ftyp, u32(4), Buffer.from("free")]); // a size smaller than its header
    expect(of(tiny)).toBeNull();
    const huge = Buffer.concat([ftyp, u32(1), Buffer.from("mdat"), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])]);
    expect(of(huge)).toBeNull();
    expect(of(Buffer.concat([ftyp, Buffer.from([0, 0, 0, 16, 1, 2, 3, 4]), Buffer.alloc(8)]))).toBeNull(); // not a box type
    expect(of(Buffer.from("这不是视频，只是一段文字。".repeat(50)))).toBeNull();
    expect(of(Buffer.alloc(0))).toBeNull();
  });
});

describe("bounded reading", () => {
  /** A virtual file: `head` and `tail` are real, the middle is `gap` bytes of media data. */
  function virtual(head: Buffer, gap: number, tail: Buffer) {
    let bytesRead = 0;
    const size = head.length + gap + tail.length;
    const src: ByteSource = {
      size,
      read(position, length) {
        const out = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
        for (let i = 0; i < out.length; i++) {
          const p = position + i;
          out[i] = p < head.length ? head[p]! : p >= size - tail.length ? tail[p - (size - tail.length)]! : 0;
        }
        bytesRead += out.length;
        return out;
      },
    };
    return { src, bytesRead: () => bytesRead };
  }

  test("a 4 GB MP4 with its moov at the end is read by its headers only", () => {
    const gap = 4 * 1024 ** 3;
    const mdatHeader = Buffer.alloc(16);
    mdatHeader.writeUInt32BE(1);
    mdatHeader.write("mdat", 4, "latin1");
    mdatHeader.writeBigUInt64BE(BigInt(16 + gap), 8);
    const v = virtual(Buffer.concat([ftyp, mdatHeader]), gap, box("moov", mvhd0(1000, 5_400_000), trak));
    expect(mediaDuration(v.src)).toBe(5400);
    expect(v.bytesRead()).toBeLessThan(512);
  });

  test("a file of endless tiny boxes stops at the box limit instead of walking on", () => {
    const many = Buffer.concat(Array.from({ length: 20_000 }, () => box("free")));
    const v = virtual(Buffer.concat([ftyp, box("moov", mvhd0(1000, 5_400_000)), many]), 0, Buffer.alloc(0));
    const started = Date.now();
    expect(mediaDuration(v.src)).toBe(5400);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(v.bytesRead()).toBeLessThanOrEqual(256 * 1024);
    // Nested boxes are limited too: a moov of 5 000 children is refused.
    const crowded = Buffer.concat([ftyp, box("moov", mvhd0(1000, 5000), ...Array.from({ length: 5000 }, () => box("free")))]);
    expect(of(crowded)).toBeNull();
  });

  test("a WebM whose Info lies behind thousands of elements is refused, not searched", () => {
    const voids = Array.from({ length: 2000 }, () => el([0xec], Buffer.alloc(1)));
    expect(of(Buffer.concat([ebmlHeader(), segment(...voids, info(el([0x44, 0x89], float32(1000))))]))).toBeNull();
  });
});

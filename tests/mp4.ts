// MP4 files built from bytes for tests: just the boxes a header reader looks at.
export const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

export function box(type: string, ...parts: Buffer[]) {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, "latin1"), body]);
}

export const ftyp = box("ftyp", Buffer.from("isom"), u32(0x200), Buffer.from("isomiso2mp41"));

/** A version-0 movie header: `duration` in units of 1/`timescale` s. */
export function mvhd0(timescale: number, duration: number) {
  const b = Buffer.alloc(100);
  b.writeUInt32BE(timescale, 12);
  b.writeUInt32BE(duration, 16);
  return box("mvhd", b);
}

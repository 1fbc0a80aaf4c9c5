// Reading zip files people upload (course zips, xlsx workbooks, which are zips too) within bounds: the
// number of entries and each entry's and the whole archive's size, checked against what the archive
// declares and, while inflating, against the bytes that actually come out. A 504 KB zip once inflated to
// 498 MB in memory; this stops at the first byte past a limit.
import { Unzip, UnzipInflate, UnzipPassThrough } from "fflate";
import { t } from "#app/lib/strings.ts";
import { DomainError } from "#app/lib/domain-error.ts";

export type ZipLimits = { maxEntries: number; maxEntryBytes: number; maxTotalBytes: number };

export const COURSE_ZIP_LIMITS: ZipLimits = { maxEntries: 500, maxEntryBytes: 2_000_000, maxTotalBytes: 20_000_000 };
export const XLSX_LIMITS: ZipLimits = { maxEntries: 2_000, maxEntryBytes: 100_000_000, maxTotalBytes: 150_000_000 };

const mb = (n: number) => `${Math.round(n / 100_000) / 10} MB`;

/**
 * Inflates the archive, keeping the entries `keep` accepts (all by default; none for a check only).
 * Throws DomainError with a Chinese message past any limit, or when the bytes are not a readable zip.
 */
export function inflateBounded(bytes: Uint8Array, limits: ZipLimits, keep: (name: string) => boolean = () => true): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let entries = 0;
  let total = 0;
  let failure: Error | null = null;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  unzip.onfile = (file) => {
    if (failure) return;
    entries++;
    if (entries > limits.maxEntries) {
      failure = new DomainError(t.zipLimits.tooManyEntries(limits.maxEntries));
      return;
    }
    // What the archive declares, before a byte is inflated.
    if ((file.originalSize ?? 0) > limits.maxEntryBytes) {
      failure = new DomainError(t.zipLimits.entryTooLarge(file.name.slice(0, 80), mb(limits.maxEntryBytes)));
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const wanted = keep(file.name);
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      if (error) {
        failure = new DomainError(t.zipLimits.unreadable);
        return;
      }
      // What actually comes out, whatever the header said.
      size += chunk.length;
      total += chunk.length;
      if (size > limits.maxEntryBytes) failure = new DomainError(t.zipLimits.entryTooLarge(file.name.slice(0, 80), mb(limits.maxEntryBytes)));
      else if (total > limits.maxTotalBytes) failure = new DomainError(t.zipLimits.totalTooLarge(mb(limits.maxTotalBytes)));
      if (failure) {
        file.terminate();
        return;
      }
      if (wanted) chunks.push(chunk);
      if (final && wanted) {
        const whole = new Uint8Array(size);
        let at = 0;
        for (const c of chunks) {
          whole.set(c, at);
          at += c.length;
        }
        out.set(file.name, whole);
      }
    };
    try {
      file.start();
    } catch {
      failure ??= new DomainError(t.zipLimits.unreadable);
    }
  };
  // Push in slices so a limit stops the work early rather than after the whole archive.
  const SLICE = 64 * 1024;
  try {
    for (let at = 0; at < bytes.length && !failure; at += SLICE) unzip.push(bytes.subarray(at, at + SLICE), at + SLICE >= bytes.length);
    if (bytes.length === 0) unzip.push(new Uint8Array(0), true);
  } catch (error) {
    failure ??= error instanceof DomainError ? error : new DomainError(t.zipLimits.unreadable);
  }
  if (failure) throw failure;
  if (entries === 0) throw new DomainError(t.zipLimits.unreadable);
  return out;
}

// Rendered pages kept per person, for pages that depend only on published content and on who the
// reader is (a lesson page: its progress panel is fetched by the browser, not rendered). An entry is
// served only to the same person, after their session has been checked again, and only while
// nothing that page shows can have changed:
//   - publishing or syncing content, and any change to people, grants or units, ends every entry;
//   - an entry older than a minute is not served.
// A render that began before such a change is not stored (generation check). See ADR 010.
import crypto from "node:crypto";
import zlib from "node:zlib";
import { whenChanged } from "./cache.server.ts";

export type CachedPage = { html: Buffer; gzip: Buffer; scriptHashes: string[]; contentType: string };
export type Ticket = { key: string; userId: string; generation: number };

const TTL_MS = 60_000;
const MAX_BYTES = 64 * 1024 * 1024;

let generation = 0;
const entries = new Map<string, CachedPage & { userId: string; generation: number; at: number; bytes: number }>();
let bytes = 0;

/** What a render for this person and path must present to be stored, and to be served later. */
export function ticketFor(userId: string, path: string): Ticket {
  return { key: `${userId} ${path}`, userId, generation };
}

export function cachedPage(ticket: Ticket, now = Date.now()): CachedPage | undefined {
  const entry = entries.get(ticket.key);
  if (!entry) return undefined;
  if (entry.generation !== ticket.generation || now - entry.at >= TTL_MS) {
    drop(ticket.key);
    return undefined;
  }
  return entry;
}

/**
 * Stores a finished render, unless something it shows changed while it was rendered, or it holds an
 * inline script without the nonce it was rendered with (that script was blocked on the first render
 * and must stay blocked: it is never hashed into the policy).
 */
export function storePage(ticket: Ticket, html: string, contentType: string, nonce: string, now = Date.now()): boolean {
  if (ticket.generation !== generation) return false;
  const scriptHashes = inlineScriptHashes(html, nonce);
  if (!scriptHashes) return false;
  const raw = Buffer.from(html);
  const entry = { html: raw, gzip: zlib.gzipSync(raw), scriptHashes, contentType, userId: ticket.userId, generation: ticket.generation, at: now, bytes: 0 };
  entry.bytes = entry.html.length + entry.gzip.length;
  drop(ticket.key);
  entries.set(ticket.key, entry);
  bytes += entry.bytes;
  // Map order is insertion order: the oldest go first.
  for (const key of entries.keys()) {
    if (bytes <= MAX_BYTES) break;
    drop(key);
  }
  return true;
}

function drop(key: string) {
  const entry = entries.get(key);
  if (!entry) return;
  bytes -= entry.bytes;
  entries.delete(key);
}

/** Ends every stored page. Writers do not call it: they say what changed (cache.server.ts). */
export function invalidateAllPages() {
  generation++;
  entries.clear();
  bytes = 0;
}
whenChanged(["people", "curriculum", "questions"], invalidateAllPages);

/**
 * CSP hashes of the page's inline scripts, all of which must carry the render's nonce (null if one
 * does not). A stored page carries the nonce of the response it was rendered for; when it is served
 * again the policy allows exactly the scripts that nonce allowed, by hash instead.
 */
export function inlineScriptHashes(html: string, nonce: string): string[] | null {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = m[1] ?? "";
    if (/\bsrc\s*=/i.test(attributes)) continue;
    if (!nonce || !attributes.includes(`nonce="${nonce}"`)) return null;
    hashes.push(`'sha256-${crypto.createHash("sha256").update(m[2] ?? "").digest("base64")}'`);
  }
  return [...new Set(hashes)];
}

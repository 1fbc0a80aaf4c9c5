// Full-text search over published lessons, articles and cases: SQLite FTS5 with the trigram
// tokenizer (works for Chinese without segmentation). One of the few places with raw SQL; on
// PostgreSQL this becomes pg_trgm over the same three kinds.
import { db } from "#app/lib/db.server.ts";

export type SearchKind = "lesson" | "article" | "case";
export type SearchHit = { kind: SearchKind; ref: string; title: string; snippet: string };

import { MARK_END, MARK_START } from "./search-marks.ts";

type Tx = Pick<typeof db, "$executeRaw">;

export async function indexDocument(doc: { kind: SearchKind; ref: string; title: string; body: string }, tx: Tx = db) {
  await tx.$executeRaw`DELETE FROM "SearchIndex" WHERE "kind" = ${doc.kind} AND "ref" = ${doc.ref}`;
  await tx.$executeRaw`INSERT INTO "SearchIndex" ("kind", "ref", "title", "body") VALUES (${doc.kind}, ${doc.ref}, ${doc.title}, ${doc.body})`;
}

export async function removeDocument(kind: SearchKind, ref: string, tx: Tx = db) {
  await tx.$executeRaw`DELETE FROM "SearchIndex" WHERE "kind" = ${kind} AND "ref" = ${ref}`;
}

export async function removeKind(kind: SearchKind, refPrefix: string, tx: Tx = db) {
  await tx.$executeRaw`DELETE FROM "SearchIndex" WHERE "kind" = ${kind} AND "ref" LIKE ${`${refPrefix}%`}`;
}

/** Searches all published content. Queries of 3+ characters use the FTS index; shorter ones use LIKE. */
export async function search(query: string, limit = 30): Promise<SearchHit[]> {
  const terms = query
    // Control characters (a NUL ends an FTS5 query string) and FTS5's operators are not search terms.
    .replace(/[\p{Cc}"'*():^{}[\]\\]/gu, " ")
    .split(/\s+/)
    .map((term) => term.trim())
    .filter(Boolean)
    .slice(0, 5);
  if (terms.length === 0) return [];
  if (terms.every((term) => [...term].length >= 3)) {
    const match = terms.map((term) => `"${term}"`).join(" AND ");
    return db.$queryRaw<SearchHit[]>`
      SELECT "kind", "ref", "title",
             snippet("SearchIndex", 3, ${MARK_START}, ${MARK_END}, '…', 24) AS "snippet"
      FROM "SearchIndex" WHERE "SearchIndex" MATCH ${match}
      ORDER BY bm25("SearchIndex", 0, 0, 5.0, 1.0) LIMIT ${limit}`;
  }
  // Short terms (common in Chinese: 礼金, 公车): substring match, snippet built here.
  const like = terms.map((term) => `%${term.replace(/[%_]/g, "")}%`);
  const rows = await db.$queryRawUnsafe<{ kind: SearchKind; ref: string; title: string; body: string }[]>(
    `SELECT "kind", "ref", "title", "body" FROM "SearchIndex" WHERE ${like.map(() => `("title" LIKE ? OR "body" LIKE ?)`).join(" AND ")} LIMIT ?`,
    ...like.flatMap((l) => [l, l]),
    limit,
  );
  return rows
    .map((r) => ({ kind: r.kind, ref: r.ref, title: r.title, snippet: makeSnippet(r.body, terms) }))
    .sort((a, b) => Number(b.title.includes(terms[0]!)) - Number(a.title.includes(terms[0]!)));
}

export function makeSnippet(body: string, terms: string[], radius = 40): string {
  const first = Math.min(...terms.map((term) => body.indexOf(term)).filter((i) => i >= 0));
  if (!Number.isFinite(first)) return body.slice(0, radius * 2) + (body.length > radius * 2 ? "…" : "");
  const start = Math.max(0, first - radius);
  const end = Math.min(body.length, first + radius * 2);
  let text = body.slice(start, end);
  for (const term of terms) text = text.split(term).join(`${MARK_START}${term}${MARK_END}`);
  return `${start > 0 ? "…" : ""}${text}${end < body.length ? "…" : ""}`;
}

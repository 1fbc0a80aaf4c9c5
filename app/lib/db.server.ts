// The one database client. Prisma over better-sqlite3, with two things the stock adapter lacks:
// connection pragmas (WAL, foreign keys, busy timeout, synchronous) and a lock that keeps plain
// queries from running inside another request's open transaction on the shared connection
// (docs/decisions/004-one-connection-lock.md). `direct` runs prepared statements on a second
// connection to the same file under the same lock, for the few hot paths where Prisma's per-query
// cost dominates (docs/decisions/009-direct-statements-on-hot-paths.md).
import type Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "#app/generated/prisma/client.ts";
import { databasePath, getEnv } from "./env.server.ts";
import { openSqlite } from "./sqlite.server.ts";

type SqlQuery = Parameters<Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>["queryRaw"]>[0];
type Adapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;

class Lock {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

/** A driver-adapter factory whose connection serialises statements against open transactions. */
export function createAdapterFactory(file: string, lock = new Lock()) {
  // Open once through our helper so the file exists in WAL mode with a checked SQLite version.
  openSqlite(file).close();
  const inner = new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5000 });
  return {
    provider: "sqlite" as const,
    adapterName: inner.adapterName,
    async connect(): Promise<Adapter> {
      const adapter = await inner.connect();
      await adapter.executeScript(
        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
      );
      const guard =
        <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
        async (...args: A): Promise<R> => {
          const release = await lock.acquire();
          try {
            return await fn(...args);
          } finally {
            release();
          }
        };
      const queryRaw = adapter.queryRaw.bind(adapter);
      const executeRaw = adapter.executeRaw.bind(adapter);
      const executeScript = adapter.executeScript.bind(adapter);
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.queryRaw = guard((q: SqlQuery) => queryRaw(q));
      adapter.executeRaw = guard((q: SqlQuery) => executeRaw(q));
      adapter.executeScript = guard((s: string) => executeScript(s));
      adapter.startTransaction = async (isolationLevel) => {
        const release = await lock.acquire();
        try {
          const tx = await startTransaction(isolationLevel);
          const commit = tx.commit.bind(tx);
          const rollback = tx.rollback.bind(tx);
          let done = false;
          const finish = () => {
            if (!done) {
              done = true;
              release();
            }
          };
          tx.commit = async () => {
            try {
              await commit();
            } finally {
              finish();
            }
          };
          tx.rollback = async () => {
            try {
              await rollback();
            } finally {
              finish();
            }
          };
          return tx;
        } catch (error) {
          release();
          throw error;
        }
      };
      // better-sqlite3's SQLite binds up to 32,766 values per statement; without this Prisma assumes
      // SQLite's old 999 and refuses (P2029) an `in` list it cannot split, e.g. a subtree of 2,000 units
      // with an orderBy.
      adapter.getConnectionInfo = () => ({ supportsRelationJoins: false, maxBindValues: SQLITE_MAX_BIND_VALUES });
      return adapter;
    },
  };
}

const SQLITE_MAX_BIND_VALUES = 32_766;

export function createPrismaClient(file: string, lock = new Lock()) {
  return new PrismaClient({ adapter: createAdapterFactory(file, lock) });
}

export type Db = ReturnType<typeof createPrismaClient>;

/**
 * A second connection to the same file whose work runs under the Prisma connection's lock, so it
 * never meets an open Prisma transaction (no SQLITE_BUSY inside the process, no interleaving).
 * `fn` is synchronous: it holds the lock only while it runs. Statements are prepared once per SQL text.
 */
export type Direct = <T>(fn: (conn: DirectConnection) => T) => Promise<T>;
export type DirectConnection = { prepare: (sql: string) => Database.Statement; transaction: Database.Database["transaction"] };

function createDirect(file: string, lock: Lock): Direct & { close: () => void } {
  let conn: Database.Database | undefined;
  const statements = new Map<string, Database.Statement>();
  const handle: DirectConnection = {
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = conn!.prepare(sql)));
      return statement;
    },
    transaction: (fn) => conn!.transaction(fn),
  };
  const direct = async <T>(fn: (c: DirectConnection) => T): Promise<T> => {
    const release = await lock.acquire();
    try {
      conn ??= openSqlite(file);
      return fn(handle);
    } finally {
      release();
    }
  };
  return Object.assign(direct, {
    close() {
      statements.clear();
      conn?.close();
      conn = undefined;
    },
  });
}

/** A Date as Prisma's SQLite adapter stores it ("2026-11-29T02:07:32.298+00:00"), for direct statements. */
export function toSqlDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/** Reads a DATETIME column written by Prisma, by a direct statement, or by CURRENT_TIMESTAMP (UTC). */
export function fromSqlDate(value: string | number): Date {
  if (typeof value === "number") return new Date(value);
  return new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value) ? `${value.replace(" ", "T")}Z` : value);
}

const globalForDb = globalThis as unknown as { __qingfengDb?: Db; __qingfengDirect?: Direct & { close: () => void } };
const processLock = new Lock();
const file = databasePath(getEnv().DATABASE_URL);

/** The process-wide client (kept across dev-server reloads). */
export const db: Db = (globalForDb.__qingfengDb ??= createPrismaClient(file, processLock));
/** Prepared statements for hot paths, serialised with `db` (see `createDirect`). */
export const direct = (globalForDb.__qingfengDirect ??= createDirect(file, processLock));

// Development-only access to Prisma's WebAssembly schema engine, driven through the
// better-sqlite3 driver adapter. Prisma's CLI needs a native engine it must download, which this
// workplace cannot do; the wasm engine ships inside an npm package. The API is internal and
// pinned (see docs/decisions/003-migrations.md): every failure here is loud.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";

const require = createRequire(import.meta.url);

export type MigrationsList = {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  migrationDirectories: {
    path: string;
    migrationFile: { path: string; content: { tag: "ok"; value: string } | { tag: "error"; value: string } };
  }[];
  shadowDbInitScript: string;
};

/** Tables created by hand-written migrations that Prisma's schema cannot describe (FTS5). */
export const EXTERNAL_TABLES = ["SearchIndex", "SearchIndex_data", "SearchIndex_idx", "SearchIndex_content", "SearchIndex_docsize", "SearchIndex_config"];

export const LOCKFILE_CONTENT = '# Written by scripts/migrate-create.ts. Do not edit.\nprovider = "sqlite"\n';

let loaded = false;
async function loadWasm() {
  if (loaded) return;
  const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), {
    "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  loaded = true;
}

export function readMigrations(migrationsDir: string): MigrationsList {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const dirs = fs.existsSync(migrationsDir)
    ? fs
        .readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : LOCKFILE_CONTENT,
    },
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") },
      },
    })),
    shadowDbInitScript: "",
  };
}

/**
 * The SQL that takes a database built from `migrations` to the state `schema` describes.
 * The engine replays the history into an in-memory shadow database; better-sqlite3's prepare()
 * takes one statement at a time, so whole scripts are routed to exec().
 */
export async function diffMigrationsToSchema(migrations: MigrationsList, schema: string): Promise<string> {
  await loadWasm();
  const factory = bindMigrationAwareSqlAdapterFactory(
    withScriptExec(new PrismaBetterSqlite3({ url: ":memory:" }, { shadowDatabaseUrl: ":memory:" })),
  );
  const engine = await bg.SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    () => {},
    factory,
  );
  try {
    const result = await engine.diff({
      from: { tag: "migrations", ...migrations },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: EXTERNAL_TABLES, externalEnums: [] },
    });
    return result.stdout ?? "";
  } finally {
    engine.free();
  }
}

type Query = { sql: string; args: unknown[] };
type Adapter = {
  client: { exec: (sql: string) => void };
  executeRaw: (query: Query) => Promise<number>;
  queryRaw: (query: Query) => Promise<unknown>;
};
type Factory = PrismaBetterSqlite3;

const EMPTY_RESULT = { columnNames: [], columnTypes: [], rows: [] };

/**
 * The shadow database replays each migration file as one raw query; better-sqlite3's prepare()
 * rejects more than one statement, so a parameterless multi-statement query goes to exec().
 */
function withScriptExec(factory: Factory): Factory {
  const isScript = (q: Query) => q.args.length === 0 && splitsIntoStatements(q.sql);
  const wrap = async (connect: () => Promise<unknown>) => {
    const adapter = (await connect()) as Adapter;
    const executeRaw = adapter.executeRaw.bind(adapter);
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.executeRaw = async (q) => (isScript(q) ? (adapter.client.exec(q.sql), 0) : executeRaw(q));
    adapter.queryRaw = async (q) => (isScript(q) ? (adapter.client.exec(q.sql), EMPTY_RESULT) : queryRaw(q));
    return adapter;
  };
  const connect = factory.connect.bind(factory);
  const shadow = factory.connectToShadowDb.bind(factory);
  factory.connect = () => wrap(connect) as unknown as ReturnType<Factory["connect"]>;
  factory.connectToShadowDb = () => wrap(shadow) as unknown as ReturnType<Factory["connectToShadowDb"]>;
  return factory;
}

function splitsIntoStatements(sql: string): boolean {
  // Prisma's generated SQL ends statements with ";" at line end; one trailing ";" is one statement.
  return sql.trim().replace(/;\s*$/, "").includes(";");
}

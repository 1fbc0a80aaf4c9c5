// Configuration from the environment, validated once at boot with a clear message.
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .default("file:./data/qingfeng.db")
    .refine((v) => v.startsWith("file:"), "DATABASE_URL must be a SQLite file URL such as file:./data/qingfeng.db"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  STORAGE_DIR: z.string().min(1).default("./data/uploads"),
  CONTENT_DIR: z.string().min(1).default("./content"),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /**
   * The HMAC key that signs device cookies (a browser that signed in before keeps its own login
   * budget). When unset, a random key is kept in keys/device.key beside the database, created on
   * first use; set it (every instance the same) once several instances serve the site.
   */
  QINGFENG_DEVICE_KEY: z.string().min(32, "QINGFENG_DEVICE_KEY must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
  /** Set when a reverse proxy terminates TLS and sets X-Forwarded-Proto / X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /**
   * The record store's HMAC key (docs/security.md, "Tampering with records"). Kept outside the database:
   * this variable when set (at least 32 characters, e.g. `openssl rand -hex 32`; every instance the same),
   * otherwise the file QINGFENG_RECORD_KEY_FILE, which `npm run setup` creates with mode 0600 if absent.
   */
  QINGFENG_RECORD_KEY: z.string().min(32, "QINGFENG_RECORD_KEY must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
  QINGFENG_RECORD_KEY_FILE: z.string().min(1).default("./data/keys/record.key"),
  /** Signed checkpoints of the record chain, append-only JSON lines; storage every instance shares. */
  QINGFENG_CHECKPOINT_DIR: z.string().min(1).default("./data/checkpoints"),
  /** A checkpoint after every this many appends by one process (0: none by count). */
  QINGFENG_CHECKPOINT_EVERY: z.coerce.number().int().min(0).max(1_000_000).default(100),
  /** And every this many minutes while the head moved (0: none by time). */
  QINGFENG_CHECKPOINT_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(10),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** The absolute file path behind DATABASE_URL. */
export function databasePath(url = getEnv().DATABASE_URL): string {
  const file = url.replace(/^file:/, "");
  return file === ":memory:" ? file : path.resolve(file);
}

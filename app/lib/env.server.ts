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
  /** Set when a reverse proxy terminates TLS and sets X-Forwarded-Proto / X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
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

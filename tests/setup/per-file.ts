// One fresh SQLite file per test file, copied from the migrated template, set before any module
// opens the database. console.error during a test fails it.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, vi } from "vitest";

const template = process.env.QINGFENG_TEST_TEMPLATE;
if (!template) throw new Error("global setup did not build the template database");
const file = path.join(os.tmpdir(), `qingfeng-test-${process.pid}-${crypto.randomUUID()}.db`);
fs.copyFileSync(template, file);
process.env.DATABASE_URL = `file:${file}`;
process.env.STORAGE_DIR = path.join(os.tmpdir(), `qingfeng-test-storage-${process.pid}`);
// The record store's anchor: a fixed test key, and checkpoints beside the test database, never ./data.
process.env.QINGFENG_RECORD_KEY = "qingfeng-test-record-key-0123456789abcdef";
process.env.QINGFENG_CHECKPOINT_DIR = os.tmpdir();

let errorSpy: ReturnType<typeof vi.spyOn> | undefined;
beforeEach(() => {
  errorSpy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error during test: ${args.map(String).join(" ")}`);
  });
});
afterEach(() => errorSpy?.mockRestore());

afterAll(async () => {
  const g = globalThis as unknown as { __qingfengDb?: { $disconnect: () => Promise<void> }; __qingfengDirect?: { close: () => void } };
  await g.__qingfengDb?.$disconnect();
  g.__qingfengDirect?.close();
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  fs.rmSync(file.replace(/\.db$/, ".jsonl"), { force: true });
});

import { describe, expect, test } from "vitest";
import { db } from "./db.server.ts";
import { makeUnit } from "#tests/factories.ts";

describe("the database client", () => {
  test("a filter over thousands of ids with an order (which Prisma cannot split) still runs", async () => {
    const unit = await makeUnit("测试局", "city");
    await db.assignment.create({
      data: { kind: "pledge", targetId: "2026", title: "签署承诺书", unitId: unit.id, startsAt: new Date(), dueAt: new Date(Date.now() + 86_400_000), createdById: "x" },
    });
    const ids = [unit.id, ...Array.from({ length: 5_000 }, (_, i) => `none-${i}`)];
    const rows = await db.assignment.findMany({ where: { status: "active", unitId: { in: ids } }, orderBy: { dueAt: "asc" }, take: 10 });
    expect(rows.map((r) => r.unitId)).toEqual([unit.id]);
  });
});

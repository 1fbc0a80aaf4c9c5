import { describe, expect, test } from "vitest";
import { db, direct, fromSqlDate, toSqlDate } from "./db.server.ts";
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

describe("direct statements", () => {
  test("wait for an open Prisma transaction instead of meeting it (no SQLITE_BUSY, no blocked event loop)", async () => {
    const unit = await makeUnit("直连局", "city");
    const order: string[] = [];
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const transaction = db.$transaction(async (tx) => {
      await tx.orgUnit.update({ where: { id: unit.id }, data: { name: "事务中" } });
      inside();
      await new Promise((resolve) => setTimeout(resolve, 200));
      order.push("transaction");
    });
    await entered;
    const started = Date.now();
    const name = await direct((c) => {
      c.prepare(`UPDATE "OrgUnit" SET "name" = ? WHERE "id" = ?`).run("直连写入", unit.id);
      order.push("direct");
      return (c.prepare(`SELECT "name" FROM "OrgUnit" WHERE "id" = ?`).get(unit.id) as { name: string }).name;
    });
    await transaction;
    expect(order).toEqual(["transaction", "direct"]);
    expect(name).toBe("直连写入");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await db.orgUnit.findUniqueOrThrow({ where: { id: unit.id } })).name).toBe("直连写入");
  });

  test("dates round-trip in Prisma's format", async () => {
    const when = new Date("2026-11-29T02:07:32.298Z");
    expect(toSqlDate(when)).toBe("2026-11-29T02:07:32.298+00:00");
    expect(fromSqlDate(toSqlDate(when)).getTime()).toBe(when.getTime());
    expect(fromSqlDate("2026-11-29 02:07:32").toISOString()).toBe("2026-11-29T02:07:32.000Z");
  });
});

import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { makeOrg, makeUser } from "#tests/factories.ts";
import { importOrgFile, parseCsv } from "./import.server.ts";

async function xlsx(sheets: Record<string, string[][]>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const UNIT_HEADER = ["单位编码", "单位名称", "上级单位编码", "类型"];
const USER_HEADER = ["用户名", "姓名", "工号", "单位编码", "职务", "是否党员", "状态", "初始密码"];

async function cityWithCode() {
  // Codes are unique: retire the ones an earlier test in this file gave out.
  for (const u of await db.orgUnit.findMany({ where: { code: { in: ["CITY", "EAST", "WEST"] } } })) {
    await db.orgUnit.update({ where: { id: u.id }, data: { code: `old-${u.id}` } });
  }
  const org = await makeOrg();
  await db.orgUnit.update({ where: { id: org.city.id }, data: { code: "CITY" } });
  await db.orgUnit.update({ where: { id: org.east.id }, data: { code: "EAST" } });
  await db.orgUnit.update({ where: { id: org.west.id }, data: { code: "WEST" } });
  return org;
}

describe("importing units and people", () => {
  test("a good xlsx file creates units (parents before children) and people in one go", async () => {
    const org = await cityWithCode();
    const bytes = await xlsx({
      人员: [USER_HEADER, ["zhangsan", "张三", "T001", "EAST-B9", "科员", "是", "在职", ""], ["lisi", "李四", "", "EAST", "科长", "否", "在职", "Qingfeng#2026-LS"]],
      单位: [UNIT_HEADER, ["EAST-B9", "东区局第九党支部", "EAST-D1", "党支部"], ["EAST-D1", "东区局法制科", "EAST", "部门"]],
    });
    const result = await importOrgFile({ fileName: "名单.xlsx", bytes, scopePaths: [org.city.path], actorId: "nobody" });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result).toEqual({ ok: true, units: { created: 2, updated: 0 }, users: { created: 2, updated: 0 } });
    const branch = await db.orgUnit.findUniqueOrThrow({ where: { code: "EAST-B9" }, include: { parent: true } });
    expect(branch.parent?.code).toBe("EAST-D1");
    expect(branch.path.startsWith(org.east.path)).toBe(true);
    expect(branch.depth).toBe(3);
    const zhang = await db.user.findUniqueOrThrow({ where: { username: "zhangsan" } });
    expect(zhang).toMatchObject({ name: "张三", staffNo: "T001", unitId: branch.id, isPartyMember: true, active: true, passwordHash: null });
    const li = await db.user.findUniqueOrThrow({ where: { username: "lisi" } });
    expect(li.isPartyMember).toBe(false);
    expect(li.passwordHash).toMatch(/^\$argon2id\$/);
  });

  test("a file with bad rows reports each row, column and reason in Chinese, and imports nothing", async () => {
    const org = await cityWithCode();
    await makeUser(org.east.id, { username: "taken" });
    const units = await db.orgUnit.count();
    const users = await db.user.count();
    const bytes = await xlsx({
      单位: [UNIT_HEADER, ["OK-1", "好单位", "EAST", "部门"], ["BAD 2", "", "NOPE", "科室"]],
      人员: [
        USER_HEADER,
        ["good", "好人", "", "OK-1", "", "是", "在职", ""],
        ["Bad Name!", "", "", "MISSING", "", "也许", "放假", "123"],
        ["good", "重复", "", "EAST", "", "否", "在职", ""],
      ],
    });
    const result = await importOrgFile({ fileName: "bad.xlsx", bytes, scopePaths: [org.city.path], actorId: "nobody" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const at = (sheet: string, row: number, column: string) => result.problems.filter((p) => p.sheet === sheet && p.row === row && p.column === column);
    expect(at("单位", 3, "单位编码")[0]?.message).toMatch(/只能包含/);
    expect(at("单位", 3, "单位名称")[0]?.message).toBe("单位名称不能为空。");
    expect(at("单位", 3, "类型")[0]?.message).toMatch(/类型“科室”无效/);
    expect(at("单位", 3, "上级单位编码")[0]?.message).toMatch(/上级单位“NOPE”不存在/);
    expect(at("人员", 3, "用户名")[0]?.message).toMatch(/用户名只能包含/);
    expect(at("人员", 3, "姓名")[0]?.message).toBe("姓名不能为空。");
    expect(at("人员", 3, "单位编码")[0]?.message).toMatch(/单位“MISSING”不存在/);
    expect(at("人员", 3, "是否党员")[0]?.message).toMatch(/请填写“是”或“否”/);
    expect(at("人员", 3, "状态")[0]?.message).toMatch(/在职/);
    expect(at("人员", 3, "初始密码")[0]?.message).toMatch(/至少需要 8 个字符/);
    expect(at("人员", 4, "用户名")[0]?.message).toMatch(/在文件中重复（第 2 行已出现）/);
    // The good rows were not imported either.
    expect(await db.orgUnit.count()).toBe(units);
    expect(await db.user.count()).toBe(users);
    expect(await db.orgUnit.findUnique({ where: { code: "OK-1" } })).toBeNull();
  });

  test("a CSV from Excel in GBK with quoted fields is read", async () => {
    const org = await cityWithCode();
    const csv = '用户名,姓名,工号,单位编码,职务,是否党员,状态\r\nwangwu,王五,,WEST,"科员,兼团支书",是,在职\r\n';
    const bytes = encodeGbk(csv);
    if (!bytes) throw new Error("test data not encodable as GBK");
    const result = await importOrgFile({ fileName: "人员.csv", bytes, scopePaths: [org.city.path], actorId: "nobody" });
    expect(result).toMatchObject({ ok: true, users: { created: 1 } });
    expect(await db.user.findUniqueOrThrow({ where: { username: "wangwu" } })).toMatchObject({ name: "王五", position: "科员,兼团支书" });
  });

  test("an import cannot disable the account of the administrator importing it", async () => {
    const org = await cityWithCode();
    const admin = await makeUser(org.city.id, { username: `admin-${Math.random().toString(36).slice(2, 6)}` });
    const bytes = await xlsx({ 人员: [USER_HEADER, [admin.username, "管理员", "", "CITY", "", "否", "离职", ""]] });
    const result = await importOrgFile({ fileName: "x.xlsx", bytes, scopePaths: [org.city.path], actorId: admin.id });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain("不能停用自己的账号");
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).active).toBe(true);
  });

  test("an admin of one bureau cannot import into another", async () => {
    const org = await cityWithCode();
    const bytes = await xlsx({ 人员: [USER_HEADER, ["intruder", "越权", "", "WEST", "", "是", "在职", ""]] });
    const result = await importOrgFile({ fileName: "x.xlsx", bytes, scopePaths: [org.east.path], actorId: "nobody" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ sheet: "人员", row: 2, column: "单位编码" });
    expect(await db.user.findUnique({ where: { username: "intruder" } })).toBeNull();
  });

  test("an unsupported or broken file gets a clear message", async () => {
    const org = await cityWithCode();
    const r1 = await importOrgFile({ fileName: "x.pdf", bytes: new Uint8Array([1, 2, 3]), scopePaths: [org.city.path], actorId: "nobody" });
    expect(r1).toMatchObject({ ok: false, problems: [{ message: "只支持 .xlsx 或 .csv 文件。" }] });
    const r2 = await importOrgFile({ fileName: "x.xlsx", bytes: new Uint8Array([1, 2, 3]), scopePaths: [org.city.path], actorId: "nobody" });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.problems[0]!.message).toMatch(/无法读取该 xlsx 文件/);
  });

  test("CSV parsing handles quotes, doubled quotes and newlines inside fields", () => {
    expect(parseCsv('a,"b ""c""",d\n"x\ny",2,3')).toEqual([
      ["a", 'b "c"', "d"],
      ["x\ny", "2", "3"],
    ]);
  });
});

/** Minimal GBK encoder for the characters in the test (built from the platform decoder). */
function encodeGbk(text: string): Uint8Array | null {
  const decoder = new TextDecoder("gb18030");
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const code = table.get(ch);
      if (!code) return null;
      out.push(...code);
    }
  }
  return new Uint8Array(out);
}

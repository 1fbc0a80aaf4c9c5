// Importing units and people from the lists HR sends (xlsx with sheets 单位 / 人员, or CSV).
// Every row is checked first; each bad row is reported with its row number, column and reason;
// with any bad row nothing is imported. Valid files are applied in one transaction.
import crypto from "node:crypto";
import ExcelJS from "exceljs";
import { inflateBounded, XLSX_LIMITS } from "#app/lib/zip-limits.server.ts";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { hashPassword, passwordProblem } from "./password.server.ts";
import { invalidateUserSessions } from "./session.server.ts";
import { usernameSchema } from "./users.server.ts";
import { changed } from "#app/lib/cache.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { isInSubtree } from "./org.server.ts";

const S = t.adminImport.sheets;
const UC = t.adminImport.unitColumns;
const PC = t.adminImport.userColumns;
const P = t.adminImport.problems;
export const UNIT_COLUMNS = [UC.code, UC.name, UC.parentCode, UC.kind] as const;
export const USER_COLUMNS = [PC.username, PC.name, PC.staffNo, PC.unitCode, PC.position, PC.partyMember, PC.status, PC.password] as const;
const REQUIRED_UNIT_COLUMNS = [UC.code, UC.name, UC.kind];
const REQUIRED_USER_COLUMNS = [PC.username, PC.name, PC.unitCode];
// not-ui: labels recognised in the 类型 column of uploaded files (more than the labels shown)
const KIND_BY_LABEL: Record<string, string> = { 市局: "city", 县区局: "county", 县局: "county", 区局: "county", 部门: "department", 党支部: "branch", 支部: "branch" };

export type ImportProblem = { sheet: string; row: number; column: string; message: string };
type Row = { row: number; values: Record<string, string> };
/** `name` is the sheet's label: t.adminImport.sheets.unit or .user. */
type Sheet = { name: string; rows: Row[] };

export type ImportResult =
  | { ok: true; units: { created: number; updated: number }; users: { created: number; updated: number } }
  | { ok: false; problems: ImportProblem[] };

// ─── reading files ───────────────────────────────────────────────────────────

export async function readImportFile(fileName: string, bytes: Uint8Array): Promise<{ sheets: Sheet[]; problems: ImportProblem[] }> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".xlsx")) return readXlsx(bytes);
  if (lower.endsWith(".csv") || lower.endsWith(".txt")) return readCsv(bytes);
  return { sheets: [], problems: [{ sheet: S.file, row: 0, column: "", message: P.fileType }] };
}

async function readXlsx(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  try {
    // A workbook is a zip: its inflated size is checked, streaming, before ExcelJS sees it.
    inflateBounded(bytes, XLSX_LIMITS, () => false);
  } catch (error) {
    return { sheets: [], problems: [{ sheet: S.file, row: 0, column: "", message: error instanceof DomainError && error.message !== t.zipLimits.unreadable ? error.message : P.unreadableXlsx }] };
  }
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { sheets: [], problems: [{ sheet: S.file, row: 0, column: "", message: P.unreadableXlsx }] };
  }
  const sheets: Sheet[] = [];
  const problems: ImportProblem[] = [];
  workbook.eachSheet((ws) => {
    const table: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cellText(cell.value);
      });
      table[n - 1] = cells;
    });
    const sheet = toSheet(ws.name, table, problems);
    if (sheet) sheets.push(sheet);
  });
  if (sheets.length === 0 && problems.length === 0) {
    problems.push({ sheet: S.file, row: 0, column: "", message: P.noSheets });
  }
  return { sheets, problems };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if ("result" in value) return String(value.result ?? "");
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value);
}

function readCsv(bytes: Uint8Array) {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Excel in Chinese Windows saves CSV as GB18030 (GBK).
    text = new TextDecoder("gb18030").decode(bytes);
  }
  const problems: ImportProblem[] = [];
  const sheet = toSheet("CSV", parseCsv(text.replace(/^\uFEFF/, "")), problems);
  if (!sheet && problems.length === 0) {
    problems.push({ sheet: "CSV", row: 1, column: "", message: P.unknownCsvHeader });
  }
  return { sheets: sheet ? [sheet] : [], problems };
}

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function toSheet(name: string, table: string[][], problems: ImportProblem[]): Sheet | null {
  const headerIndex = table.findIndex((r) => r && r.some((c) => c && c.trim()));
  if (headerIndex < 0) return null;
  const header = (table[headerIndex] ?? []).map((h) => (h ?? "").trim());
  const kind: Sheet["name"] | null = header.includes(PC.username) ? S.user : header.includes(UC.code) && header.includes(UC.name) ? S.unit : null;
  if (!kind) return null;
  const required = kind === S.user ? REQUIRED_USER_COLUMNS : REQUIRED_UNIT_COLUMNS;
  for (const col of required) {
    if (!header.includes(col)) problems.push({ sheet: kind, row: headerIndex + 1, column: col, message: P.missingColumn(col) });
  }
  const rows: Row[] = [];
  for (let i = headerIndex + 1; i < table.length; i++) {
    const cells = table[i] ?? [];
    if (!cells.some((c) => c && c.trim())) continue;
    const values: Record<string, string> = {};
    header.forEach((h, j) => {
      if (h) values[h] = (cells[j] ?? "").trim();
    });
    rows.push({ row: i + 1, values });
  }
  return { name: kind, rows };
}

// ─── checking and applying ──────────────────────────────────────────────────

type UnitPlan = { row: number; code: string; name: string; kind: string; parentCode: string; existingId?: string };
type UserPlan = {
  row: number;
  username: string;
  name: string;
  staffNo: string | null;
  unitCode: string;
  position: string;
  isPartyMember: boolean;
  active: boolean;
  password: string | null;
  existingId?: string;
};

// Answers recognised in the 是否党员 and 状态 columns of uploaded files.
const YES = new Set(["是", "党员", "中共党员", "y", "yes", "true", "1"]); // not-ui: recognised input
const NO = new Set(["否", "非党员", "群众", "n", "no", "false", "0", ""]); // not-ui: recognised input
const ACTIVE = new Set(["在职", "启用", "正常", "在用", ""]); // not-ui: recognised input
const INACTIVE = new Set(["停用", "离职", "禁用", "退休"]); // not-ui: recognised input

/**
 * Checks every row and, when all are good, applies the file in one transaction.
 * `scopePaths` are the unit subtrees the importing admin manages: nothing outside them may change.
 */
/** `actorId`: who imports; the file may not disable their own account (the admin screen forbids it too). */
export async function importOrgFile(input: { fileName: string; bytes: Uint8Array; scopePaths: string[]; actorId: string }): Promise<ImportResult> {
  const { sheets, problems } = await readImportFile(input.fileName, input.bytes);
  if (problems.length > 0) return { ok: false, problems };
  const unitRows = sheets.filter((s) => s.name === S.unit).flatMap((s) => s.rows);
  const userRows = sheets.filter((s) => s.name === S.user).flatMap((s) => s.rows);
  if (unitRows.length === 0 && userRows.length === 0) return { ok: false, problems: [{ sheet: S.file, row: 0, column: "", message: P.noRows }] };

  const inScope = (path: string) => input.scopePaths.some((p) => isInSubtree(path, p));
  const existingUnits = new Map(
    (await db.orgUnit.findMany({ select: { id: true, code: true, path: true, parentId: true } })).map((u) => [u.code, u]),
  );
  const unitPlans: UnitPlan[] = [];
  const fileCodes = new Map<string, number>();
  for (const { row, values } of unitRows) {
    const bad = (column: string, message: string) => problems.push({ sheet: S.unit, row, column, message });
    const code = values[UC.code] ?? "";
    const name = values[UC.name] ?? "";
    const kindLabel = values[UC.kind] ?? "";
    const parentCode = values[UC.parentCode] ?? "";
    if (!code) bad(UC.code, P.codeMissing);
    else if (!/^[A-Za-z0-9_-]{1,40}$/.test(code)) bad(UC.code, P.codeRule);
    else if (fileCodes.has(code)) bad(UC.code, P.codeRepeated(code, fileCodes.get(code)));
    if (!name) bad(UC.name, P.unitNameMissing);
    else if (name.length > 60) bad(UC.name, P.unitNameTooLong);
    const kind = KIND_BY_LABEL[kindLabel];
    if (!kind) bad(UC.kind, P.kindInvalid(kindLabel));
    if (code) fileCodes.set(code, row);
    const existing = existingUnits.get(code);
    if (existing && !inScope(existing.path)) bad(UC.code, P.unitOutOfScope(code));
    unitPlans.push({ row, code, name, kind: kind ?? "", parentCode, existingId: existing?.id });
  }
  // Parents: an existing unit (in scope) or one defined in this file; no cycles.
  const planByCode = new Map(unitPlans.map((p) => [p.code, p]));
  for (const p of unitPlans) {
    const bad = (message: string) => problems.push({ sheet: S.unit, row: p.row, column: UC.parentCode, message });
    if (!p.parentCode) {
      if (!p.existingId || existingUnits.get(p.code)?.parentId) bad(P.parentMissing);
      continue;
    }
    if (p.parentCode === p.code) {
      bad(P.parentIsSelf);
      continue;
    }
    const parentExisting = existingUnits.get(p.parentCode);
    if (!parentExisting && !planByCode.has(p.parentCode)) bad(P.parentNotFound(p.parentCode));
    else if (parentExisting && !planByCode.has(p.parentCode) && !inScope(parentExisting.path)) bad(P.parentOutOfScope(p.parentCode));
    if (p.existingId) {
      const current = existingUnits.get(p.code)!;
      const currentParent = [...existingUnits.values()].find((u) => u.id === current.parentId);
      if (currentParent?.code !== p.parentCode) bad(P.parentChange);
    }
  }
  const order = topologicalUnits(unitPlans, existingUnits, (p) =>
    problems.push({ sheet: S.unit, row: p.row, column: UC.parentCode, message: P.parentCycle }),
  );

  const unitCodeKnown = (code: string) => existingUnits.has(code) || planByCode.has(code);
  const existingUsers = new Map(
    (await db.user.findMany({ where: { username: { in: userRows.map((r) => (r.values[PC.username] ?? "").toLowerCase()) } }, include: { unit: { select: { path: true } } } })).map(
      (u) => [u.username, u],
    ),
  );
  const staffNos = new Map(
    (await db.user.findMany({ where: { staffNo: { in: userRows.map((r) => r.values[PC.staffNo] ?? "").filter(Boolean) } }, select: { staffNo: true, username: true } })).map(
      (u) => [u.staffNo!, u.username],
    ),
  );
  const userPlans: UserPlan[] = [];
  const fileUsernames = new Map<string, number>();
  const fileStaffNos = new Map<string, number>();
  for (const { row, values } of userRows) {
    const bad = (column: string, message: string) => problems.push({ sheet: S.user, row, column, message });
    const parsedName = usernameSchema.safeParse(values[PC.username] ?? "");
    const username = parsedName.success ? parsedName.data : (values[PC.username] ?? "").toLowerCase();
    if (!values[PC.username]) bad(PC.username, P.usernameMissing);
    else if (!parsedName.success) bad(PC.username, parsedName.error.issues[0]!.message);
    else if (fileUsernames.has(username)) bad(PC.username, P.usernameRepeated(username, fileUsernames.get(username)));
    fileUsernames.set(username, row);
    const name = values[PC.name] ?? "";
    if (!name) bad(PC.name, P.nameMissing);
    else if (name.length > 40) bad(PC.name, P.nameTooLong);
    const staffNo = values[PC.staffNo] || null;
    if (staffNo) {
      if (fileStaffNos.has(staffNo)) bad(PC.staffNo, P.staffNoRepeated(staffNo, fileStaffNos.get(staffNo)));
      fileStaffNos.set(staffNo, row);
      const owner = staffNos.get(staffNo);
      if (owner && owner !== username) bad(PC.staffNo, P.staffNoTaken(staffNo, owner));
    }
    const unitCode = values[PC.unitCode] ?? "";
    if (!unitCode) bad(PC.unitCode, P.codeMissing);
    else if (!unitCodeKnown(unitCode)) bad(PC.unitCode, P.unitNotFound(unitCode));
    else {
      const u = existingUnits.get(unitCode);
      if (u && !inScope(u.path)) bad(PC.unitCode, P.unitOutOfScope(unitCode));
    }
    const party = (values[PC.partyMember] ?? "").toLowerCase();
    if (!YES.has(party) && !NO.has(party)) bad(PC.partyMember, P.partyUnknown(values[PC.partyMember]));
    const status = values[PC.status] ?? "";
    if (!ACTIVE.has(status) && !INACTIVE.has(status)) bad(PC.status, P.statusUnknown(status));
    const password = values[PC.password] || null;
    if (password) {
      const problem = passwordProblem(password, { username });
      if (problem) bad(PC.password, problem);
    }
    const existing = existingUsers.get(username);
    if (existing && !inScope(existing.unit.path)) bad(PC.username, P.userOutOfScope(username));
    if (existing && existing.id === input.actorId && INACTIVE.has(status)) bad(PC.status, P.cannotDisableSelf(username));
    const position = values[PC.position] ?? "";
    if (position.length > 60) bad(PC.position, P.positionTooLong);
    userPlans.push({ row, username, name, staffNo, unitCode, position, isPartyMember: YES.has(party), active: !INACTIVE.has(status), password, existingId: existing?.id });
  }

  if (problems.length > 0) {
    problems.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === S.unit ? -1 : 1));
    return { ok: false, problems };
  }

  const hashes = new Map<number, string>();
  for (const u of userPlans) if (u.password) hashes.set(u.row, await hashPassword(u.password));

  const result = { units: { created: 0, updated: 0 }, users: { created: 0, updated: 0 } };
  const disabled: string[] = [];
  await db.$transaction(async (tx) => {
    const byCode = new Map([...existingUnits.values()].map((u) => [u.code, { id: u.id, path: u.path }]));
    const depthOf = (path: string) => path.split("/").filter(Boolean).length - 1;
    for (const p of order) {
      if (p.existingId) {
        await tx.orgUnit.update({ where: { id: p.existingId }, data: { name: p.name, kind: p.kind } });
        result.units.updated++;
        continue;
      }
      const parent = byCode.get(p.parentCode)!;
      const id = crypto.randomUUID().replace(/-/g, "").slice(0, 24);
      const path = `${parent.path}${id}/`;
      await tx.orgUnit.create({ data: { id, code: p.code, name: p.name, kind: p.kind, parentId: parent.id, path, depth: depthOf(path) } });
      byCode.set(p.code, { id, path });
      result.units.created++;
    }
    for (const u of userPlans) {
      const unitId = byCode.get(u.unitCode)!.id;
      const data = { name: u.name, staffNo: u.staffNo, unitId, position: u.position, isPartyMember: u.isPartyMember, active: u.active };
      const hash = hashes.get(u.row);
      if (u.existingId) {
        const before = await tx.user.findUniqueOrThrow({ where: { id: u.existingId }, select: { active: true } });
        await tx.user.update({ where: { id: u.existingId }, data: { ...data, ...(hash ? { passwordHash: hash, passwordChangedAt: new Date() } : {}) } });
        if (before.active && !u.active) disabled.push(u.existingId);
        result.users.updated++;
      } else {
        await tx.user.create({ data: { username: u.username, ...data, passwordHash: hash ?? null, passwordChangedAt: hash ? new Date() : null } });
        result.users.created++;
      }
    }
  });
  changed("people");
  for (const id of disabled) await invalidateUserSessions(id);
  return { ok: true, ...result };
}

function topologicalUnits(plans: UnitPlan[], existing: Map<string, unknown>, cycle: (p: UnitPlan) => void): UnitPlan[] {
  const byCode = new Map(plans.map((p) => [p.code, p]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: UnitPlan[] = [];
  const visit = (p: UnitPlan) => {
    if (done.has(p.code)) return;
    if (visiting.has(p.code)) {
      cycle(p);
      return;
    }
    visiting.add(p.code);
    const parent = byCode.get(p.parentCode);
    if (parent && !(existing.has(p.parentCode) && p.existingId)) visit(parent);
    visiting.delete(p.code);
    done.add(p.code);
    out.push(p);
  };
  for (const p of plans) visit(p);
  return out;
}

/** An xlsx template with both sheets and an example row each. */
export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const units = wb.addWorksheet(S.unit);
  units.addRow([...UNIT_COLUMNS]);
  units.addRow([...t.adminImport.templateUnitRow]);
  const users = wb.addWorksheet(S.user);
  users.addRow([...USER_COLUMNS]);
  users.addRow([...t.adminImport.templateUserRow]);
  for (const ws of [units, users]) {
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((c) => (c.width = 18));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

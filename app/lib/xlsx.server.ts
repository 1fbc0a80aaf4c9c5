// xlsx downloads of tables as they are shown: Chinese headers, one row per person or unit.
import ExcelJS from "exceljs";
import { t } from "./strings.ts";

export type Cell = string | number | null;

export async function tableToXlsx(sheets: { name: string; title?: string; headers: string[]; rows: Cell[][] }[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = t.app.name;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name.slice(0, 31));
    if (s.title) {
      ws.addRow([s.title]).font = { bold: true, size: 14 };
      ws.addRow([]);
    }
    const header = ws.addRow(s.headers);
    header.font = { bold: true };
    header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF3F0EE" } };
    for (const r of s.rows) ws.addRow(r);
    ws.columns.forEach((c, i) => (c.width = Math.min(40, Math.max(10, ...[s.headers[i] ?? "", ...s.rows.map((r) => String(r[i] ?? ""))].map((v) => v.length * 2)))));
    ws.views = [{ state: "frozen", ySplit: s.title ? 3 : 1 }];
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export function xlsxResponse(bytes: Uint8Array, filename: string): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
    },
  });
}

import type { Route } from "./+types/screening.ledger.export";
import { tableToXlsx, xlsxResponse } from "#app/lib/xlsx.server.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { LEDGER_SOURCES } from "#app/modules/screening/areas.ts";
import { ledgerFor, ledgerScopes, type LedgerFilter } from "#app/modules/screening/ledger.server.ts";

/** The ledger as shown (same filters), as xlsx with Chinese headers. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filter: LedgerFilter = { status: (["open", "closed", "overdue"].includes(url.searchParams.get("status") ?? "") ? url.searchParams.get("status") : undefined) as LedgerFilter["status"], source: url.searchParams.get("source") || undefined };
  const items = (await Promise.all(ledgerScopes(user).map((p) => ledgerFor(p, filter)))).flat();
  const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" }) : "");
  const rows = items.map((i) => [i.title, i.unit, LEDGER_SOURCES[i.source] ?? i.source, i.leader, i.department, i.responsible, day(i.deadline), i.standard, i.effect, i.status === "closed" ? "已销号" : i.overdue ? "已逾期" : "整改中", day(i.closedAt)]);
  return xlsxResponse(
    await tableToXlsx([{ name: "整改台账", title: `整改台账（导出于 ${day(new Date().toISOString())}）`, headers: ["问题", "单位", "来源", "责任领导", "责任部门", "责任人", "整改时限", "整改标准", "预期效果", "状态", "销号日期"], rows }]),
    "整改台账.xlsx",
  );
}

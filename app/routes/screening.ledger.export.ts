import type { Route } from "./+types/screening.ledger.export";
import { t } from "#app/lib/strings.ts";
import { tableToXlsx, xlsxResponse } from "#app/lib/xlsx.server.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { LEDGER_SOURCES } from "#app/modules/screening/areas.ts";
import { ledgerFilter, ledgerFor } from "#app/modules/screening/ledger.server.ts";
import { formatDate } from "#app/lib/time.ts";

/** The ledger as shown (same filters), as xlsx with Chinese headers. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const items = await ledgerFor(user, ledgerFilter(url));
  const day = (iso: string | null) => (iso ? formatDate(iso) : "");
  const rows = items.map((i) => [i.title, i.unit, LEDGER_SOURCES[i.source] ?? i.source, i.leader, i.department, i.responsible, day(i.deadline), i.standard, i.effect, i.status === "closed" ? t.screeningLedger.status.closed : i.overdue ? t.screeningLedger.status.overdue : t.screeningLedger.status.open, day(i.closedAt)]);
  return xlsxResponse(
    await tableToXlsx([{ name: t.screeningLedger.title, title: t.screeningLedger.export.title(day(new Date().toISOString())), headers: t.screeningLedger.export.headers, rows }]),
    t.screeningLedger.export.file,
  );
}

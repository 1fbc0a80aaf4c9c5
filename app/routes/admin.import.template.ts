import type { Route } from "./+types/admin.import.template";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { importTemplate } from "#app/modules/identity/import.server.ts";

/** The xlsx template for importing units and people. */
export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "user.manage", "global");
  return new Response(new Uint8Array(await importTemplate()), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="import-template.xlsx"; filename*=UTF-8''${encodeURIComponent(t.adminImport.templateFileName)}`,
    },
  });
}

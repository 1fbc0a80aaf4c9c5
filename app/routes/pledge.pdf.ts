import type { Route } from "./+types/pledge.pdf";
import { db } from "#app/lib/db.server.ts";
import { PdfUnavailable } from "#app/lib/pdf.server.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, personTarget, requireUser } from "#app/modules/identity/auth.server.ts";
import { can } from "#app/modules/identity/permissions.server.ts";
import { pledgePdf } from "#app/modules/activities/pledge-pdf.server.ts";

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const s = await db.pledgeSignature.findUnique({ where: { id: params.signatureId }, select: { userId: true, year: true } });
  if (!s) throw notFound(t.activityPledge.missing);
  if (!can(user, "record.read", await personTarget(s.userId))) throw forbidden();
  try {
    const pdf = await pledgePdf(params.signatureId);
    return new Response(new Uint8Array(pdf!), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="pledge-${s.year}.pdf"`, "Cache-Control": "private, no-store" },
    });
  } catch (error) {
    if (error instanceof PdfUnavailable) return new Response(error.message, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
}

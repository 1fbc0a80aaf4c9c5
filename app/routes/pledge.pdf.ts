import type { Route } from "./+types/pledge.pdf";
import { clientIp } from "#app/lib/context.ts";
import { db } from "#app/lib/db.server.ts";

import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, personTarget, requireUser } from "#app/modules/identity/auth.server.ts";
import { pledgePolicy } from "#app/modules/activities/policy.server.ts";
import { pledgePdf } from "#app/modules/activities/pledge-pdf.server.ts";
import { logFileRead } from "#app/modules/records/file.server.ts";
import { refusedText } from "#app/lib/domain-error.ts";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const s = await db.pledgeSignature.findUnique({ where: { id: params.signatureId }, select: { userId: true, year: true } });
  if (!s) throw notFound(t.activityPledge.missing);
  if (!pledgePolicy(user, { signer: await personTarget(s.userId) }).pdf) throw forbidden();
  await logFileRead(user.id, s.userId, "pledge-pdf", clientIp(context, request), params.signatureId);
  try {
    const pdf = await pledgePdf(params.signatureId);
    return new Response(new Uint8Array(pdf!), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="pledge-${s.year}.pdf"`, "Cache-Control": "private, no-store" },
    });
  } catch (error) {
    return refusedText(error);
  }
}

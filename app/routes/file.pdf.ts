import type { Route } from "./+types/file.pdf";
import { clientIp } from "#app/lib/context.ts";

import { z } from "zod";
import { yearParam } from "#app/lib/form-fields.ts";
import { parseQuery } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, personTarget, requireUser } from "#app/modules/identity/auth.server.ts";
import { recordReadPolicy } from "#app/modules/records/policy.server.ts";
import { integrityFile, logFileRead } from "#app/modules/records/file.server.ts";
import { integrityFilePdf } from "#app/modules/records/file-pdf.server.ts";
import { refusedText } from "#app/lib/domain-error.ts";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const target = await personTarget(params.userId);
  if (!recordReadPolicy(user, target).read) throw forbidden();
  const q = parseQuery(request, z.object({ year: yearParam() }));
  if (!q.ok) throw q.reply;
  const { year } = q.value;
  const file = await integrityFile(params.userId, year);
  if (!file) throw notFound(t.file.personMissing);
  await logFileRead(user.id, params.userId, "pdf", clientIp(context, request));
  try {
    const pdf = await integrityFilePdf(file, user.name);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="integrity-file.pdf"; filename*=UTF-8''${encodeURIComponent(t.filePdf.fileName(file.person.name, year))}`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return refusedText(error);
  }
}

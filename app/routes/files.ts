import type { Route } from "./+types/files";
import { serveFile } from "#app/lib/storage.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { canSeeFile } from "#app/modules/activities/works.server.ts";

/** Uploaded files, only for people allowed to see them; Range requests for seeking in media. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  if (!/^[0-9a-f]{32}$/.test(params.fileId) || !(await canSeeFile(user, params.fileId))) return new Response(t.storage.notFound, { status: 404 });
  return serveFile(request, params.fileId);
}

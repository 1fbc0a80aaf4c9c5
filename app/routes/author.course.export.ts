import type { Route } from "./+types/author.course.export";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { exportCourse } from "#app/modules/content/authoring.server.ts";
import { refusedText } from "#app/lib/domain-error.ts";

/** A course as a zip of MDX files (published versions). */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requirePermission(request, "content.author", "global");
  try {
    const zip = await exportCourse(params.courseId);
    return new Response(new Uint8Array(zip.bytes), {
      headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${zip.name}"` },
    });
  } catch (error) {
    return refusedText(error);
  }
}

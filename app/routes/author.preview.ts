import { data } from "react-router";
import type { Route } from "./+types/author.preview";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { previewLesson } from "#app/modules/content/authoring.server.ts";
import { resolveReferences } from "#app/modules/content/catalog.server.ts";
import { collectReferences } from "#app/modules/content/lesson-format.ts";

/** Live check for the editor: located problems, and a compiled preview when the source is valid. */
export async function action({ request }: Route.ActionArgs) {
  await requirePermission(request, "content.author", "global");
  const form = await request.formData();
  const source = String(form.get("source") ?? "");
  if (source.length > 200_000) return data({ problems: [{ line: 1, column: 1, message: t.author.errors.sourceTooLong }], hash: null, refs: null }, { status: 400 });
  const { problems, hash } = await previewLesson(source);
  const refs = hash ? await resolveReferences(collectReferences(source).refs) : null;
  return { problems, hash, refs };
}

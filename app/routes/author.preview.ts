import { data } from "react-router";
import type { Route } from "./+types/author.preview";
import { z } from "zod";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { previewLesson } from "#app/modules/content/authoring.server.ts";
import { resolveReferences } from "#app/modules/content/catalog.server.ts";
import { collectReferences } from "#app/modules/content/lesson-format.ts";

/** Live check for the editor: located problems, and a compiled preview when the source is valid. */
export async function action({ request }: Route.ActionArgs) {
  await requirePermission(request, "content.author", "global");
  // The source is kept exactly as typed (its lines and columns are what problems point at).
  const parsed = parseForm(await readForm(request), z.object({ source: z.string({ error: t.author.errors.sourceTooLong }).max(200_000, t.author.errors.sourceTooLong).prefault("") }));
  if (!parsed.ok) return data({ problems: [{ line: 1, column: 1, message: parsed.message }], hash: null, refs: null }, { status: 400 });
  const { source } = parsed.value;
  const { problems, hash } = await previewLesson(source);
  const refs = hash ? await resolveReferences(collectReferences(source).refs) : null;
  return { problems, hash, refs };
}

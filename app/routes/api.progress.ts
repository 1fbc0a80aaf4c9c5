import { data } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/api.progress";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { reportProgress } from "#app/modules/learning/progress.server.ts";

const range = z.tuple([z.number().min(0).max(86_400), z.number().min(0).max(86_400)]);
const body = z.object({
  lessonId: z.string().min(1).max(40),
  beat: z.object({ visible: z.boolean(), active: z.boolean() }).optional(),
  end: z.boolean().optional(),
  // No length: the server knows each video's real length from its file (an older page's `duration` is dropped).
  video: z.object({ src: z.string().max(300), ranges: z.array(range).max(200) }).optional(),
});

/** Heartbeats, reaching the end, and watched video ranges from the lesson page. */
export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  let parsed;
  try {
    parsed = body.safeParse(await request.json());
  } catch {
    return data({ ok: false, error: t.lessonProgress.badRequest }, { status: 400 });
  }
  if (!parsed.success) return data({ ok: false, error: t.lessonProgress.badData }, { status: 400 });
  const { lessonId, ...input } = parsed.data;
  const view = await reportProgress(user, lessonId, input);
  if (!view) return data({ ok: false, error: t.lessonProgress.lessonMissing }, { status: 404 });
  return { ok: true, progress: view };
}

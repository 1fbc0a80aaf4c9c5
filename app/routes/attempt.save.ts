import { data } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/attempt.save";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { displayResponseSchema, saveAnswer, submitAttempt } from "#app/modules/assessment/attempts.server.ts";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { refused } from "#app/lib/domain-error.ts";

const body = z.union([
  z.object({ intent: z.literal("save"), slot: z.number().int().min(1).max(500), response: displayResponseSchema }),
  z.object({ intent: z.literal("submit") }),
]);

/** Saves one answer (JSON), or submits. Answers are acknowledged only once they are in the database. */
export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request);
  let parsed;
  try {
    parsed = body.safeParse(await request.json());
  } catch {
    return data({ ok: false, error: t.examErrors.badRequest }, { status: 400 });
  }
  if (!parsed.success) return data({ ok: false, error: t.examErrors.badAnswer }, { status: 400 });
  try {
    if (parsed.data.intent === "submit") {
      const attempt = await db.attempt.findUnique({ where: { id: params.attemptId }, select: { userId: true } });
      if (!attempt || attempt.userId !== user.id) return data({ ok: false, error: t.examErrors.attemptNotFound }, { status: 404 });
      await submitAttempt(params.attemptId, { by: "manual", actorId: user.id });
      return { ok: true, submitted: true };
    }
    return { ok: true, ...(await saveAnswer(params.attemptId, user.id, parsed.data.slot, parsed.data.response)) };
  } catch (error) {
    return refused(error, (e) => ({ ok: false, error: e.message }));
  }
}

import { Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/checkin";
import { Button, Notice } from "#app/components/form.tsx";
import { z } from "zod";
import { orDefault } from "#app/lib/form-fields.ts";
import { parseForm, parseQuery, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { OFFLINE_KINDS } from "#app/modules/learning/assignments.server.ts";
import { checkIn, checkInView } from "#app/modules/learning/offline.server.ts";
import { DomainError, refused } from "#app/lib/domain-error.ts";
import { Card } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.checkin.title} · ${t.app.name}` }];

// The code a QR link carries (codeFor: 16 base64url characters). Missing or blank stays "", for the
// domain to word as before; anything that is no code at all is refused.
const code = orDefault(() => "", z.string({ error: t.sessions.badCode }).regex(/^[A-Za-z0-9_-]{1,64}$/, t.sessions.badCode));

/** Scanning the QR code opens this page (after signing in); the person confirms to check in. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const { session, already } = await checkInView(user, params.sessionId).catch((error: unknown) => {
    throw error instanceof DomainError ? notFound(error.message) : error;
  });
  const q = parseQuery(request, z.object({ c: code }));
  if (!q.ok) throw q.reply;
  return { session: { id: session.id, title: session.title, kind: OFFLINE_KINDS[session.kind] ?? session.kind, place: session.place }, code: q.value.c, already, name: user.name };
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(await readForm(request), z.object({ code }));
  if (!parsed.ok) return parsed.reply;
  try {
    const r = await checkIn(user, params.sessionId, parsed.value.code);
    return { ok: true, message: r.already ? t.checkin.already : t.checkin.success };
  } catch (error) {
    return refused(error);
  }
}

export default function CheckIn({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { session } = loaderData;
  return (
    <Card as="div" className="mx-auto max-w-md p-6 text-center">
      <p className="text-sm font-semibold text-brand-700">{session.kind}</p>
      <h1 className="mt-1 text-xl font-bold text-stone-900">{session.title}</h1>
      <p className="mt-1 text-sm text-stone-600">{session.place}</p>
      <div className="mt-6">
        {result ? (
          <Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice>
        ) : loaderData.already ? (
          <Notice kind="ok">{t.checkin.alreadyShort}</Notice>
        ) : (
          <Form method="post">
            <input type="hidden" name="code" value={loaderData.code} />
            <p className="mb-4 text-stone-700">{t.checkin.confirm(loaderData.name)}</p>
            <Button type="submit" disabled={busy} className="!px-8 !py-2.5 !text-base">
              {t.sessions.checkIn}
            </Button>
          </Form>
        )}
      </div>
      <Link to="/" className="mt-6 inline-block text-sm text-stone-500 hover:text-brand-700">
        {t.errors.backHome}
      </Link>
    </Card>
  );
}

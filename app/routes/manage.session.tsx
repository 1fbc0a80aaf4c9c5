import QRCode from "qrcode";
import { useEffect } from "react";
import { Form, Link, useActionData, useNavigation, useRevalidator } from "react-router";
import type { Route } from "./+types/manage.session";
import { Button, inputClass, Notice } from "#app/components/form.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { orDefault, text } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, requirePermission } from "#app/modules/identity/auth.server.ts";
import { OFFLINE_KINDS } from "#app/modules/learning/assignments.server.ts";
import { checkInUrl, markPresentByUsername, organiserSession } from "#app/modules/learning/offline.server.ts";
import { DomainError, refused } from "#app/lib/domain-error.ts";
import { formatDateTime, formatTime } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.session.title ?? t.sessions.fallbackTitle} · ${t.app.name}` }];

async function load(request: Request, sessionId: string) {
  const user = await requirePermission(request, "assignment.manage", "global");
  try {
    return { user, ...(await organiserSession(user, sessionId)) };
  } catch (error) {
    if (error instanceof DomainError) throw error.status === 404 ? notFound(error.message) : forbidden(error.message);
    throw error;
  }
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { session, unit } = await load(request, params.sessionId);
  const url = checkInUrl(new URL(request.url).origin, session);
  const svg = await QRCode.toString(url, { type: "svg", margin: 1, width: 280, errorCorrectionLevel: "M" });
  const attendance = await db.attendance.findMany({ where: { sessionId: session.id }, orderBy: { at: "asc" } });
  const people = new Map((await db.user.findMany({ where: { id: { in: attendance.map((a) => a.userId) } }, include: { unit: { select: { name: true } } } })).map((u) => [u.id, u]));
  return {
    session: { id: session.id, title: session.title, kind: OFFLINE_KINDS[session.kind] ?? session.kind, place: session.place, unit: unit.name, startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString() },
    qr: { svg, url },
    attendance: attendance.map((a) => ({ id: a.id, name: people.get(a.userId)?.name ?? "", unit: people.get(a.userId)?.unit.name ?? "", method: a.method, at: a.at.toISOString() })),
  };
}

// Marking someone present by username: bounded here; blank, unknown or out-of-unit names are the domain's to word.
const presentForm = z.object({ username: orDefault(() => "", text({ max: 64 })) });

export async function action({ request, params }: Route.ActionArgs) {
  const { user, session } = await load(request, params.sessionId);
  const parsed = parseForm(await readForm(request), presentForm);
  if (!parsed.ok) return parsed.reply;
  try {
    const r = await markPresentByUsername(user, session.id, parsed.value.username);
    return { ok: true, message: r.already ? t.sessions.alreadyPresent(r.name) : t.sessions.markedPresent(r.name) };
  } catch (error) {
    return refused(error);
  }
}

export default function ManageSession({ loaderData }: Route.ComponentProps) {
  const { session, qr, attendance } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { revalidate } = useRevalidator();
  // The code changes every minute: refresh the QR code and the attendance list.
  useEffect(() => {
    const id = setInterval(() => void revalidate(), 20_000);
    return () => clearInterval(id);
  }, [revalidate]);
  return (
    <div>
      <Link to="/manage/sessions" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.sessions.manage}
      </Link>
      <PageTitle className="mt-2">{session.title}</PageTitle>
      <p className="mt-1 text-stone-600">
        {session.kind} · {session.unit} · {session.place} · {formatDateTime(new Date(session.startsAt))} — {formatDateTime(new Date(session.endsAt))}
      </p>
      <div className="mt-6 grid gap-6 lg:grid-cols-[20rem_1fr]">
        <Card className="p-5 text-center">
          <h2 className="font-semibold text-stone-900">{t.sessions.scan}</h2>
          <div className="mx-auto mt-3 w-64" dangerouslySetInnerHTML={{ __html: qr.svg }} data-testid="qr" />
          <p className="mt-2 text-xs text-stone-500">{t.sessions.qrHint}</p>
          <a href={qr.url} className="mt-1 block break-all text-xs text-stone-500" data-testid="checkin-link">
            {qr.url}
          </a>
        </Card>
        <Card className="p-5">
          <h2 className="font-semibold text-stone-900">{t.sessions.present(attendance.length)}</h2>
          {result?.message ? <div className="mt-3"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
          <Form method="post" className="mt-3 flex gap-2">
            <input name="username" placeholder={t.login.username} aria-label={t.sessions.usernameLabel} className={`${inputClass} !mt-0`} required />
            <Button type="submit" disabled={busy} className="shrink-0">
              {t.sessions.markPresent}
            </Button>
          </Form>
          <ul className="mt-4 divide-y divide-stone-100 text-sm">
            {attendance.map((a) => (
              <li key={a.id} className="flex gap-3 py-2">
                <span className="flex-1">
                  {a.name} <span className="text-stone-500">{a.unit}</span>
                </span>
                <span className="text-stone-500">{a.method === "qr" ? t.sessions.methods.qr : t.sessions.methods.organiser}</span>
                <span className="text-stone-500">{formatTime(a.at)}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </div>
  );
}

import { Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/pledge";
import { Button, inputClass, Notice } from "#app/components/form.tsx";
import { SignaturePad } from "#app/components/signature-pad.tsx";
import { db } from "#app/lib/db.server.ts";
import { z } from "zod";
import { checkbox, optionalText } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requireUser } from "#app/modules/identity/auth.server.ts";
import { pledgePolicy } from "#app/modules/activities/policy.server.ts";
import { pledgeFor, signPledge, verifySignature } from "#app/modules/activities/pledges.server.ts";
import { renderPledgeHtml } from "#app/modules/activities/pledge-pdf.server.ts";
import { AUDIENCE_LABEL } from "#app/modules/activities/labels.ts";
import { refused } from "#app/lib/domain-error.ts";
import { beijingYear, formatDateTimeLong } from "#app/lib/time.ts";
import { CARD, Card } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.activities.pledge} · ${t.app.name}` }];

function year() {
  return beijingYear();
}

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const y = year();
  const signed = await db.pledgeSignature.findUnique({ where: { userId_year: { userId: user.id, year: y } }, include: { pledgeText: true } });
  const text = signed?.pledgeText ?? (await pledgeFor(user, y));
  return {
    year: y,
    name: user.name,
    canSeeStatus: pledgePolicy(user, "global").seeStatus,
    text: text ? { id: text.id, title: text.title, audience: AUDIENCE_LABEL[text.audience] ?? text.audience, html: await renderPledgeHtml(text.source) } : null,
    signed: signed
      ? { id: signed.id, at: signed.signedAt.toISOString(), sha256: signed.sha256, png: `data:image/png;base64,${Buffer.from(signed.signaturePng).toString("base64")}`, verified: (await verifySignature(signed.id))?.ok ?? false }
      : null,
  };
}

// Signing: bounded fields; signPledge words a missing confirmation, a wrong name or a bad image. A
// signature of 300 000 bytes is about 400 000 characters of base64, so a longer one is too large anyway.
const signForm = z.object({
  pledgeTextId: z.string().max(64).prefault(""),
  typedName: optionalText(40),
  confirmed: checkbox(),
  signature: z.string().max(450_000, t.activityPledge.errors.signatureTooLarge).prefault(""),
});

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(await readForm(request), signForm);
  if (!parsed.ok) return parsed.reply;
  try {
    await signPledge(user, parsed.value);
    return { ok: true, message: t.activityPledge.signed };
  } catch (error) {
    return refused(error);
  }
}

export default function Pledge({ loaderData }: Route.ComponentProps) {
  const { text, signed, year, name, canSeeStatus } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-3xl">
      <div className="flex items-center justify-between">
        <Link to="/activities" className="text-sm text-stone-500 hover:text-brand-700">
          ← {t.activities.title}
        </Link>
        {canSeeStatus ? (
          <Link to="/pledge/status" className="text-sm text-brand-700 hover:underline">
            {t.activityPledge.statusLink}
          </Link>
        ) : null}
      </div>
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      {!text ? (
        <p className={`${CARD} mt-6 p-6 text-stone-600`}>{t.activityPledge.notPublished(year)}</p>
      ) : (
        <Card as="article" className="mt-4 px-6 py-8 md:px-12">
          <h1 className="text-center text-2xl font-bold tracking-widest text-stone-900">{text.title}</h1>
          <p className="mt-1 text-center text-sm text-stone-500">{t.activityPledge.appliesTo(text.audience)}</p>
          <div className="prose-lesson mt-6" dangerouslySetInnerHTML={{ __html: text.html }} />
          {signed ? (
            <section className="mt-8 border-t border-stone-200 pt-6 text-right" data-testid="signed">
              <p>
                {t.activityPledge.signer}<img src={signed.png} alt={t.activityPledge.signatureAlt} className="inline h-16 align-middle" />
              </p>
              <p className="text-sm text-stone-600">{t.activityPledge.signedAt(formatDateTimeLong(new Date(signed.at)))}</p>
              <p className="mt-3 text-left text-xs break-all text-stone-500">
                {t.activityPledge.hash}{signed.sha256}{" "}
                <span className={signed.verified ? "text-green-700" : "text-red-700"} data-testid="verify">
                  {signed.verified ? t.activityPledge.verified : t.activityPledge.verifyFailed}
                </span>
              </p>
              <a href={`/pledge/${signed.id}/pdf`} className="mt-4 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm text-white hover:bg-brand-700" data-testid="pledge-pdf">
                {t.activityPledge.downloadPdf}
              </a>
            </section>
          ) : (
            <Form method="post" className="mt-8 space-y-4 border-t border-stone-200 pt-6">
              <input type="hidden" name="pledgeTextId" value={text.id} />
              <label className="flex items-center gap-2">
                <input type="checkbox" name="confirmed" /> {t.activityPledge.confirm}
              </label>
              <label className="block text-sm text-stone-700">
                {t.activityPledge.typeName(name)}
                <input name="typedName" className={inputClass} autoComplete="off" />
              </label>
              <SignaturePad name="signature" label={t.activityPledge.signaturePad} />
              <Button type="submit" disabled={busy}>
                {t.activityPledge.sign}
              </Button>
            </Form>
          )}
        </Card>
      )}
    </div>
  );
}

import { data, Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/screening.item";
import { Button, inputClass, Notice } from "#app/components/form.tsx";
import { z } from "zod";
import { beijingDeadline, optionalBeijingDeadline } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { acceptClose, addProgress, closeItem, issueOrder, ledgerItemFor, ledgerItemView, reopenItem, respondOrder, type LedgerPolicy } from "#app/modules/screening/ledger.server.ts";

import { keepUploadIf, receiveUpload, UPLOAD_RULES } from "#app/lib/storage.server.ts";
import { DomainError, refused } from "#app/lib/domain-error.ts";
import { formatDate, formatTimestamp } from "#app/lib/time.ts";
import { Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.item.title ?? t.screeningLedger.item.fallbackTitle} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  try {
    return await ledgerItemView(user, params.itemId);
  } catch (error) {
    if (error instanceof DomainError) throw error.status === 403 ? forbidden(error.message) : notFound(error.message);
    throw error;
  }
}

// One schema for the item's forms, chosen by `intent`. Texts stay as typed: the domain words its own
// refusals of them; dates are parsed here, so 9999-99-99 is a 400, never an Invalid Date in a write.
const said = z.string().max(20_000).prefault("");
const itemForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("progress"), text: said }),
    z.object({ intent: z.literal("close"), evidence: said }),
    z.object({ intent: z.enum(["accept", "return"]), note: said }),
    z.object({ intent: z.literal("reopen"), reason: said, deadline: optionalBeijingDeadline() }),
    z.object({ intent: z.literal("order"), content: said, deadline: beijingDeadline(t.screeningLedger.item.orderDeadlineRequired) }),
    z.object({ intent: z.literal("respond"), orderId: said, response: said }),
  ],
  { error: t.screeningTerms.unknownAction },
);

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request);
  let policy: LedgerPolicy;
  try {
    policy = (await ledgerItemFor(user, params.itemId)).policy;
  } catch (error) {
    return refused(error);
  }
  // Only those who may add evidence get a file stored; anyone else is refused before the upload is read.
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  if (multipart && !(policy.progress || policy.signOff)) return data({ ok: false, message: t.screeningLedger.errors.progressForbidden }, { status: 403 });
  const fields = new Map<string, string>();
  let received: Awaited<ReturnType<typeof receiveUpload>> | null = null;
  try {
    if (multipart) {
      received = await receiveUpload(request, `ledger-evidence:${params.itemId}`, () => UPLOAD_RULES.evidence!);
      for (const [k, v] of Object.entries(received.fields)) fields.set(k, v);
    } else for (const [k, v] of await readForm(request)) if (!fields.has(k)) fields.set(k, String(v));
  } catch (error) {
    return refused(error);
  }
  const fileId = received?.file?.id ?? null;
  const parsed = parseForm(new URLSearchParams([...fields]), itemForm);
  const run = async (): Promise<{ ok: boolean; message: string; status: number }> => {
    if (!parsed.ok) return { ok: false, message: parsed.message, status: 400 };
    const f = parsed.value;
    const ok = (message: string) => ({ ok: true, message, status: 200 });
    try {
      switch (f.intent) {
        case "progress":
          await addProgress(user, params.itemId, f.text, fileId);
          return ok(t.screeningLedger.item.progressRecorded);
        case "close":
          await closeItem(user, params.itemId, f.evidence, fileId);
          return ok(t.screeningLedger.item.signedOff);
        case "accept":
        case "return":
          await acceptClose(user, params.itemId, f.intent, f.note);
          return ok(f.intent === "accept" ? t.screeningLedger.item.accepted : t.screeningLedger.item.returned);
        case "reopen":
          await reopenItem(user, params.itemId, f.reason, f.deadline);
          return ok(t.screeningLedger.item.reopened);
        case "order":
          await issueOrder(user, params.itemId, f.content, f.deadline);
          return ok(t.screeningLedger.item.orderIssued);
        case "respond":
          await respondOrder(user, params.itemId, f.orderId, f.response);
          return ok(t.screeningLedger.item.orderAnswered);
      }
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, message: error.message, status: error.status };
      throw error;
    }
  };
  // An uploaded file is kept only when it became the evidence of a recorded step.
  const attached = parsed.ok && (parsed.value.intent === "progress" || parsed.value.intent === "close");
  const r = received ? await keepUploadIf(received, run, (x) => !(x.ok && attached)) : await run();
  if (!parsed.ok) return parsed.reply;
  return r.ok ? { ok: true, message: r.message } : data({ ok: false, message: r.message }, { status: r.status });
}

const KIND = t.screeningLedger.item.kinds;
const fmt = (iso: string) => formatTimestamp(iso);

export default function LedgerItem({ loaderData }: Route.ComponentProps) {
  const { item, history, orders, policy } = loaderData;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const clarities: [string, string][] = [
    [t.screeningLedger.clarities.leader, item.leader],
    [t.screeningLedger.clarities.department, item.department],
    [t.screeningLedger.clarities.responsible, item.responsible],
    [t.screeningLedger.clarities.deadline, formatDate(item.deadline)],
    [t.screeningLedger.clarities.standard, item.standard],
    [t.screeningLedger.clarities.effect, item.effect],
  ];
  return (
    <div className="max-w-4xl">
      <Link to="/screening/ledger" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.screeningLedger.title}
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <PageTitle className="flex-1">{item.title}</PageTitle>
        <span className={`rounded px-2 py-0.5 text-sm ${item.status === "closed" ? "bg-green-100 text-green-800" : item.overdue ? "bg-red-100 text-red-800" : "bg-amber-100 text-amber-900"}`} data-testid="item-status">
          {item.status === "closed" ? t.screeningLedger.status.closed : item.closeRequested ? t.screeningLedger.status.awaiting : item.overdue ? t.screeningLedger.status.overdue : t.screeningLedger.status.open}
        </span>
      </div>
      <p className="mt-1 text-sm text-stone-600">
        {item.unit} · {item.source}
      </p>
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      <dl className="mt-6 grid gap-px overflow-hidden rounded-xl bg-stone-200 shadow-sm ring-1 ring-stone-200 sm:grid-cols-2">
        {clarities.map(([k, v]) => (
          <div key={k} className="bg-white px-5 py-3">
            <dt className="text-xs text-stone-500">{k}</dt>
            <dd className="mt-0.5 text-stone-900">{v}</dd>
          </div>
        ))}
      </dl>
      <Card className="mt-6 p-5">
        <h2 className="font-semibold text-stone-900">{t.screeningLedger.item.history}</h2>
        <ul className="mt-3 space-y-2 text-sm" data-testid="item-history">
          {history.map((h, i) => (
            <li key={i} className="flex flex-col gap-x-3 sm:flex-row">
              <time className="shrink-0 text-stone-500 sm:w-40">{fmt(h.at)}</time>
              <span className="shrink-0 font-medium">{KIND[h.kind]}</span>
              <span className="flex-1">
                {h.text} <span className="text-stone-500">{t.screeningLedger.item.by(h.by)}</span>
                {h.fileId ? (
                  <a href={`/files/${h.fileId}`} className="ml-2 text-brand-700 hover:underline">
                    {t.screeningLedger.item.evidence}
                  </a>
                ) : null}
              </span>
            </li>
          ))}
          {history.length === 0 ? <li className="text-stone-500">{t.screeningLedger.item.noHistory}</li> : null}
        </ul>
        {policy.progress ? (
          <Form method="post" encType="multipart/form-data" className="mt-4 flex flex-wrap gap-2">
            <input type="hidden" name="intent" value="progress" />
            <input name="text" placeholder={t.screeningLedger.item.progressPlaceholder} aria-label={t.screeningLedger.item.progress} className={`${inputClass} !mt-0 flex-[1_1_16rem]`} required />
            <input name="file" type="file" accept="image/*,.pdf" aria-label={t.screeningLedger.item.progressFile} className="text-sm" />
            <Button type="submit" disabled={busy} className="shrink-0">
              {t.screeningLedger.item.recordProgress}
            </Button>
          </Form>
        ) : null}
        {item.closeRequested ? <p className="mt-3 text-sm text-amber-800">{t.screeningLedger.item.awaitingAcceptance}</p> : null}
        {policy.accept ? (
          <Form method="post" className="mt-3 flex flex-wrap gap-2" data-testid="accept-close">
            <input name="note" placeholder={t.screeningLedger.item.acceptNote} aria-label={t.screeningLedger.item.acceptNote} className={`${inputClass} !mt-0 flex-[1_1_16rem]`} />
            <Button type="submit" name="intent" value="accept" disabled={busy}>
              {t.screeningLedger.item.accept}
            </Button>
            <Button type="submit" name="intent" value="return" variant="secondary" disabled={busy}>
              {t.screeningLedger.item.returnIt}
            </Button>
          </Form>
        ) : null}
        {policy.signOff && !item.closeRequested ? (
          <Form method="post" encType="multipart/form-data" className="mt-3 flex flex-wrap gap-2">
            <input type="hidden" name="intent" value="close" />
            <input name="evidence" placeholder={t.screeningLedger.item.closePlaceholder} aria-label={t.screeningLedger.item.closeResult} className={`${inputClass} !mt-0 flex-[1_1_16rem]`} required />
            <input name="file" type="file" accept="image/*,.pdf" aria-label={t.screeningLedger.item.closeFile} className="text-sm" />
            <Button type="submit" disabled={busy} className="shrink-0">
              {t.screeningLedger.item.signOff}
            </Button>
          </Form>
        ) : null}
        {policy.reopen ? (
          <Form method="post" className="mt-3 flex flex-wrap gap-2">
            <input type="hidden" name="intent" value="reopen" />
            <input name="reason" placeholder={t.screeningLedger.item.reopenPlaceholder} aria-label={t.screeningLedger.item.reopenReason} className={`${inputClass} !mt-0 flex-[1_1_16rem]`} required />
            <input name="deadline" type="date" aria-label={t.screeningLedger.item.newDeadline} className={`${inputClass} !mt-0 w-auto`} />
            <Button type="submit" variant="danger" disabled={busy}>
              {t.screeningLedger.item.reopen}
            </Button>
          </Form>
        ) : null}
      </Card>
      <Card className="mt-6 p-5">
        <h2 className="font-semibold text-stone-900">{t.screeningLedger.item.orders}</h2>
        <ul className="mt-3 space-y-3 text-sm">
          {orders.map((o) => (
            <li key={o.id} className="rounded-lg border border-stone-200 p-3">
              <p>
                {o.content} <span className="text-stone-500">{t.screeningLedger.item.orderBy(o.by, formatDate(o.deadline))}</span>
              </p>
              {o.respondedAt ? (
                <p className="mt-1 text-green-800">{t.screeningLedger.item.reply(o.response)}</p>
              ) : policy.respond ? (
                <Form method="post" className="mt-2 flex gap-2">
                  <input type="hidden" name="intent" value="respond" />
                  <input type="hidden" name="orderId" value={o.id} />
                  <input name="response" placeholder={t.screeningLedger.item.implementation} aria-label={t.screeningLedger.item.implementation} className={`${inputClass} !mt-0`} required />
                  <Button type="submit" disabled={busy} className="shrink-0">
                    {t.screeningLedger.item.respond}
                  </Button>
                </Form>
              ) : (
                <p className="mt-1 text-amber-800">{t.screeningLedger.item.awaitingReply}</p>
              )}
            </li>
          ))}
          {orders.length === 0 ? <li className="text-stone-500">{t.screeningLedger.item.noOrders}</li> : null}
        </ul>
        {policy.order ? (
          <Form method="post" className="mt-3 flex flex-wrap gap-2">
            <input type="hidden" name="intent" value="order" />
            <input name="content" placeholder={t.screeningLedger.item.orderContent} aria-label={t.screeningLedger.item.orderContent} className={`${inputClass} !mt-0 flex-[1_1_16rem]`} required />
            <input name="deadline" type="date" aria-label={t.screeningLedger.item.orderDeadline} className={`${inputClass} !mt-0 w-auto`} required />
            <Button type="submit" variant="secondary" disabled={busy}>
              {t.screeningLedger.item.issueOrder}
            </Button>
          </Form>
        ) : null}
      </Card>
    </div>
  );
}

import { Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/screening.portrait";
import { Button, inputClass, Notice, Select, nameOptions } from "#app/components/form.tsx";
import { z } from "zod";
import { checkbox, dayProblem, optionalText, orDefault } from "#app/lib/form-fields.ts";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { AREA_LABELS, AREAS, RESPONSES, SOURCES } from "#app/modules/screening/areas.ts";
import { finalise, finalisePreview, flagEarlySign, raiseProblem, recordTalk, respond, roundForViewer, ruleOnDispute } from "#app/modules/screening/portrait.server.ts";
import { DomainError, refused } from "#app/lib/domain-error.ts";
import { at } from "#app/lib/time.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.round.title ?? t.screeningPortrait.fallbackTitle} · ${t.app.name}` }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  try {
    return { ...(await roundForViewer(user, params.roundId)), me: user.id };
  } catch (error) {
    if (error instanceof DomainError) throw error.status === 403 ? forbidden(error.message) : notFound(error.message);
    throw error;
  }
}

type Answer = { ok: boolean; message: string; raisedAt?: number; confirm?: Awaited<ReturnType<typeof finalisePreview>> };

const E = t.screeningPortrait.errors;
const id = z.string().max(64).prefault("");
// A real calendar day (dayProblem refuses 9999-99-99 and 2026-02-30), at 9:00 Beijing time.
const talkDay = z
  .string({ error: E.talkDateInvalid })
  .max(32, E.talkDateInvalid)
  .trim()
  .refine((v) => dayProblem(v) === null, E.talkDateInvalid)
  .transform((v) => at(v, "09:00"));

// One schema for the round's forms, chosen by `intent`. Texts are bounded by what the domain stores
// (it words a short one itself); source and area are the domain's own vocabularies, and the area is
// never assumed: a missing one is refused, as is any key not in the list ("constructor" included).
const portraitForm = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("raise"),
      subjectId: id,
      source: z.enum(Object.keys(SOURCES) as [string, ...string[]], { error: E.sourceRequired }),
      area: z.enum(Object.keys(AREAS) as [string, ...string[]], { error: E.areaRequired }),
      description: optionalText(2000),
      earlySign: checkbox(),
      riskPointId: orDefault(() => null, z.string().max(64)),
    }),
    z.object({ intent: z.literal("rule"), problemId: id, ruling: optionalText(1000) }),
    z.object({ intent: z.enum(["confirmed", "disputed"]), problemId: id, note: optionalText(1000) }),
    z.object({ intent: z.literal("finalise"), subjectId: id, confirmed: z.string().max(8).prefault("").transform((v) => v === "1") }),
    z.object({ intent: z.literal("early"), problemId: id, flag: z.string().max(8).prefault("").transform((v) => v === "1") }),
    z.object({ intent: z.literal("talk"), problemId: id, scheduledAt: talkDay, heldAt: orDefault(() => null, talkDay), outcome: optionalText(1000) }),
  ],
  { error: t.screeningTerms.unknownAction },
);

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(await readForm(request), portraitForm);
  if (!parsed.ok) return parsed.reply;
  const f = parsed.value;
  try {
    switch (f.intent) {
      case "raise":
        await raiseProblem(user, params.roundId, { subjectId: f.subjectId, source: f.source, area: f.area, description: f.description, earlySign: f.earlySign, riskPointId: f.riskPointId });
        // A fresh form for the next problem: no tick or choice carried over from this one.
        return { ok: true, message: t.screeningPortrait.raised, raisedAt: Date.now() } satisfies Answer;
      case "rule":
        await ruleOnDispute(user, f.problemId, f.ruling);
        return { ok: true, message: t.screeningPortrait.ruled } satisfies Answer;
      case "confirmed":
      case "disputed":
        await respond(user, f.problemId, f.intent, f.note);
        return { ok: true, message: f.intent === "confirmed" ? t.screeningPortrait.confirmed : t.screeningPortrait.disputed };
      case "finalise": {
        // Filing is final: the first request only says what would be filed and asks to confirm.
        if (!f.confirmed) {
          const confirm = await finalisePreview(user, params.roundId, f.subjectId);
          return { ok: true, message: t.screeningPortrait.confirmFinalise(confirm.name, confirm.count, confirm.disputed), confirm } satisfies Answer;
        }
        const n = await finalise(user, params.roundId, f.subjectId);
        return { ok: true, message: t.screeningPortrait.finalisedCount(n) } satisfies Answer;
      }
      case "early":
        await flagEarlySign(user, f.problemId, f.flag);
        return { ok: true, message: t.screeningPortrait.updated };
      case "talk":
        await recordTalk(user, f.problemId, { scheduledAt: f.scheduledAt, heldAt: f.heldAt, outcome: f.outcome });
        return { ok: true, message: t.screeningPortrait.talkRecorded };
    }
  } catch (error) {
    return refused(error);
  }
}

export default function PortraitRound({ loaderData }: Route.ComponentProps) {
  const { round, policy, members, problems, me, risks } = loaderData;
  const result = useActionData<typeof action>() as Answer | undefined;
  const busy = useNavigation().state === "submitting";
  const subjects = policy.viewAll ? members : members.filter((m) => m.id === me);
  return (
    <div>
      <Link to="/screening" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.screening.title}
      </Link>
      <PageTitle className="mt-2">{round.title}</PageTitle>
      <p className="mt-1 text-stone-600">{t.screeningPortrait.intro}{policy.seeRaisers ? t.screeningPortrait.seesRaisers : t.screeningPortrait.peersHidden}</p>
      {result?.message ? <div className="mt-4"><Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice></div> : null}
      {result?.confirm ? (
        <Form method="post" className="mt-3 flex gap-2" data-testid="confirm-finalise">
          <input type="hidden" name="intent" value="finalise" />
          <input type="hidden" name="subjectId" value={result.confirm.subjectId} />
          <input type="hidden" name="confirmed" value="1" />
          <Button type="submit" disabled={busy}>
            {t.screeningPortrait.confirmFinaliseButton}
          </Button>
        </Form>
      ) : null}
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="space-y-5">
          {subjects.map((m) => {
            const list = problems.filter((p) => p.subjectId === m.id);
            const open = list.filter((p) => !p.finalised);
            return (
              <section key={m.id} className={`${CARD} p-5`} data-testid={`portrait-${m.name}`}>
                <div className="flex items-center justify-between">
                  <h2 className="font-semibold text-stone-900">{m.name}</h2>
                  {policy.secretary && open.length ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="finalise" />
                      <input type="hidden" name="subjectId" value={m.id} />
                      <Button type="submit" disabled={busy}>
                        {t.screeningPortrait.finalise}
                      </Button>
                    </Form>
                  ) : null}
                </div>
                <ul className="mt-3 space-y-3">
                  {list.map((p) => (
                    <li key={p.id} className="rounded-lg border border-stone-200 p-3 text-sm">
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="rounded bg-brand-50 px-2 py-0.5 text-xs text-brand-700">{SOURCES[p.source]}</span>
                        <span className="rounded bg-stone-100 px-2 py-0.5 text-xs">{AREA_LABELS[p.area] ?? p.area}</span>
                        {p.earlySign ? <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">{t.screeningPortrait.earlySign}</span> : null}
                        <span className="ml-auto text-xs text-stone-500">
                          {RESPONSES[p.response]}
                          {p.finalised ? t.screeningPortrait.finalisedMark : ""}
                        </span>
                      </div>
                      <p className="mt-2 text-stone-800">{p.description}</p>
                      {p.raisedBy ? <p className="mt-1 text-xs text-stone-500">{t.screeningPortrait.raisedBy(p.raisedBy)}</p> : null}
                      {p.responseNote ? <p className="mt-1 text-xs text-stone-600">{t.screeningPortrait.responseNote(p.responseNote)}</p> : null}
                      {p.ruling ? <p className="mt-1 text-xs text-stone-600">{t.screeningPortrait.ruling(p.ruling)}</p> : null}
                      {policy.secretary && p.response === "disputed" && !p.finalised ? (
                        <Form method="post" className="mt-2 flex flex-wrap gap-2">
                          <input type="hidden" name="intent" value="rule" />
                          <input type="hidden" name="problemId" value={p.id} />
                          <input name="ruling" defaultValue={p.ruling} placeholder={t.screeningPortrait.rulingPlaceholder} aria-label={t.screeningPortrait.rulingLabel} className={`${inputClass} !mt-0 flex-1`} required />
                          <Button type="submit" variant="secondary" disabled={busy}>
                            {t.screeningPortrait.rule}
                          </Button>
                        </Form>
                      ) : null}
                      {p.subjectId === me && !p.finalised ? (
                        <Form method="post" className="mt-2 flex flex-wrap gap-2">
                          <input type="hidden" name="problemId" value={p.id} />
                          <input name="note" placeholder={t.screeningPortrait.notePlaceholder} aria-label={t.screeningPortrait.note} className={`${inputClass} !mt-0 flex-1`} />
                          <Button type="submit" name="intent" value="confirmed" disabled={busy}>
                            {t.screeningPortrait.confirm}
                          </Button>
                          <Button type="submit" name="intent" value="disputed" variant="secondary" disabled={busy}>
                            {t.screeningPortrait.dispute}
                          </Button>
                        </Form>
                      ) : null}
                      {policy.earlySign ? (
                        <div className="mt-2 flex flex-wrap gap-3 text-xs">
                          <Form method="post">
                            <input type="hidden" name="intent" value="early" />
                            <input type="hidden" name="problemId" value={p.id} />
                            <input type="hidden" name="flag" value={p.earlySign ? "0" : "1"} />
                            <button type="submit" className="text-amber-800 hover:underline">
                              {p.earlySign ? t.screeningPortrait.unflagEarlySign : t.screeningPortrait.flagEarlySign}
                            </button>
                          </Form>
                          {p.talks.map((tk, i) => (
                            <span key={i} className="text-stone-600">
                              {t.screeningPortrait.talkOn(tk.scheduledAt.slice(0, 10))}
                              {tk.heldAt ? t.screeningPortrait.talkHeld(tk.outcome) : t.screeningPortrait.talkPending}
                            </span>
                          ))}
                        </div>
                      ) : null}
                      {policy.earlySign && p.earlySign ? (
                        <Form method="post" className="mt-2 flex flex-wrap gap-2 text-xs">
                          <input type="hidden" name="intent" value="talk" />
                          <input type="hidden" name="problemId" value={p.id} />
                          <input type="date" name="scheduledAt" required aria-label={t.screeningPortrait.talkDate} className={`${inputClass} !mt-0 w-auto`} />
                          <input type="date" name="heldAt" aria-label={t.screeningPortrait.talkHeldDate} className={`${inputClass} !mt-0 w-auto`} />
                          <input name="outcome" placeholder={t.screeningPortrait.talkOutcome} aria-label={t.screeningPortrait.talkOutcome} className={`${inputClass} !mt-0 flex-1`} />
                          <Button type="submit" variant="secondary" disabled={busy}>
                            {t.screeningPortrait.recordTalk}
                          </Button>
                        </Form>
                      ) : null}
                    </li>
                  ))}
                  {list.length === 0 ? <li className="text-sm text-stone-500">{t.screeningPortrait.noProblems}</li> : null}
                </ul>
              </section>
            );
          })}
        </div>
        <Card className="h-fit p-5">
          <h2 className="font-semibold text-stone-900">{t.screeningPortrait.raiseTitle}</h2>
          <Form method="post" className="mt-3 space-y-3" key={result?.raisedAt ?? 0}>
            <input type="hidden" name="intent" value="raise" />
            <select name="subjectId" aria-label={t.screeningPortrait.subject} className={inputClass}>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                  {m.id === me ? t.screeningPortrait.me : ""}
                </option>
              ))}
            </select>
            <Select name="source" aria-label={t.screeningPortrait.source} defaultValue={policy.secretary ? "superior" : "peer"} options={SOURCES} />
            {/* No default: the area is an explicit choice every time. */}
            <Select name="area" aria-label={t.screeningPortrait.area} options={AREAS} empty={t.screeningPortrait.chooseArea} defaultValue="" required />
            <textarea name="description" rows={3} placeholder={t.screeningPortrait.description} aria-label={t.screeningPortrait.description} className={inputClass} required />
            {risks.length ? (
              <Select name="riskPointId" aria-label={t.screeningPortrait.riskPoint} options={nameOptions(risks)} empty={t.screeningPortrait.noRiskPoint} />
            ) : null}
            {policy.secretary ? (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="earlySign" /> {t.screeningPortrait.earlySignCheckbox}
              </label>
            ) : null}
            <Button type="submit" disabled={busy}>
              {t.screeningPortrait.raise}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}

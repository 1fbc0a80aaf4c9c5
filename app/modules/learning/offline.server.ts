// Offline activities and check-in. The organiser's screen shows a QR code for a link carrying a
// short-lived signed code: HMAC-SHA256 over the session and the current minute, with a secret kept
// per session. A code is good for two minutes, and only within the session's check-in window.
import crypto from "node:crypto";
import { z } from "zod";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import type { Actor } from "#app/modules/identity/permissions.server.ts";
import { sessionPolicy } from "./policy.server.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { OFFLINE_KINDS } from "./assignments.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { formatMonthDayTime } from "#app/lib/time.ts";

export const CODE_STEP_MS = 60_000;
/** Check-in opens before the start and closes after the end by this much. */
export const WINDOW_MARGIN_MS = 30 * 60_000;

export const sessionInput = z
  .object({
    kind: z.enum(Object.keys(OFFLINE_KINDS) as [string, ...string[]], { error: t.sessions.errors.kind }),
    title: z.string().trim().min(1, t.sessions.errors.title).max(100),
    unitId: z.string().min(1, t.sessions.errors.unit),
    place: z.string().trim().min(1, t.sessions.errors.place).max(100),
    startsAt: z.coerce.date({ error: t.sessions.errors.startsAt }),
    endsAt: z.coerce.date({ error: t.sessions.errors.endsAt }),
  })
  .refine((s) => s.endsAt > s.startsAt, { message: t.sessions.errors.endBeforeStart, path: ["endsAt"] });

export async function createSession(input: z.infer<typeof sessionInput>, organiserId: string) {
  return db.offlineSession.create({ data: { ...input, organiserId, secret: crypto.randomBytes(32).toString("base64url") } });
}

export function codeFor(session: { id: string; secret: string }, at: number): string {
  const step = Math.floor(at / CODE_STEP_MS);
  return crypto.createHmac("sha256", session.secret).update(`${session.id}:${step}`).digest("base64url").slice(0, 16);
}

export function checkInUrl(origin: string, session: { id: string; secret: string }, now = Date.now()) {
  return `${origin}/checkin/${session.id}?c=${codeFor(session, now)}`;
}

/**
 * The check-in page of a session, for a person it concerns (the session's unit or below): anyone else
 * learns nothing of it, not even that it exists.
 */
export async function checkInView(person: { id: string; unitPath: string }, sessionId: string) {
  const session = await db.offlineSession.findUnique({ where: { id: sessionId } });
  const unit = session ? await db.orgUnit.findUnique({ where: { id: session.unitId }, select: { path: true } }) : null;
  if (!session || !unit || !person.unitPath.startsWith(unit.path)) throw new DomainError(t.sessions.missing, 404);
  const already = await db.attendance.findUnique({ where: { sessionId_userId: { sessionId: session.id, userId: person.id } } });
  return { session, already: Boolean(already) };
}

/** Validates a scanned code and records attendance once. */
export async function checkIn(person: { id: string; unitId: string; unitPath: string }, sessionId: string, code: string, now = Date.now()) {
  const session = await db.offlineSession.findUnique({ where: { id: sessionId } });
  if (!session) throw new DomainError(t.sessions.missing);
  const unit = await db.orgUnit.findUnique({ where: { id: session.unitId }, select: { path: true, name: true } });
  if (!unit || !person.unitPath.startsWith(unit.path)) throw new DomainError(t.sessions.notInScope(unit?.name ?? t.sessions.someUnit));
  const opens = session.startsAt.getTime() - WINDOW_MARGIN_MS;
  const closes = session.endsAt.getTime() + WINDOW_MARGIN_MS;
  if (now < opens || now > closes) {
    throw new DomainError(t.sessions.outsideWindow(formatMonthDayTime(new Date(opens)), formatMonthDayTime(new Date(closes))));
  }
  const valid = [now, now - CODE_STEP_MS].some((at) => safeEqual(codeFor(session, at), code));
  if (!valid) throw new DomainError(t.sessions.badCode);
  return attend(session, person, "qr", null, new Date(now));
}

function safeEqual(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The organiser marks someone present (no code needed). */
export async function markPresent(sessionId: string, userId: string, organiserId: string, now = new Date()) {
  const session = await db.offlineSession.findUniqueOrThrow({ where: { id: sessionId } });
  const person = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, unitId: true } });
  return attend(session, person, "organiser", organiserId, now);
}

/**
 * A session as its organiser's screen shows it: only for a holder of assignment.manage over the
 * session's unit (404 when it does not exist, 403 otherwise).
 */
export async function organiserSession(actor: Actor, sessionId: string) {
  const session = await db.offlineSession.findUnique({ where: { id: sessionId } });
  if (!session) throw new DomainError(t.sessions.missing, 404);
  const unit = await db.orgUnit.findUniqueOrThrow({ where: { id: session.unitId } });
  if (!sessionPolicy(actor, unit).manage) throw new DomainError(t.errors.forbidden, 403);
  return { session, unit };
}

/**
 * The organiser marks someone present by username. A username outside the session's unit gets the
 * same answer as one that does not exist, so the form reveals no other bureau's names.
 */
export async function markPresentByUsername(actor: Actor, sessionId: string, rawUsername: string, now = new Date()) {
  const { session, unit } = await organiserSession(actor, sessionId);
  const username = rawUsername.trim().toLowerCase().slice(0, 64);
  const person = username ? await db.user.findUnique({ where: { username }, include: { unit: { select: { path: true } } } }) : null;
  if (!person || !person.active || !person.unit.path.startsWith(unit.path)) throw new DomainError(t.sessions.noSuchUser(username), 400);
  const r = await attend(session, person, "organiser", actor.id, now);
  return { ...r, name: person.name };
}

async function attend(session: { id: string; title: string; kind: string }, person: { id: string; unitId: string }, method: "qr" | "organiser", markedById: string | null, now: Date) {
  return db.$transaction(async (tx) => {
    const existing = await tx.attendance.findUnique({ where: { sessionId_userId: { sessionId: session.id, userId: person.id } } });
    if (existing) return { already: true, at: existing.at };
    await tx.attendance.create({ data: { sessionId: session.id, userId: person.id, method, markedById, at: now } });
    await appendRecord(
      {
        actorId: person.id,
        unitId: person.unitId,
        verb: "attended",
        object: { type: "offline-session", id: session.id, name: session.title },
        result: { completion: true },
        context: { kind: session.kind, method },
        timestamp: now,
      },
      tx,
    );
    return { already: false, at: now };
  });
}

export async function sessionsFor(unitPath: string, from = new Date(Date.now() - 30 * 86_400_000)) {
  const ids = unitPath.split("/").filter(Boolean);
  return db.offlineSession.findMany({ where: { unitId: { in: ids }, endsAt: { gte: from } }, orderBy: { startsAt: "asc" } });
}

// The integrity pledge (廉政承诺书). Texts are published per year and audience, in MDX. Signing stores
// the exact text version, the name typed, the drawn signature, the time, and a SHA-256 over all of
// them; a signature is never edited, and anyone allowed to see it can verify it.
import crypto from "node:crypto";
import { db } from "#app/lib/db.server.ts";
import { t } from "#app/lib/strings.ts";
import { appendRecord } from "#app/modules/records/records.server.ts";
import { contentHash, ensureCompiled } from "#app/modules/content/compile.server.ts";
import { checkFrontmatter } from "#app/modules/content/lesson-format.ts";
import { validateMdxBody } from "#app/modules/content/validate.ts";
import { z } from "zod";
import { DomainError } from "#app/lib/domain-error.ts";
import { subtreeWhere } from "#app/modules/identity/org.server.ts";

export const AUDIENCES: Record<string, string> = t.activityPledge.audiences;

const pledgeMeta = z.object({ title: z.string().trim().min(1), year: z.number().int().min(2000).max(2100), group: z.enum(["all-staff", "leaders"]) }).strict();

/** Leaders sign the leaders' text; a 主任科员 is a rank, not a leading post. */
export function isLeader(position: string): boolean {
  if (/主任科员/.test(position)) return false;
  return /(局长|科长|主任|书记|组长|所长|委员|处长|部长)/.test(position);
}

/** Publishes a pledge text (from content/pledges or the browser); a changed text supersedes the old one. */
export async function publishPledge(source: string, publishedById: string | null) {
  const fm = checkFrontmatter(source, pledgeMeta);
  const problems = [...fm.problems, ...validateMdxBody(source)];
  if (!fm.data || problems.length) throw new DomainError(problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n"));
  const hash = contentHash(source);
  const existing = await db.pledgeText.findFirst({ where: { year: fm.data.year, audience: fm.data.group, status: "published" } });
  if (existing?.contentHash === hash) return existing;
  await ensureCompiled(source);
  return db.$transaction(async (tx) => {
    if (existing) await tx.pledgeText.update({ where: { id: existing.id }, data: { status: "superseded" } });
    return tx.pledgeText.create({ data: { year: fm.data!.year, audience: fm.data!.group, title: fm.data!.title, source, contentHash: hash, publishedById } });
  });
}

export async function pledgeFor(person: { position: string }, year: number) {
  const audience = isLeader(person.position) ? "leaders" : "all-staff";
  return (
    (await db.pledgeText.findFirst({ where: { year, audience, status: "published" } })) ??
    (await db.pledgeText.findFirst({ where: { year, audience: "all-staff", status: "published" } }))
  );
}

export function signatureHash(input: { contentHash: string; userId: string; typedName: string; png: Uint8Array; signedAt: Date }): string {
  const png = crypto.createHash("sha256").update(input.png).digest("hex");
  return crypto
    .createHash("sha256")
    .update(JSON.stringify(["qingfeng-pledge-v1", input.contentHash, input.userId, input.typedName, png, input.signedAt.toISOString()]))
    .digest("hex");
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function decodeSignature(dataUrl: string): Uint8Array {
  const m = dataUrl.match(/^data:image\/png;base64,([A-Za-z0-9+/=]+)$/);
  if (!m) throw new DomainError(t.activityPledge.errors.signatureMissing);
  const bytes = new Uint8Array(Buffer.from(m[1]!, "base64"));
  if (bytes.length > 300_000) throw new DomainError(t.activityPledge.errors.signatureTooLarge);
  if (bytes.length < 200 || !PNG_MAGIC.every((b, i) => bytes[i] === b)) throw new DomainError(t.activityPledge.errors.signatureInvalid);
  return bytes;
}

export async function signPledge(
  person: { id: string; unitId: string; name: string; position: string },
  input: { pledgeTextId: string; typedName: string; confirmed: boolean; signature: string },
  now = new Date(),
) {
  const text = await db.pledgeText.findUnique({ where: { id: input.pledgeTextId } });
  if (!text || text.status !== "published") throw new DomainError(t.activityPledge.errors.textGone, 409);
  if (!input.confirmed) throw new DomainError(t.activityPledge.errors.confirmRequired);
  if (input.typedName.trim() !== person.name) throw new DomainError(t.activityPledge.errors.nameMismatch(person.name));
  const png = decodeSignature(input.signature);
  const sha256 = signatureHash({ contentHash: text.contentHash, userId: person.id, typedName: person.name, png, signedAt: now });
  return db.$transaction(async (tx) => {
    if (await tx.pledgeSignature.findUnique({ where: { userId_year: { userId: person.id, year: text.year } } })) {
      throw new DomainError(t.activityPledge.errors.alreadySigned(text.year), 409);
    }
    const signature = await tx.pledgeSignature.create({
      data: { pledgeTextId: text.id, userId: person.id, unitId: person.unitId, year: text.year, typedName: person.name, signaturePng: png as Uint8Array<ArrayBuffer>, signedAt: now, sha256 },
    });
    await appendRecord(
      {
        actorId: person.id,
        unitId: person.unitId,
        verb: "signed",
        object: { type: "pledge", id: text.id, name: t.activityPledge.recordName(text.year, text.title) },
        result: { completion: true },
        context: { year: text.year, audience: text.audience, signatureId: signature.id, sha256 },
        timestamp: now,
      },
      tx,
    );
    return signature;
  });
}

/** Recomputes the hash from what is stored: true when text, name, image and time are as signed. */
export async function verifySignature(signatureId: string) {
  const s = await db.pledgeSignature.findUnique({ where: { id: signatureId }, include: { pledgeText: true } });
  if (!s) return null;
  const textIntact = contentHash(s.pledgeText.source) === s.pledgeText.contentHash;
  const expected = signatureHash({ contentHash: s.pledgeText.contentHash, userId: s.userId, typedName: s.typedName, png: new Uint8Array(s.signaturePng), signedAt: s.signedAt });
  return { ok: textIntact && expected === s.sha256, stored: s.sha256, computed: expected, textIntact };
}

export async function signatureStatus(unitPath: string, year: number) {
  const people = await db.user.findMany({ where: { active: true, unit: subtreeWhere(unitPath) }, include: { unit: { select: { name: true, path: true } } }, orderBy: [{ unit: { path: "asc" } }, { name: "asc" }] });
  const signed = new Map((await db.pledgeSignature.findMany({ where: { year, userId: { in: people.map((p) => p.id) } }, select: { userId: true, signedAt: true } })).map((s) => [s.userId, s.signedAt]));
  return people.map((p) => ({ id: p.id, name: p.name, unit: p.unit.name, signedAt: signed.get(p.id)?.toISOString() ?? null }));
}

export { contentHash };

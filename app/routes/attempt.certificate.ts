import type { Route } from "./+types/attempt.certificate";
import { db } from "#app/lib/db.server.ts";
import { escapeHtml, htmlToPdf } from "#app/lib/pdf.server.ts";
import { t } from "#app/lib/strings.ts";
import { forbidden, notFound, personTarget, requireUser } from "#app/modules/identity/auth.server.ts";
import { attemptPolicy } from "#app/modules/assessment/policy.server.ts";
import { refusedText } from "#app/lib/domain-error.ts";
import { formatDateLong } from "#app/lib/time.ts";

/** A certificate for a passed exam, as an A4 PDF with correct Chinese text. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const attempt = await db.attempt.findUnique({ where: { id: params.attemptId }, include: { exam: true } });
  if (!attempt) throw notFound(t.examErrors.attemptNotFound);
  if (!attemptPolicy(user, { taker: await personTarget(attempt.userId) }).certificate) throw forbidden();
  if (!attempt.passed) throw notFound(t.examCertificate.notPassed);
  const person = await db.user.findUniqueOrThrow({ where: { id: attempt.userId }, include: { unit: true } });
  const date = formatDateLong(attempt.submittedAt ?? new Date());
  const code = attempt.recordId?.slice(0, 8).toUpperCase() ?? attempt.id.slice(-8).toUpperCase();
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
    @page { size: A4 landscape; margin: 0; }
    body { margin: 0; font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; color: #1f2328; }
    .frame { box-sizing: border-box; width: 297mm; height: 209mm; padding: 18mm; }
    .inner { box-sizing: border-box; height: 100%; border: 3px double #b3261e; padding: 16mm 22mm; text-align: center; }
    h1 { font-size: 34pt; letter-spacing: 12pt; color: #b3261e; margin: 8mm 0 12mm; }
    p { font-size: 15pt; line-height: 2; margin: 0; }
    .name { font-size: 22pt; font-weight: 700; border-bottom: 1px solid #333; padding: 0 8mm; }
    .meta { margin-top: 14mm; font-size: 11pt; color: #555; }
    .org { margin-top: 10mm; font-size: 14pt; text-align: right; }
  </style></head><body><div class="frame"><div class="inner">
    <h1>${t.examCertificate.title}</h1>
    <p>${t.examCertificate.addressee(`<span class="name">${escapeHtml(person.name)}</span>`, escapeHtml(person.unit.name))}</p>
    <p>${t.examCertificate.attended(escapeHtml(date), escapeHtml(attempt.exam.title))}</p>
    <p>${t.examCertificate.result(attempt.score, attempt.maxScore)}</p>
    <p class="org">${t.examCertificate.issuer}<br>${escapeHtml(date)}</p>
    <p class="meta">${t.examCertificate.meta(escapeHtml(code), escapeHtml(attempt.recordId ?? attempt.id))}</p>
  </div></div></body></html>`;
  try {
    const pdf = await htmlToPdf(html);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(t.examCertificate.fileName(person.name, attempt.exam.title))}`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    return refusedText(error);
  }
}

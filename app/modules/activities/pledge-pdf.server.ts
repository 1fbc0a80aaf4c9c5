// A signed pledge as an A4 PDF: the exact text signed, the name, the drawn signature, the time, the hash.
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { mdxComponentFor, registerCompiledOnServer } from "#app/components/mdx/registry.ts";
import { db } from "#app/lib/db.server.ts";
import { escapeHtml, htmlToPdf } from "#app/lib/pdf.server.ts";
import { t } from "#app/lib/strings.ts";
import { ensureCompiled, getCompiled } from "#app/modules/content/compile.server.ts";
import { formatDateTimeLong } from "#app/lib/time.ts";

export async function renderPledgeHtml(source: string): Promise<string> {
  const hash = await ensureCompiled(source);
  const compiled = await getCompiled(hash);
  if (!compiled) return "";
  registerCompiledOnServer(hash, compiled.code);
  const Component = mdxComponentFor(hash);
  return Component ? renderToStaticMarkup(createElement(Component, {})) : "";
}

export async function pledgePdf(signatureId: string): Promise<Buffer | null> {
  const s = await db.pledgeSignature.findUnique({ where: { id: signatureId }, include: { pledgeText: true } });
  if (!s) return null;
  const person = await db.user.findUniqueOrThrow({ where: { id: s.userId }, include: { unit: true } });
  const body = await renderPledgeHtml(s.pledgeText.source);
  const when = formatDateTimeLong(s.signedAt);
  const png = Buffer.from(s.signaturePng).toString("base64");
  const words = t.activityPledge;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
    body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; color: #1f2328; font-size: 12pt; line-height: 1.9; }
    h1 { text-align: center; font-size: 22pt; letter-spacing: 4pt; margin: 0 0 8mm; }
    .sign { margin-top: 12mm; text-align: right; }
    .sign img { height: 22mm; vertical-align: middle; }
    .meta { margin-top: 14mm; font-family: "Noto Sans CJK SC", sans-serif; font-size: 8.5pt; color: #555; word-break: break-all; border-top: 1px solid #ccc; padding-top: 3mm; line-height: 1.6; }
  </style></head><body>
    <h1>${escapeHtml(s.pledgeText.title)}</h1>
    ${body}
    <div class="sign">
      <p>${words.pdf.signer}<img src="data:image/png;base64,${png}" alt="${words.signatureAlt}"></p>
      <p>${escapeHtml(person.name)} · ${escapeHtml(person.unit.name)}</p>
      <p>${escapeHtml(when)}</p>
    </div>
    <div class="meta">${words.pdf.hash}${escapeHtml(s.sha256)}<br>${words.pdf.number}${escapeHtml(s.id)} · ${words.pdf.version}${escapeHtml(s.pledgeText.contentHash.slice(0, 16))}</div>
  </body></html>`;
  return htmlToPdf(html);
}

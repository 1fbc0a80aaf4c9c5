// The integrity file as an A4 document: a cover page, the year's summary and the full timeline,
// with page numbers. HTML rendered by Chromium's print engine (app/lib/pdf.server.ts).
import { escapeHtml, htmlToPdf } from "#app/lib/pdf.server.ts";
import { t } from "#app/lib/strings.ts";
import type { IntegrityFile } from "./file.server.ts";
import { formatDateTime } from "#app/lib/time.ts";

const VERB = t.records.verbs;
const F = t.file.facts;
const D = t.filePdf;

export async function integrityFilePdf(file: IntegrityFile, viewer: string): Promise<Buffer> {
  return htmlToPdf(integrityFileHtml(file, viewer), { pageNumbers: true, headerTitle: D.headerTitle(file.person.name, file.year) });
}

/** The document the PDF prints (exported so tests can read it without a browser). */
export function integrityFileHtml(file: IntegrityFile, viewer: string): string {
  const p = file.person;
  const s = file.summary;
  const rows: [string, string][] = [
    [F.courses, t.file.list(s.courses) || "—"],
    [F.lessons, t.file.lessons(s.lessons, s.activeMinutes)],
    [F.exams, t.file.exams(s.exams.map((e) => D.exam(e.title, e.best, e.max, e.passed, e.attempts))) || "—"],
    [F.practice, t.file.times(s.practice)],
    [F.offline, t.file.list(s.offline.map((o) => o.title)) || "—"],
    [F.pledges, t.file.list(s.pledges) || "—"],
    [F.works, t.file.list(s.works) || "—"],
    [F.reflections, t.file.pieces(s.reflections)],
    [F.discussions, t.file.times(s.discussions)],
    [F.problems, t.file.problems(s.problems, s.rectifications)],
  ];
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
    body { font-family: "Noto Sans CJK SC", sans-serif; color: #1f2328; font-size: 11pt; }
    .cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center; page-break-after: always; }
    .cover h1 { font-family: "Noto Serif CJK SC", serif; font-size: 32pt; letter-spacing: 8pt; color: #b3261e; margin: 0 0 24mm; }
    .cover table { margin: 0 auto; font-size: 14pt; border-collapse: collapse; }
    .cover td { padding: 3mm 6mm; border-bottom: 1px solid #999; text-align: left; min-width: 60mm; }
    .cover .meta { margin-top: 30mm; font-size: 10pt; color: #666; }
    h2 { font-size: 14pt; border-left: 4px solid #b3261e; padding-left: 3mm; margin: 6mm 0 4mm; }
    table.data { width: 100%; border-collapse: collapse; }
    table.data th, table.data td { border: 1px solid #ccc; padding: 2mm 3mm; vertical-align: top; text-align: left; }
    table.data th { background: #f3f0ee; width: 28mm; }
    .struck { color: #999; text-decoration: line-through; }
  </style></head><body>
  <section class="cover">
    <h1>${D.title}</h1>
    <table>
      <tr><td>${D.name}</td><td>${escapeHtml(p.name)}</td></tr>
      <tr><td>${D.unit}</td><td>${escapeHtml(p.unit)}</td></tr>
      <tr><td>${D.position}</td><td>${escapeHtml(p.position || "—")}</td></tr>
      <tr><td>${D.politics}</td><td>${p.isPartyMember ? t.file.partyMember : "—"}</td></tr>
      <tr><td>${D.year}</td><td>${D.yearValue(file.year)}</td></tr>
    </table>
    <p class="meta">${D.meta(escapeHtml(formatDateTime(new Date())), escapeHtml(viewer))}</p>
  </section>
  <h2>${t.file.yearSummary(file.year)}</h2>
  <table class="data">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>
  <h2>${D.timeline(file.timeline.length)}</h2>
  <table class="data"><tr><th>${t.records.when}</th><th>${D.verb}</th><th style="width:auto">${t.records.what}</th><th>${t.records.result}</th></tr>
  ${file.timeline
    .map(
      (e) =>
        `<tr class="${e.corrected ? "struck" : ""}"><td>${escapeHtml(formatDateTime(new Date(e.at)))}</td><td>${escapeHtml(VERB[e.verb] ?? e.verb)}</td><td>${escapeHtml(e.objectName)}${e.correction ? t.file.correction : ""}${e.dispute ? `<br>${escapeHtml(t.file.dispute(e.dispute.note, e.dispute.ruling))}` : ""}</td><td>${e.score ? `${e.score.raw}/${e.score.max}` : ""}</td></tr>`,
    )
    .join("")}
  </table>
  </body></html>`;
  return html;
}

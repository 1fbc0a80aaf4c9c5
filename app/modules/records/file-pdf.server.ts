// The integrity file as an A4 document: a cover page, the year's summary and the full timeline,
// with page numbers. HTML rendered by Chromium's print engine (app/lib/pdf.server.ts).
import { escapeHtml, htmlToPdf } from "#app/lib/pdf.server.ts";
import { t } from "#app/lib/strings.ts";
import type { IntegrityFile } from "./file.server.ts";

const VERB = t.records.verbs;

export async function integrityFilePdf(file: IntegrityFile, viewer: string): Promise<Buffer> {
  const fmt = new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" });
  const p = file.person;
  const s = file.summary;
  const rows: [string, string][] = [
    ["完成课程", s.courses.join("、") || "—"],
    ["完成课时", `${s.lessons} 课（有效学习 ${s.activeMinutes} 分钟）`],
    ["考试", s.exams.map((e) => `${e.title}：最高 ${e.best}/${e.max} 分，${e.passed ? "合格" : "未合格"}（${e.attempts} 次）`).join("；") || "—"],
    ["随堂练习", `${s.practice} 次`],
    ["线下活动", s.offline.map((o) => o.title).join("、") || "—"],
    ["廉政承诺", s.pledges.join("、") || "—"],
    ["作品", s.works.join("、") || "—"],
    ["心得与寄语", `${s.reflections} 篇`],
    ["专题讨论", `${s.discussions} 次`],
    ["问题与整改", `查摆问题 ${s.problems} 个，整改销号 ${s.rectifications} 个`],
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
    <h1>个人廉政档案</h1>
    <table>
      <tr><td>姓&#12288;&#12288;名</td><td>${escapeHtml(p.name)}</td></tr>
      <tr><td>单&#12288;&#12288;位</td><td>${escapeHtml(p.unit)}</td></tr>
      <tr><td>职&#12288;&#12288;务</td><td>${escapeHtml(p.position || "—")}</td></tr>
      <tr><td>政治面貌</td><td>${p.isPartyMember ? "中共党员" : "—"}</td></tr>
      <tr><td>年&#12288;&#12288;度</td><td>${file.year} 年</td></tr>
    </table>
    <p class="meta">清风学堂 廉政教育平台 · 生成于 ${escapeHtml(fmt.format(new Date()))} · 查阅人 ${escapeHtml(viewer)}</p>
  </section>
  <h2>${file.year} 年度概况</h2>
  <table class="data">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>
  <h2>全部记录（共 ${file.timeline.length} 条）</h2>
  <table class="data"><tr><th>时间</th><th>动作</th><th style="width:auto">内容</th><th>结果</th></tr>
  ${file.timeline
    .map(
      (e) =>
        `<tr class="${e.corrected ? "struck" : ""}"><td>${escapeHtml(fmt.format(new Date(e.at)))}</td><td>${escapeHtml(VERB[e.verb] ?? e.verb)}</td><td>${escapeHtml(e.objectName)}${e.correction ? "（更正记录）" : ""}</td><td>${e.score ? `${e.score.raw}/${e.score.max}` : ""}</td></tr>`,
    )
    .join("")}
  </table>
  </body></html>`;
  return htmlToPdf(html, { pageNumbers: true, headerTitle: `${p.name} · 个人廉政档案 · ${file.year}` });
}

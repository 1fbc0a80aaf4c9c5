// HTML → PDF with correct Chinese text, through the system Chromium (the same binary the e2e suite
// uses) and its print engine, which embeds the CJK fonts and keeps a real text layer. One browser
// is kept for the process and jobs run one at a time (docs/decisions/007-pdf-through-chromium.md).
import fs from "node:fs";
import type { Browser } from "playwright-core";
import { t } from "./strings.ts";
import { DomainError } from "#app/lib/domain-error.ts";

let browser: Promise<Browser> | null = null;
let queue: Promise<unknown> = Promise.resolve();

function chromiumPath() {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

async function getBrowser(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath())) throw new DomainError(t.pdfService.unavailable(chromiumPath()), 503);
  browser ??= import("playwright-core").then(({ chromium }) =>
    chromium.launch({
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }),
  );
  const b = await browser.catch((error) => {
    browser = null;
    throw error;
  });
  if (!b.isConnected()) {
    browser = null;
    return getBrowser();
  }
  return b;
}

export type PdfOptions = { headerTitle?: string; pageNumbers?: boolean };

/** Renders a complete HTML document (no external resources) to an A4 PDF. */
export function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
  const job = queue.then(async () => {
    const b = await getBrowser();
    const context = await b.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: "load" });
      return await page.pdf({
        format: "A4",
        printBackground: true,
        margin: { top: "18mm", bottom: "18mm", left: "16mm", right: "16mm" },
        displayHeaderFooter: Boolean(options.pageNumbers || options.headerTitle),
        headerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#888;font-family:'Noto Sans CJK SC',sans-serif">${escapeHtml(options.headerTitle ?? "")}</div>`,
        footerTemplate: options.pageNumbers
          ? `<div style="font-size:9px;width:100%;text-align:center;color:#666;font-family:'Noto Sans CJK SC',sans-serif">${t.pdfService.pageFooter('<span class="pageNumber"></span>', '<span class="totalPages"></span>')}</div>`
          : "<div></div>",
      });
    } finally {
      await context.close();
    }
  });
  queue = job.catch(() => undefined);
  return job;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export async function closePdfBrowser() {
  const b = await browser?.catch(() => null);
  browser = null;
  await b?.close();
}

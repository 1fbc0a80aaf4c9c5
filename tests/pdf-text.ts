// Text layer of a PDF, for tests that check what a person would read (pdf.js, no system tools).
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    parts.push(content.items.map((it) => ("str" in it ? it.str : "")).join(""));
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text: fold(parts.join("\n")) };
}

/**
 * Fonts map some glyphs to Kangxi radicals or CJK radicals-supplement code points in the ToUnicode
 * table (⼈ for 人, ⻚ for 页). NFKC folds the Kangxi ones; the supplement ones need a table.
 */
const SUPPLEMENT: Record<string, string> = { "⻚": "页", "⻛": "风", "⻓": "长", "⻄": "西", "⻅": "见", "⻋": "车", "⻔": "门", "⻢": "马", "⻜": "飞", "⻝": "食", "⻘": "青", "⻣": "骨", "⻤": "鬼" };

function fold(text: string): string {
  return text.normalize("NFKC").replace(/[\u2e80-\u2eff]/g, (c) => SUPPLEMENT[c] ?? c);
}

// Bounds on authored Markdown (reflections, messages) checked before any parser sees it. react-markdown
// recurses once per nesting level: 5,000 nested `*` or `>` overflowed the stack and made every view of
// the text a 500, and a few thousand indented list levels took minutes. Ordinary writing is far inside
// these bounds; text outside them is refused when saved and shown as plain text if already stored.
import { t } from "#app/lib/strings.ts";

export const MARKDOWN_LIMITS = { length: 60_000, markersPerParagraph: 200, quoteDepth: 10, indent: 40, brackets: 200 };

const CONTAINER = /^[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))/;

/** Why this text may not be rendered as Markdown, or null when it may. Linear in the text's length. */
export function markdownProblem(text: string): string | null {
  const L = MARKDOWN_LIMITS;
  if (text.length > L.length) return t.markdownLimits.tooLong(L.length);
  for (const paragraph of text.split(/\n[ \t]*\n/)) {
    let markers = 0;
    let brackets = 0;
    for (const ch of paragraph) {
      if (ch === "*" || ch === "_" || ch === "~") markers++;
      else if (ch === "[" || ch === "(") brackets++;
    }
    if (markers > L.markersPerParagraph) return t.markdownLimits.tooManyMarkers(L.markersPerParagraph);
    if (brackets > L.brackets) return t.markdownLimits.tooManyBrackets(L.brackets);
  }
  for (const line of text.split("\n")) {
    const quotes = line.match(/^(?:[ \t]*>)+/)?.[0].split(">").length ?? 1;
    if (quotes - 1 > L.quoteDepth) return t.markdownLimits.quoteTooDeep(L.quoteDepth);
    const indent = (line.match(/^[ \t]*/)?.[0] ?? "").replace(/\t/g, "    ").length;
    if (indent > L.indent) return t.markdownLimits.indentTooDeep(L.indent);
    // Containers opened on one line ("- - - - x", "> - > - x") nest as deeply as indented ones.
    let rest = line;
    let containers = 0;
    for (let m = rest.match(CONTAINER); m && containers <= L.quoteDepth * 2; m = rest.match(CONTAINER)) {
      containers++;
      rest = rest.slice(m[0].length);
    }
    if (containers > L.quoteDepth * 2) return t.markdownLimits.indentTooDeep(L.indent);
  }
  return null;
}

// The readable text of an MDX document (for search and snippets): no frontmatter, no markup.
import { visit } from "unist-util-visit";
import { parseMdx } from "./validate.ts";

export function toPlainText(source: string): string {
  const { tree } = parseMdx(source);
  if (!tree) return "";
  const parts: string[] = [];
  visit(tree, (node) => {
    const n = node as { type: string; value?: string };
    if (n.type === "yaml") return "skip";
    if (n.type === "text" || n.type === "inlineCode") parts.push(n.value ?? "");
    if (n.type === "paragraph" || n.type === "heading" || n.type === "tableCell" || n.type === "listItem") parts.push(" ");
  });
  return parts.join("").replace(/\s+/g, " ").trim();
}

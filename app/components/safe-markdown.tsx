// Authored Markdown, rendered only when it is inside the bounds a parser can take (markdown-limits);
// otherwise shown as the plain text it is, with a note. Never raw HTML.
import Markdown from "react-markdown";
import { markdownProblem } from "#app/lib/markdown-limits.ts";
import { t } from "#app/lib/strings.ts";

export function SafeMarkdown({ children }: { children: string }) {
  if (markdownProblem(children) === null) return <Markdown skipHtml>{children}</Markdown>;
  return (
    <>
      <p className="text-xs text-amber-800">{t.markdownLimits.shownAsText}</p>
      <p className="whitespace-pre-wrap break-words">{children}</p>
    </>
  );
}

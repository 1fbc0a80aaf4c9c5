// What an authored lesson may contain. Shared by the validator (server) and the editor (browser).

/** Components a lesson may use, with the props each accepts (all string literals). */
export const ALLOWED_COMPONENTS: Record<string, { props: readonly string[]; required: readonly string[]; children: boolean }> = {
  KeyPoint: { props: ["title"], required: [], children: true },
  CiteArticle: { props: ["id"], required: ["id"], children: false },
  CiteCase: { props: ["slug"], required: ["slug"], children: false },
  Video: { props: ["src", "title", "poster"], required: ["src"], children: false },
  KnowledgeCheck: { props: ["questions", "title"], required: ["questions"], children: false },
};

/** Plain HTML elements allowed in a lesson (formatting only; no attributes beyond a few). */
export const ALLOWED_HTML: Record<string, readonly string[]> = {
  br: [],
  sup: [],
  sub: [],
  mark: [],
  kbd: [],
  abbr: ["title"],
  u: [],
  s: [],
  small: [],
  span: ["title"],
};

export const DANGEROUS_TAGS = new Set([
  "script",
  "iframe",
  "object",
  "embed",
  "style",
  "form",
  "input",
  "button",
  "textarea",
  "select",
  "link",
  "meta",
  "base",
  "frame",
  "frameset",
  "svg",
  "math",
  "img",
  "video",
  "audio",
  "source",
  "template",
]);

export const UNSAFE_URL = /^\s*(javascript|data|vbscript|file):/i;

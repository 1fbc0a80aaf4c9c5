/** Marks a highlighted run inside a search snippet; the page splits on these, never renders HTML. */
export const MARK_START = "\u0002";
export const MARK_END = "\u0003";

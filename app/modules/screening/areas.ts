// Vocabulary of problem screening, shared by server and browser.
import { t } from "#app/lib/strings.ts";

// The six disciplines (六大纪律, from the shared strings) and the five styles (五大作风), as the speech
// names them: what a new problem may be filed under.
export const AREAS: Record<string, string> = {
  ...t.disciplines,
  ...t.screeningTerms.styles,
};
/** Labels for showing any stored area, including ones no longer offered. */
export const AREA_LABELS: Record<string, string> = { ...AREAS, ...t.screeningTerms.retiredStyles };
export const SOURCES: Record<string, string> = t.screeningTerms.sources;
export const RESPONSES: Record<string, string> = t.screeningTerms.responses;
export const LEDGER_SOURCES: Record<string, string> = t.screeningTerms.ledgerSources;
export const RISK_CATEGORIES: Record<string, string> = t.screeningTerms.riskCategories;
export const RISK_LEVELS: Record<string, string> = t.screeningTerms.riskLevels;

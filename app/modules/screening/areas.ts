// Vocabulary of problem screening, shared by server and browser.
import { t } from "#app/lib/strings.ts";

// The six disciplines (from the shared strings) and the five styles.
export const AREAS: Record<string, string> = {
  ...t.disciplines,
  ...t.screeningTerms.styles,
};
export const SOURCES: Record<string, string> = t.screeningTerms.sources;
export const RESPONSES: Record<string, string> = t.screeningTerms.responses;
export const LEDGER_SOURCES: Record<string, string> = t.screeningTerms.ledgerSources;
export const RISK_CATEGORIES: Record<string, string> = t.screeningTerms.riskCategories;
export const RISK_LEVELS: Record<string, string> = t.screeningTerms.riskLevels;

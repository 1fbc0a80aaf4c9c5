// Labels shared by server and browser for exam settings.
import { t } from "#app/lib/strings.ts";

export const REVIEW_LABEL: Record<string, string> = t.examSettings.reviewModes;
export const REVIEW_WHEN_LABEL: Record<string, string> = t.examSettings.reviewWhen;

export const REVIEW_MODES = ["score", "responses", "full"] as const;

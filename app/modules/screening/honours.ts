// Honours a person can be put forward for at year end (评优推荐).
import { t } from "#app/lib/strings.ts";

export const HONOURS = t.screeningTerms.honours;

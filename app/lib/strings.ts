// The UI's strings (zh-CN first), one file per area under app/lib/strings/, joined here into one
// object. Another language is another object of the same shape; `t` picks the active one.
// `npm run lint` runs scripts/check-strings.ts, which fails on Chinese text anywhere else in app/
// (data that is not UI text, such as parser keywords, is marked `// not-ui: why`).
import { activities } from "./strings/activities.ts";
import { assessment } from "./strings/assessment.ts";
import { content } from "./strings/content.ts";
import { foundation } from "./strings/foundation.ts";
import { learning } from "./strings/learning.ts";
import { records } from "./strings/records.ts";
import { screening } from "./strings/screening.ts";

export const zhCN = { ...foundation, ...records, ...content, ...learning, ...assessment, ...activities, ...screening };

export type Strings = typeof zhCN;
export const t: Strings = zhCN;

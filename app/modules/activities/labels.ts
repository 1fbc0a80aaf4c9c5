// Activity vocabulary shared by server and browser.
import { t } from "#app/lib/strings.ts";

export const WORK_KINDS_LABEL: Record<string, string> = t.activityWorks.kinds;
export const WORK_STATUS_LABEL: Record<string, string> = t.activityWorks.statuses;
export const WORK_ACCEPT = "video/*,audio/*,image/*,.pdf,.pptx";
export const AUDIENCE_LABEL: Record<string, string> = t.activityPledge.audiences;

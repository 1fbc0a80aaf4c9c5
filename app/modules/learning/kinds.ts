// Learning vocabulary shared by server and browser.
import { t } from "#app/lib/strings.ts";

export const OFFLINE_KINDS: Record<string, string> = t.sessions.kinds;

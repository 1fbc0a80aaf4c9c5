// Records as xAPI 1.0.3 statements, to hand to any Learning Record Store. Pure mapping.
import { t } from "#app/lib/strings.ts";
import { VERBS, type Verb } from "./verbs.ts";

export const HOME_PAGE = "https://qingfeng.local";

const VERB_DISPLAY = t.records.verbs;

export type RecordRow = {
  id: string;
  actorId: string;
  verb: string;
  objectType: string;
  objectId: string;
  objectName: string;
  resultJson: string;
  contextJson: string;
  timestamp: Date;
  correctsId: string | null;
  hash: string;
};

export type Actor = { username: string; name: string };

export function toStatement(r: RecordRow, actor: Actor, unit: { id: string; name: string }) {
  const result = JSON.parse(r.resultJson) as { score?: { raw: number; max: number; scaled: number }; success?: boolean; completion?: boolean; durationSeconds?: number };
  const context = JSON.parse(r.contextJson) as Record<string, unknown>;
  return {
    id: r.id,
    actor: { objectType: "Agent", name: actor.name, account: { homePage: HOME_PAGE, name: actor.username } },
    verb: { id: VERBS[r.verb as Verb] ?? `${HOME_PAGE}/xapi/verbs/${r.verb}`, display: { "zh-CN": VERB_DISPLAY[r.verb] ?? r.verb } },
    object: {
      objectType: "Activity",
      id: `${HOME_PAGE}/xapi/activities/${r.objectType}/${encodeURIComponent(r.objectId)}`,
      definition: { name: { "zh-CN": r.objectName }, type: `${HOME_PAGE}/xapi/activity-types/${r.objectType}` },
    },
    ...(Object.keys(result).length
      ? {
          result: {
            ...(result.score ? { score: result.score } : {}),
            ...(result.success !== undefined ? { success: result.success } : {}),
            ...(result.completion !== undefined ? { completion: result.completion } : {}),
            ...(result.durationSeconds !== undefined ? { duration: `PT${Math.max(0, Math.round(result.durationSeconds))}S` } : {}),
          },
        }
      : {}),
    context: {
      platform: t.app.name,
      language: "zh-CN",
      ...(r.correctsId ? { statement: { objectType: "StatementRef", id: r.correctsId } } : {}),
      extensions: {
        [`${HOME_PAGE}/xapi/extensions/unit`]: unit,
        [`${HOME_PAGE}/xapi/extensions/context`]: context,
        [`${HOME_PAGE}/xapi/extensions/hash`]: r.hash,
      },
    },
    timestamp: r.timestamp.toISOString(),
    version: "1.0.3",
  };
}

// Form field names are chosen by the browser. A field named "found:__proto__" once polluted
// Object.prototype and took the server down; these call the real actions with such names.
import { describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { fieldsWithPrefix, stringFields } from "#app/lib/form.server.ts";
import { CHECKLIST_KEY } from "#app/modules/screening/self-inspection.server.ts";
import { action as selfAction } from "#app/routes/screening.self.tsx";
import { action as practiceAction } from "#app/routes/practice.tsx";
import { action as discussionAction } from "#app/routes/discussion.tsx";
import { action as checkAction } from "#app/routes/api.check.ts";
import { callRoute, makeOrg, makeUser, requestAs } from "#tests/factories.ts";

const hostile = ["__proto__", "constructor", "prototype", "__proto__.polluted", "hasOwnProperty", "toString"];

function expectClean() {
  const probe = {} as Record<string, unknown>;
  for (const k of ["found", "note", "polluted", "0", "a"]) expect(probe[k], `Object.prototype.${k}`).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}

describe("field names from the browser never reach Object.prototype", () => {
  test("fieldsWithPrefix keeps hostile names as plain Map keys", () => {
    const form = hostile.map((h) => [`q:${h}`, "1"] as [string, string]);
    const map = fieldsWithPrefix(form, "q:");
    expect([...map.keys()]).toEqual(hostile);
    expectClean();
    const fields = stringFields([["__proto__", "x"], ["a", "1"]]);
    expect(fields.a).toBe("1");
    expect(Object.getPrototypeOf(fields)).toBeNull();
  });

  test("self-inspection, practice, discussion and knowledge check accept hostile names without harm", async () => {
    const org = await makeOrg();
    const person = await makeUser(org.eastBranch.id);
    await db.checklist.create({ data: { key: CHECKLIST_KEY, title: "自查清单", sectionsJson: JSON.stringify([{ key: "political", title: "政治纪律", items: ["是否存在问题"] }]) } });
    const form: [string, string][] = hostile.flatMap((h) => [[`found:${h}`, "yes"], [`note:${h}`, "x"], [`q:${h}`, "1"], [`a:${h}`, "x"]] as [string, string][]);
    form.push(["found:political:0", "yes"], ["note:political:0", "确有此事，已整改"], ["intent", "draft"]);
    const self = await callRoute(async () => selfAction({ request: await requestAs(person.id, "/screening/self", form), params: {}, context: {} } as never));
    expect(self.status).toBe(200);
    const saved = await db.selfInspection.findFirstOrThrow({ where: { userId: person.id } });
    expect(Object.keys(JSON.parse(saved.answersJson))).toEqual(["political:0"]);
    expectClean();

    const practice = await callRoute(async () => practiceAction({ request: await requestAs(person.id, "/practice", form), params: {}, context: {} } as never));
    expect(practice.status).toBe(200);
    expectClean();

    const discussion = await callRoute(async () => discussionAction({ request: await requestAs(person.id, "/discussions/none", form), params: { roundId: "none" }, context: {} } as never));
    expect([403, 404]).toContain(discussion.status);
    expectClean();

    const check = await callRoute(async () =>
      checkAction({ request: await requestAs(person.id, "/api/check", [...form, ["lessonId", "none"], ["questions", hostile.join(" ")]]), params: {}, context: {} } as never),
    );
    expect([400, 404]).toContain(check.status);
    expectClean();
  });
});

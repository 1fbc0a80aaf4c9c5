// Assignment kinds as modules (issue 14): the create form on /manage/assignments offers kinds, and
// every kind it offers must have a module in the registry (app/modules/learning/assignment-kinds/) —
// read from the page as it renders, and then made through the real action.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createRoutesStub } from "react-router";
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "#app/lib/db.server.ts";
import { ASSIGNMENT_KIND_MODULES, ASSIGNMENT_KINDS, assignmentKind } from "#app/modules/learning/assignment-kinds/index.server.ts";
import * as manageAssignments from "#app/routes/manage.assignments.tsx";
import { callRoute, grant, makeOrg, makeUser, requestAs } from "#tests/factories.ts";

type LoaderData = Awaited<ReturnType<typeof manageAssignments.loader>>;

let trainer: string;
let org: Awaited<ReturnType<typeof makeOrg>>;

beforeAll(async () => {
  org = await makeOrg();
  const u = await makeUser(org.city.id, { name: "任务管理员" });
  await grant(u.id, "trainer", org.city.id);
  trainer = u.id;
  // Something to pick for the kinds whose targets are rows.
  const course = await db.course.create({ data: { slug: `c-${Math.random().toString(36).slice(2, 8)}`, classroom: "theory", title: "表单课程" } });
  await db.lesson.create({ data: { courseId: course.id, slug: "l0", title: "第一课" } });
  await db.exam.create({ data: { title: "表单考试", blueprintJson: "[]", opensAt: new Date(), closesAt: new Date(Date.now() + 86_400_000), timeLimitMinutes: 30 } });
});

const loaderData = async () => {
  const r = await callRoute(async () => manageAssignments.loader({ request: await requestAs(trainer, "/manage/assignments"), params: {}, context: {} } as never));
  expect(r.status).toBe(200);
  return r.data as unknown as LoaderData;
};

/** The create form as the browser receives it. */
function renderPage(data: LoaderData): string {
  const Stub = createRoutesStub([{ id: "manage-assignments", path: "/manage/assignments", Component: manageAssignments.default as never, loader: () => data }]);
  return renderToString(createElement(Stub, { initialEntries: ["/manage/assignments"], hydrationData: { loaderData: { "manage-assignments": data } } }));
}

function offeredKinds(html: string): string[] {
  const select = /<select[^>]*name="kind"[^>]*>([\s\S]*?)<\/select>/.exec(html);
  expect(select, "the create form has a kind select").not.toBeNull();
  return [...select![1]!.matchAll(/<option[^>]*value="([^"]*)"/g)].map((m) => m[1]!);
}

describe("the create form's kinds", () => {
  test("every kind the form offers has a module, and every module is offered", async () => {
    const html = renderPage(await loaderData());
    const offered = offeredKinds(html);
    expect(offered.length).toBeGreaterThan(0);
    for (const kind of offered) {
      expect(assignmentKind(kind), `kind "${kind}" is offered by the create form but has no module`).toBeDefined();
      // …and the form has its target field.
      expect(html, `target_${kind}`).toMatch(new RegExp(`name="target_${kind}"`));
    }
    expect(offered).toEqual([...ASSIGNMENT_KINDS]);
    expect(new Set(ASSIGNMENT_KINDS).size).toBe(ASSIGNMENT_KINDS.length);
  });

  test("each offered kind, with the first target its picker offers, is made through the action", async () => {
    const data = await loaderData();
    for (const { kind, target } of data.kinds) {
      const targetId = target.type === "select" ? target.options[0]?.value : target.defaultValue;
      expect(targetId, `the picker of "${kind}" offers something`).toBeTruthy();
      const form: [string, string][] = [["kind", kind], [`target_${kind}`, targetId!], ["title", ""], ["unitId", org.east.id], ["startsAt", "2026-12-01"], ["dueAt", "2026-12-31"]];
      const r = await callRoute(async () => manageAssignments.action({ request: await requestAs(trainer, "/manage/assignments", form), params: {}, context: {} } as never) as Promise<unknown>);
      expect(r.status, `${kind}: ${JSON.stringify(r.data)}`).toBe(200);
      const made = await db.assignment.findFirstOrThrow({ where: { kind, targetId }, orderBy: { createdAt: "desc" } });
      expect(made.title).toBe(await assignmentKind(kind)!.targetTitle(targetId!));
    }
  });

  test("a kind without a module is refused by the form and unknown to the registry", async () => {
    for (const kind of ["video", "__proto__", "constructor", "toString"]) {
      expect(assignmentKind(kind)).toBeUndefined();
      const before = await db.assignment.count();
      const r = await callRoute(async () =>
        manageAssignments.action({ request: await requestAs(trainer, "/manage/assignments", [["kind", kind], [`target_${kind}`, "x"], ["unitId", org.east.id], ["startsAt", "2026-12-01"], ["dueAt", "2026-12-31"]]), params: {}, context: {} } as never) as Promise<unknown>,
      );
      expect(r.status).toBe(400);
      expect(await db.assignment.count()).toBe(before);
    }
    expect(ASSIGNMENT_KIND_MODULES.every((m) => assignmentKind(m.kind) === m)).toBe(true);
  });
});

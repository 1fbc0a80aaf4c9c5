// Discussion templates (content/discussions/*.yaml) and the self-inspection checklist
// (content/checklists/self-inspection.yaml): read, validated, cached.
import fs from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { z } from "zod";
import { getEnv } from "#app/lib/env.server.ts";
import { text } from "#app/lib/form-fields.ts";
import { t } from "#app/lib/strings.ts";
import type { Problem } from "./validate.ts";

export const discussionTemplate = z
  .object({
    title: z.string().trim().min(1),
    summary: z.string().trim().default(""),
    prompts: z.array(z.object({ key: z.string().regex(/^[a-z0-9-]+$/), title: z.string().trim().min(1), hint: z.string().trim().default("") }).strict()).min(1),
  })
  .strict();
export type DiscussionTemplate = z.infer<typeof discussionTemplate> & { key: string };

// Edited in the browser as JSON, so bounded like any form: a JSON escape can carry what a form field
// would have refused (a NUL, a 100 000-character item).
export const checklist = z
  .object({
    title: text({ max: 200 }),
    sections: z
      .array(z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, t.formInput.invalid), title: text({ max: 200 }), items: z.array(text({ max: 1000 })).min(1).max(100) }).strict())
      .min(1)
      .max(30),
  })
  .strict();
export type Checklist = z.infer<typeof checklist>;

function readYaml<T>(file: string, schema: z.ZodType<T>, problems: (Problem & { file: string })[], root: string): T | null {
  try {
    const parsed = schema.safeParse(yaml.load(fs.readFileSync(file, "utf8"), { schema: yaml.JSON_SCHEMA }));
    if (parsed.success) return parsed.data;
    for (const i of parsed.error.issues) problems.push({ file: path.relative(path.dirname(root), file), line: 1, column: 1, message: t.contentCheck.fileIssue(i.path.join("."), i.message) });
  } catch (error) {
    problems.push({ file: path.relative(path.dirname(root), file), line: 1, column: 1, message: t.contentCheck.yamlError((error as Error).message.split("\n")[0]) });
  }
  return null;
}

export function loadTemplates(root: string) {
  const problems: (Problem & { file: string })[] = [];
  const dir = path.join(root, "discussions");
  const discussions: DiscussionTemplate[] = [];
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((x) => x.endsWith(".yaml")).sort() : []) {
    const tpl = readYaml(path.join(dir, f), discussionTemplate, problems, root);
    if (tpl) discussions.push({ ...tpl, key: f.replace(/\.yaml$/, "") });
  }
  const checklistFile = path.join(root, "checklists", "self-inspection.yaml");
  const list = fs.existsSync(checklistFile) ? readYaml(checklistFile, checklist, problems, root) : null;
  return { discussions, checklist: list, problems };
}

let cached: ReturnType<typeof loadTemplates> | null = null;
export function templates() {
  cached ??= loadTemplates(path.resolve(getEnv().CONTENT_DIR));
  return cached;
}

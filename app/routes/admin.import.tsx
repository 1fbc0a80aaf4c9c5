import { data, Form, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/admin.import";
import { Button, Notice } from "#app/components/form.tsx";
import { z } from "zod";
import { parseForm, readForm } from "#app/lib/parse-form.server.ts";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { importOrgFile, UNIT_COLUMNS, USER_COLUMNS } from "#app/modules/identity/import.server.ts";
import { scopesFor } from "#app/modules/identity/permissions.server.ts";
import { CARD, Card, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.admin.import} · ${t.app.name}` }];

const MAX_BYTES = 5 * 1024 * 1024;

export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "user.manage", "global");
  return { unitColumns: [...UNIT_COLUMNS], userColumns: [...USER_COLUMNS] };
}

// The upload form: one non-empty file (a text in its place, or none, is "no file").
const importForm = z.object({ file: z.instanceof(File, { error: t.adminImport.noFile }).refine((f) => f.size > 0, t.adminImport.noFile) });

export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "user.manage", "global");
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BYTES + 64 * 1024) return data({ ok: false as const, error: t.adminImport.tooLarge, problems: [] }, { status: 413 });
  let form: FormData;
  try {
    form = await readForm(request);
  } catch {
    return data({ ok: false as const, error: t.adminImport.unreadableUpload, problems: [] }, { status: 400 });
  }
  const parsed = parseForm(form, importForm);
  if (!parsed.ok) return data({ ok: false as const, error: parsed.message, problems: [] }, { status: 400 });
  const { file } = parsed.value;
  if (file.size > MAX_BYTES) return data({ ok: false as const, error: t.adminImport.tooLarge, problems: [] }, { status: 413 });
  const result = await importOrgFile({ fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), scopePaths: scopesFor(user, "user.manage"), actorId: user.id });
  if (!result.ok) {
    return data({ ok: false as const, error: t.adminImport.failed(result.problems.length), problems: result.problems }, { status: 400 });
  }
  return {
    ok: true as const,
    message: t.adminImport.done(result.units, result.users),
  };
}

export default function Import({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-4xl">
      <PageTitle >{t.admin.import}</PageTitle>
      <Card className="mt-6 p-5 text-sm leading-7 text-stone-700">
        <p>{t.adminImport.intro}</p>
        <p className="mt-2">
          <strong>{t.adminImport.unitColumnsLabel}</strong>
          {loaderData.unitColumns.join(t.common.listSeparator)}
          {t.adminImport.unitColumnsHint}
        </p>
        <p>
          <strong>{t.adminImport.userColumnsLabel}</strong>
          {loaderData.userColumns.join(t.common.listSeparator)}
          {t.adminImport.userColumnsHint}
        </p>
        <a href="/admin/import/template.xlsx" className="mt-2 inline-block text-brand-700 underline" download>
          {t.adminImport.downloadTemplate}
        </a>
      </Card>
      <Form method="post" encType="multipart/form-data" className={`${CARD} mt-6 flex flex-wrap items-center gap-3 p-5`}>
        <label htmlFor="file" className="text-sm font-medium text-stone-700">
          {t.adminImport.chooseFile}
        </label>
        <input id="file" name="file" type="file" accept=".xlsx,.csv" required className="text-sm" />
        <Button type="submit" disabled={busy}>
          {busy ? t.adminImport.checking : t.adminImport.submit}
        </Button>
      </Form>
      {result ? (
        <div className="mt-6">
          {result.ok ? (
            <Notice kind="ok">{result.message}</Notice>
          ) : (
            <>
              <Notice kind="error">{result.error}</Notice>
              {result.problems.length > 0 ? (
                <Card as="div" className="table-wrap mt-4">
                  <table className="w-full text-sm" data-testid="import-problems">
                    <thead className="bg-stone-50 text-left text-stone-600">
                      <tr>
                        <th className="px-4 py-2 font-medium">{t.adminImport.problemColumns.sheet}</th>
                        <th className="px-4 py-2 font-medium">{t.adminImport.problemColumns.row}</th>
                        <th className="px-4 py-2 font-medium">{t.adminImport.problemColumns.column}</th>
                        <th className="px-4 py-2 font-medium">{t.adminImport.problemColumns.message}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.problems.map((p, i) => (
                        <tr key={i} className="border-t border-stone-100">
                          <td className="px-4 py-2">{p.sheet}</td>
                          <td className="px-4 py-2">{p.row || "—"}</td>
                          <td className="px-4 py-2">{p.column || "—"}</td>
                          <td className="px-4 py-2">{p.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Card>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}

import { data, Form, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/admin.import";
import { Button, Notice } from "#app/components/form.tsx";
import { t } from "#app/lib/strings.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { importOrgFile, UNIT_COLUMNS, USER_COLUMNS } from "#app/modules/identity/import.server.ts";
import { scopesFor } from "#app/modules/identity/permissions.server.ts";

export const meta: Route.MetaFunction = () => [{ title: `${t.admin.import} · ${t.app.name}` }];

const MAX_BYTES = 5 * 1024 * 1024;

export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "user.manage", "global");
  return { unitColumns: [...UNIT_COLUMNS], userColumns: [...USER_COLUMNS] };
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "user.manage", "global");
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BYTES + 64 * 1024) return data({ ok: false as const, error: "文件太大：导入文件不能超过 5 MB。", problems: [] }, { status: 413 });
  let file: FormDataEntryValue | null;
  try {
    file = (await request.formData()).get("file");
  } catch {
    return data({ ok: false as const, error: "无法读取上传的文件，请重试。", problems: [] }, { status: 400 });
  }
  if (!file || typeof file === "string" || file.size === 0) return data({ ok: false as const, error: "请选择要导入的文件。", problems: [] }, { status: 400 });
  if (file.size > MAX_BYTES) return data({ ok: false as const, error: "文件太大：导入文件不能超过 5 MB。", problems: [] }, { status: 413 });
  const result = await importOrgFile({ fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), scopePaths: scopesFor(user, "user.manage") });
  if (!result.ok) {
    return data({ ok: false as const, error: `文件中有 ${result.problems.length} 处问题，未导入任何数据。请修改后重新上传。`, problems: result.problems }, { status: 400 });
  }
  return {
    ok: true as const,
    message: `导入成功：新增单位 ${result.units.created} 个、更新 ${result.units.updated} 个；新增人员 ${result.users.created} 人、更新 ${result.users.updated} 人。`,
  };
}

export default function Import({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-4xl">
      <h1 className="text-2xl font-bold text-stone-900">{t.admin.import}</h1>
      <section className="mt-6 rounded-xl bg-white p-5 text-sm leading-7 text-stone-700 shadow-sm ring-1 ring-stone-200">
        <p>
          支持 Excel（.xlsx）和 CSV 文件。xlsx 文件可包含“单位”和“人员”两个工作表；CSV 文件一次导入一种，按表头自动识别。导入前会检查每一行，只要有一行有问题，就不会导入任何数据。
        </p>
        <p className="mt-2">
          <strong>单位表列：</strong>
          {loaderData.unitColumns.join("、")}（类型填 市局 / 县区局 / 部门 / 党支部）
        </p>
        <p>
          <strong>人员表列：</strong>
          {loaderData.userColumns.join("、")}（是否党员填 是 / 否；状态填 在职 / 停用；初始密码可留空）
        </p>
        <a href="/admin/import/template.xlsx" className="mt-2 inline-block text-brand-700 underline" download>
          下载导入模板
        </a>
      </section>
      <Form method="post" encType="multipart/form-data" className="mt-6 flex flex-wrap items-center gap-3 rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
        <label htmlFor="file" className="text-sm font-medium text-stone-700">
          选择文件
        </label>
        <input id="file" name="file" type="file" accept=".xlsx,.csv" required className="text-sm" />
        <Button type="submit" disabled={busy}>
          {busy ? "正在检查…" : "检查并导入"}
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
                <div className="table-wrap mt-4 rounded-xl bg-white shadow-sm ring-1 ring-stone-200">
                  <table className="w-full text-sm" data-testid="import-problems">
                    <thead className="bg-stone-50 text-left text-stone-600">
                      <tr>
                        <th className="px-4 py-2 font-medium">工作表</th>
                        <th className="px-4 py-2 font-medium">行号</th>
                        <th className="px-4 py-2 font-medium">列</th>
                        <th className="px-4 py-2 font-medium">问题</th>
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
                </div>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}

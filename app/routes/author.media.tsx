import { data, Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/author.media";
import { Button, Notice } from "#app/components/form.tsx";
import { t } from "#app/lib/strings.ts";
import { receiveUpload, UPLOAD_RULES, UploadError } from "#app/lib/storage.server.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";

export const meta: Route.MetaFunction = () => [{ title: `上传课时视频 · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "content.author", "global");
  return { maxMb: Math.round(UPLOAD_RULES.lessonVideo!.maxBytes / 1024 / 1024) };
}

/** Videos for lessons: streamed to storage; the returned id goes into <Video src="…" />. */
export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "content.author", "global");
  try {
    const { file } = await receiveUpload(request, `lesson-media:${user.id}`, () => UPLOAD_RULES.lessonVideo!);
    if (!file) return data({ ok: false, message: "请选择视频文件。", id: null }, { status: 400 });
    return { ok: true, message: "上传成功。在课时中写：", id: file.id };
  } catch (error) {
    if (error instanceof UploadError) return data({ ok: false, message: error.message, id: null }, { status: error.status });
    throw error;
  }
}

export default function Media({ loaderData }: Route.ComponentProps) {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-2xl">
      <Link to="/author" className="text-sm text-stone-500 hover:text-brand-700">
        ← {t.author.title}
      </Link>
      <h1 className="mt-2 text-2xl font-bold text-stone-900">上传课时视频</h1>
      <p className="mt-1 text-stone-600">MP4 或 WebM，不超过 {loaderData.maxMb} MB。上传后把得到的标记放进课时正文；学员观看达到 90% 才算看完。</p>
      <Form method="post" encType="multipart/form-data" className="mt-6 flex flex-wrap items-center gap-3 rounded-xl bg-white p-5 shadow-sm ring-1 ring-stone-200">
        <input name="file" type="file" accept="video/mp4,video/webm" required aria-label="视频文件" className="text-sm" />
        <Button type="submit" disabled={busy}>
          {busy ? "正在上传…" : "上传"}
        </Button>
      </Form>
      {result ? (
        <div className="mt-4 space-y-2">
          <Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice>
          {result.id ? <pre className="rounded bg-stone-100 p-3 text-sm" data-testid="video-tag">{`<Video src="${result.id}" title="视频标题" />`}</pre> : null}
        </div>
      ) : null}
    </div>
  );
}

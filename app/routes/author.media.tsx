import { data, Form, Link, useActionData, useNavigation } from "react-router";
import type { Route } from "./+types/author.media";
import { Button, Notice } from "#app/components/form.tsx";
import { t } from "#app/lib/strings.ts";
import { receiveUpload, UPLOAD_RULES } from "#app/lib/storage.server.ts";
import { requirePermission } from "#app/modules/identity/auth.server.ts";
import { DomainError } from "#app/lib/domain-error.ts";
import { CARD, PageTitle } from "#app/components/page.tsx";

export const meta: Route.MetaFunction = () => [{ title: `${t.author.uploadVideo} · ${t.app.name}` }];

export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, "content.author", "global");
  return { maxMb: Math.round(UPLOAD_RULES.lessonVideo!.maxBytes / 1024 / 1024) };
}

/** Videos for lessons: streamed to storage; the returned id goes into <Video src="…" />. */
export async function action({ request }: Route.ActionArgs) {
  const user = await requirePermission(request, "content.author", "global");
  try {
    const { file } = await receiveUpload(request, `lesson-media:${user.id}`, () => UPLOAD_RULES.lessonVideo!);
    if (!file) return data({ ok: false, message: t.author.media.fileRequired, id: null }, { status: 400 });
    return { ok: true, message: t.author.media.uploaded, id: file.id };
  } catch (error) {
    if (error instanceof DomainError) return data({ ok: false, message: error.message, id: null }, { status: error.status });
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
      <PageTitle className="mt-2">{t.author.uploadVideo}</PageTitle>
      <p className="mt-1 text-stone-600">{t.author.media.intro(loaderData.maxMb)}</p>
      <Form method="post" encType="multipart/form-data" className={`${CARD} mt-6 flex flex-wrap items-center gap-3 p-5`}>
        <input name="file" type="file" accept="video/mp4,video/webm" required aria-label={t.author.media.fileLabel} className="text-sm" />
        <Button type="submit" disabled={busy}>
          {busy ? t.author.media.uploading : t.author.media.upload}
        </Button>
      </Form>
      {result ? (
        <div className="mt-4 space-y-2">
          <Notice kind={result.ok ? "ok" : "error"}>{result.message}</Notice>
          {result.id ? <pre className="rounded bg-stone-100 p-3 text-sm" data-testid="video-tag">{t.author.media.videoTag(result.id)}</pre> : null}
        </div>
      ) : null}
    </div>
  );
}

import type { Route } from "./+types/mdx-script";
import { notFound, requireUser } from "#app/modules/identity/auth.server.ts";
import { getCompiled } from "#app/modules/content/compile.server.ts";

/** Serves compiled lesson code as a script that registers itself (see components/mdx/registry.ts). */
export async function loader({ request, params }: Route.LoaderArgs) {
  await requireUser(request);
  const hash = params.hash ?? "";
  if (!/^[a-f0-9]{64}$/.test(hash)) throw notFound();
  const compiled = await getCompiled(hash);
  if (!compiled) throw notFound();
  const body = `(self.__qfMdx = self.__qfMdx || {})[${JSON.stringify(hash)}] = function (React, ReactDOM, _jsx_runtime) {\n${compiled.code}\n};\n`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "private, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

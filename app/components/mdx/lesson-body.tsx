import { t } from "#app/lib/strings.ts";
import { mdxComponents } from "./components.tsx";
import { LessonDataContext, type LessonData } from "./lesson-data.ts";
import { mdxComponentFor, mdxScriptUrl } from "./registry.ts";

/** Renders compiled MDX by hash. The script tag makes the code available for hydration. */
export function MdxBody({ hash, data }: { hash: string | null; data: LessonData }) {
  const Component = hash ? mdxComponentFor(hash) : null;
  if (!hash || !Component) return <p className="text-stone-600">{t.lesson.notCompiled}</p>;
  return (
    <LessonDataContext.Provider value={data}>
      <script src={mdxScriptUrl(hash)} />
      <div className="prose-lesson">
        {/* The registry returns one component per content hash, so identity is stable across renders. */}
        {/* eslint-disable-next-line react-hooks/static-components */}
        <Component components={mdxComponents as never} />
      </div>
    </LessonDataContext.Provider>
  );
}

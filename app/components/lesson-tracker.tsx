// Reports honest reading progress from the lesson page: a beat every 15 s saying whether the page is
// visible and the reader active (input within the last 90 s), a beat when the page is hidden, and
// "end reached" when the end of the lesson scrolls into view. The server decides what it is worth.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import { t } from "#app/lib/strings.ts";

const BEAT_MS = 15_000;
const IDLE_MS = 90_000;

export type ProgressView = { activeSeconds: number; complete: boolean; requirements: { key: string; met: boolean; label: string }[] };
type Range = [number, number];
type Reporter = { reportVideo: (src: string, ranges: Range[]) => void; setProgress: (p: ProgressView) => void };

const TrackerContext = createContext<Reporter | null>(null);
export const useTracker = () => useContext(TrackerContext);

async function send(body: unknown, keepalive = false): Promise<ProgressView | null> {
  try {
    const res = await fetch("/api/progress", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), keepalive });
    if (!res.ok) return null;
    return ((await res.json()) as { progress: ProgressView }).progress;
  } catch {
    return null;
  }
}

/** Progress is not part of the server render (the page is cached per reader): the first beat, sent on mount, brings it. */
export function LessonTracker({ lessonId, children }: { lessonId: string; children: React.ReactNode }) {
  const [progress, setProgress] = useState<ProgressView | null>(null);
  const lastInput = useRef(0);
  const endRef = useRef<HTMLDivElement>(null);
  const endSent = useRef(false);

  useEffect(() => {
    lastInput.current = Date.now();
    const mark = () => (lastInput.current = Date.now());
    const events = ["mousemove", "keydown", "scroll", "touchstart", "wheel", "click"] as const;
    for (const e of events) window.addEventListener(e, mark, { passive: true });
    const beat = (keepalive = false) => {
      const visible = document.visibilityState === "visible";
      const active = Date.now() - lastInput.current < IDLE_MS;
      void send({ lessonId, beat: { visible, active } }, keepalive).then((p) => p && setProgress(p));
    };
    beat();
    const id = setInterval(() => beat(), BEAT_MS);
    const onVisibility = () => beat(document.visibilityState === "hidden");
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      clearInterval(id);
      document.removeEventListener("visibilitychange", onVisibility);
      for (const e of events) window.removeEventListener(e, mark);
    };
  }, [lessonId]);

  useEffect(() => {
    const el = endRef.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !endSent.current) {
        endSent.current = true;
        void send({ lessonId, end: true }).then((p) => p && setProgress(p));
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [lessonId]);

  const reportVideo = useCallback(
    (src: string, ranges: Range[]) => void send({ lessonId, video: { src, ranges } }).then((p) => p && setProgress(p)),
    [lessonId],
  );

  return (
    <TrackerContext.Provider value={{ reportVideo, setProgress }}>
      {children}
      <div ref={endRef} aria-hidden="true" data-testid="lesson-end" className="h-px" />
      <ProgressPanel progress={progress} />
    </TrackerContext.Provider>
  );
}

export function ProgressPanel({ progress }: { progress: ProgressView | null }) {
  if (!progress) return null;
  return (
    <section className="no-print mt-8 rounded-lg border border-stone-200 bg-stone-50 px-4 py-3 text-sm" aria-label={t.lesson.progressTitle} data-testid="lesson-progress">
      <p className="font-semibold text-stone-900">
        {progress.complete ? t.lesson.completed : t.lesson.progressTitle}
        <span className="ml-3 font-normal text-stone-500">{t.lesson.activeMinutes(Math.floor(progress.activeSeconds / 60))}</span>
      </p>
      <ul className="mt-1 flex flex-wrap gap-x-5 gap-y-1">
        {progress.requirements.map((r, i) => (
          <li key={i} className={r.met ? "text-green-700" : "text-stone-500"}>
            {r.met ? "✓" : "○"} {r.label}
          </li>
        ))}
      </ul>
    </section>
  );
}

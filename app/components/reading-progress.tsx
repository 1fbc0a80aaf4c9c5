// A thin bar under the header showing how far through the article the reader has scrolled.
import { useEffect, useState, type RefObject } from "react";
import { t } from "#app/lib/strings.ts";

export function ReadingProgress({ target }: { target: RefObject<HTMLElement | null> }) {
  const [progress, setProgress] = useState(0);
  useEffect(() => {
    const update = () => {
      const el = target.current;
      if (!el) return;
      const rect = el.getBoundingClientRect();
      const total = rect.height - window.innerHeight;
      setProgress(total <= 0 ? 1 : Math.min(1, Math.max(0, -rect.top / total)));
    };
    update();
    window.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    return () => {
      window.removeEventListener("scroll", update);
      window.removeEventListener("resize", update);
    };
  }, [target]);
  return (
    <div
      className="no-print fixed top-0 left-0 z-30 h-1 bg-amber-400 transition-[width] duration-150"
      style={{ width: `${Math.round(progress * 100)}%` }}
      role="progressbar"
      aria-label={t.components.readingProgress}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(progress * 100)}
    />
  );
}

export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => window.print()} className="no-print rounded-md border border-stone-300 px-3 py-1 text-sm text-stone-600 hover:bg-stone-50">
      {label}
    </button>
  );
}

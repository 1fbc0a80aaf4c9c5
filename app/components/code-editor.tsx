// A CodeMirror 6 editor for MDX, loaded in the browser only. Before it loads (or without
// JavaScript) the plain textarea is the editor, so the form still works.
import type { setDiagnostics } from "@codemirror/lint";
import type { EditorView } from "@codemirror/view";
import { useEffect, useRef, useState } from "react";

export type EditorProblem = { line: number; column: number; message: string };

type Props = { name: string; value: string; onChange: (value: string) => void; problems: EditorProblem[]; label: string };

type Loaded = {
  view: EditorView;
  setDiagnostics: typeof setDiagnostics;
};

export function CodeEditor({ name, value, onChange, problems, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const loaded = useRef<Loaded | null>(null);
  const onChangeRef = useRef(onChange);
  const initial = useRef(value);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    let cancelled = false;
    void Promise.all([import("codemirror"), import("@codemirror/lang-markdown"), import("@codemirror/lint"), import("@codemirror/view")]).then(
      ([cm, md, lint, view]) => {
        if (cancelled || !host.current) return;
        const editor = new cm.EditorView({
          doc: initial.current,
          parent: host.current,
          extensions: [
            cm.basicSetup,
            md.markdown(),
            lint.lintGutter(),
            view.EditorView.lineWrapping,
            view.EditorView.contentAttributes.of({ "aria-label": label }),
            view.EditorView.updateListener.of((u) => {
              if (u.docChanged) onChangeRef.current(u.state.doc.toString());
            }),
            view.EditorView.theme({
              "&": { fontSize: "14px", height: "100%" },
              ".cm-scroller": { fontFamily: "ui-monospace, 'Noto Sans Mono CJK SC', monospace", lineHeight: "1.6" },
            }),
          ],
        });
        loaded.current = { view: editor, setDiagnostics: lint.setDiagnostics };
        setReady(true);
      },
    );
    return () => {
      cancelled = true;
      loaded.current?.view.destroy();
      loaded.current = null;
    };
  }, [label]);

  useEffect(() => {
    const l = loaded.current;
    if (!l) return;
    const doc = l.view.state.doc;
    const diagnostics = problems.map((p) => {
      const line = doc.line(Math.min(Math.max(p.line, 1), doc.lines));
      const from = Math.min(line.from + Math.max(p.column - 1, 0), line.to);
      return { from, to: Math.max(from, Math.min(line.to, from + 1)), severity: "error" as const, message: p.message };
    });
    l.view.dispatch(l.setDiagnostics(l.view.state, diagnostics));
  }, [problems, ready]);

  return (
    <div className="h-full">
      <div ref={host} className={ready ? "h-[70vh] min-h-[24rem] overflow-hidden rounded-md border border-stone-300 bg-white" : "hidden"} data-testid="code-editor" />
      <textarea
        name={name}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={ready ? "hidden" : "h-[70vh] min-h-[24rem] w-full rounded-md border border-stone-300 p-3 font-mono text-sm"}
      />
    </div>
  );
}

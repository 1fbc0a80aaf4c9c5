// The layers hold (docs/architecture.md): routes → services → modules → lib, and the domains under
// app/modules import each other without a circle, so each can be read, tested and changed from the
// bottom up. A writer that must tell another domain's cache says `changed(topic)` (lib/cache.server.ts)
// instead of importing it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";

const APP = path.resolve("app");

type Edge = { from: string; to: string; file: string; spec: string };

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.startsWith("generated"))
    .map((f) => path.join(dir, f));
}

/** Every static or dynamic import of an app file, resolved to a path under app/ (others are dropped). */
function importsOf(file: string): { target: string; spec: string }[] {
  const src = fs.readFileSync(file, "utf8");
  const out: { target: string; spec: string }[] = [];
  const found = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of src.matchAll(found)) {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    let target: string | null = null;
    if (spec.startsWith("#app/")) target = path.join(APP, spec.slice("#app/".length));
    else if (spec.startsWith(".")) target = path.resolve(path.dirname(file), spec);
    if (target && target.startsWith(APP + path.sep)) out.push({ target, spec });
  }
  return out;
}

/** The layer and, for modules, the domain a path under app/ belongs to. */
function placeOf(p: string): { layer: string; domain?: string } {
  const [top, second] = path.relative(APP, p).split(path.sep);
  if (top === "modules") return { layer: "modules", domain: second };
  if (top === "lib" || top === "services" || top === "routes" || top === "components" || top === "generated") return { layer: top };
  return { layer: "root" };
}

/** Strongly connected components of more than one node (Tarjan): each is a circle of imports. */
export function circles(nodes: string[], edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of nodes) if (!idx.has(v)) visit(v);
  return out;
}

const edges: Edge[] = sourceFiles(APP).flatMap((file) => {
  const from = placeOf(file);
  return importsOf(file).map(({ target, spec }) => {
    const to = placeOf(target);
    return { from: from.domain ?? from.layer, to: to.domain ?? to.layer, file: path.relative(APP, file), spec, fromLayer: from.layer, toLayer: to.layer };
  });
}) as (Edge & { fromLayer: string; toLayer: string })[];

describe("architecture", () => {
  test("the circle finder finds a circle of three and ignores a chain", () => {
    const g = new Map([["a", new Set(["b"])], ["b", new Set(["c"])], ["c", new Set(["a"])], ["d", new Set(["a"])]]);
    expect(circles(["a", "b", "c", "d"], g)).toEqual([["a", "b", "c"]]);
    expect(circles(["a", "b"], new Map([["a", new Set(["b"])]]))).toEqual([]);
  });

  test("the domains under app/modules import each other without a circle", () => {
    const domains = fs.readdirSync(path.join(APP, "modules"));
    const graph = new Map<string, Set<string>>();
    const why = new Map<string, string>();
    for (const e of edges as (Edge & { fromLayer: string; toLayer: string })[]) {
      if (e.fromLayer !== "modules" || e.toLayer !== "modules" || e.from === e.to) continue;
      if (!graph.has(e.from)) graph.set(e.from, new Set());
      graph.get(e.from)!.add(e.to);
      why.set(`${e.from}→${e.to}`, `${e.file} imports ${e.spec}`);
    }
    expect(domains.length).toBeGreaterThan(5);
    const found = circles(domains, graph).map((c) => c.join(" ↔ ") + "\n  " + [...why].filter(([k]) => c.includes(k.split("→")[0]!) && c.includes(k.split("→")[1]!)).map(([, v]) => v).join("\n  "));
    expect(found).toEqual([]);
  });

  test("a refusal is a DomainError: no other class extends Error", () => {
    const others = sourceFiles(APP).flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(/class\s+(\w+)\s+extends\s+(\w*Error)\b/g)].filter((m) => m[1] !== "DomainError").map((m) => `${path.relative(APP, file)}: ${m[1]} extends ${m[2]}`),
    );
    expect(others).toEqual([]);
    expect(fs.readFileSync(path.join(APP, "lib/domain-error.ts"), "utf8")).toMatch(/class DomainError extends Error/);
  });

  test("lower layers never import higher ones", () => {
    // The generated Prisma client sits under everything; components (browser) sit beside services.
    const rank: Record<string, number> = { generated: 0, lib: 1, modules: 2, services: 3, components: 3, routes: 4, root: 5 };
    const upward = (edges as (Edge & { fromLayer: string; toLayer: string })[])
      .filter((e) => rank[e.toLayer]! > rank[e.fromLayer]! && !(e.fromLayer === "components" && e.toLayer === "services"))
      // The MDX component registry renders lessons and pledge texts alike, on screen and into PDFs.
      .filter((e) => !(e.fromLayer === "modules" && e.spec === "#app/components/mdx/registry.ts"))
      .map((e) => `${e.file} imports ${e.spec}`);
    expect(upward).toEqual([]);
  });
});

// The import graph between the project's modules: a module is a folder under server/modules/ (tickets, sla, email,
// ...) or under web/src/ (agent, portal, ui, ...). The layers around them (server/http, db, events, jobs, the
// composition root in server/*.ts) may import modules; modules must not import each other in a circle.
// File-level cycles are import-x/no-cycle's job (eslint); this finds the folder-level ones it cannot see, such
// as tickets -> sla -> search -> tickets through different files.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export type ModuleGraph = Map<string, Map<string, string[]>>; // module -> imported module -> "file -> file" examples

const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];

export function moduleOf(file: string): string | null {
  const parts = file.split("/");
  if (parts[0] === "server" && parts[1] === "modules" && parts.length > 3) return `server/modules/${parts[2]}`;
  if (parts[0] === "web" && parts[1] === "src" && parts.length > 3) return `web/src/${parts[2]}`;
  return null;
}

function walk(dir: string, out: string[]): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(p);
  }
  return out;
}

function resolve(root: string, from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = path.join(path.dirname(from), spec);
  for (const ext of ["", ...EXTENSIONS]) {
    const candidate = base + ext;
    if (fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile()) return candidate;
  }
  return null;
}

/** Builds the graph from the source files (tests and test helpers left out: they may import anything). */
export function buildModuleGraph(root: string, dirs = ["server", "shared", "web/src"]): ModuleGraph {
  const graph: ModuleGraph = new Map();
  const files = dirs.flatMap((d) => walk(path.join(root, d), [])).map((f) => path.relative(root, f));
  for (const file of files) {
    if (file.startsWith("server/test/")) continue;
    const from = moduleOf(file);
    if (!from) continue;
    const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
    for (const ref of info.importedFiles) {
      const target = resolve(root, file, ref.fileName);
      const to = target && moduleOf(target);
      if (!to || to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      const examples = edges.get(to) ?? [];
      edges.set(to, examples);
      examples.push(`${file} -> ${target}`);
    }
  }
  return graph;
}

/** Strongly connected components with more than one module (Tarjan), each sorted by name. */
export function moduleCycles(graph: ModuleGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** One line per cycle, with the imports that close it, for a person to act on. */
export function describeCycles(graph: ModuleGraph, cycles: string[][]): string {
  return cycles
    .map((members) => {
      const inside = new Set(members);
      const edges = members.flatMap((m) =>
        [...(graph.get(m) ?? [])].filter(([to]) => inside.has(to)).map(([to, ex]) => `    ${m} -> ${to}: ${ex[0]}`),
      );
      return `  {${members.join(", ")}}\n${edges.join("\n")}`;
    })
    .join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const root = path.resolve(import.meta.dirname, "..");
  const graph = buildModuleGraph(root);
  const cycles = moduleCycles(graph);
  if (cycles.length) {
    console.error(`module import cycles: ${cycles.length}\n${describeCycles(graph, cycles)}`);
    process.exit(1);
  }
  console.log(`module graph: ${graph.size} modules, no cycles`);
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildModuleGraph, describeCycles, moduleCycles } from "./module-graph";

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "module-graph-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe("module graph", () => {
  it("finds a cycle between module folders that no single file closes", () => {
    const root = tree({
      "server/modules/a/a.service.ts": 'import { b } from "../b/b.read";\nexport const a = b;',
      "server/modules/a/a.read.ts": "export const ar = 1;",
      "server/modules/b/b.read.ts": "export const b = 1;",
      "server/modules/b/b.service.ts": 'import { ar } from "../a/a.read";\nexport const bs = ar;',
    });
    expect(moduleCycles(buildModuleGraph(root))).toEqual([["server/modules/a", "server/modules/b"]]);
  });

  it("lets layers import modules and tests import anything", () => {
    const root = tree({
      "server/app.ts": 'import { a } from "./modules/a/a.routes";\nexport default a;',
      "server/modules/a/a.routes.ts": 'import x from "../../app";\nexport const a = x;',
      "server/modules/a/a.test.ts": 'import { b } from "../b/b";',
      "server/modules/b/b.ts": 'import { a } from "../a/a.routes";\nexport const b = a;',
    });
    expect(moduleCycles(buildModuleGraph(root))).toEqual([]);
  });

  it("the project has no cycle between its modules", () => {
    const graph = buildModuleGraph(path.resolve(import.meta.dirname, ".."));
    expect(graph.size).toBeGreaterThan(5);
    expect(describeCycles(graph, moduleCycles(graph))).toBe("");
  });
});

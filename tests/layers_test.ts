// The architecture as a test: lib/ imports point down the layers of the README's layout section
// (cli → export → repro → run → report → eval → engine → model → data → render → config/errors), no
// import cycles, nothing under lib/ imports tasks/, and render/ and report/ reach no tfjs, not
// even through the layers below (but for TFJS_ALLOWED); a failure names the chain of imports.

import { assert, assertEquals } from "@std/assert";

/** Layers from top to bottom; a file may import its own layer or any layer below it. */
const LAYERS = [
  "cli",
  "export",
  "repro",
  "run",
  "report",
  "eval",
  "engine",
  "model",
  "data",
  "render",
  ".",
];
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^"';]*?\bfrom\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']|new URL\(\s*["'](\.[^"']+)["']/g;

/**
 * The report/ files that may reach tfjs through the layers below (never by a direct import), and
 * why. Reaching means loading at run time: `import type` is erased and does not count.
 */
const TFJS_ALLOWED = new Map([
  [
    "lib/report/evaluate.ts",
    "runs the trained model over the data (eval/metrics.ts, eval/variants.ts) for the codes and " +
    "reconstructions that its figures show",
  ],
]);
const isTfjs = (spec: string) => spec.startsWith("@tensorflow/");

/** Every .ts file under `dir`, as paths relative to the repository root. */
async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...await tsFiles(path));
    else if (e.name.endsWith(".ts")) out.push(path);
  }
  return out.sort();
}

/**
 * The import specifiers of a source text (static, dynamic, side-effect and worker URLs); with
 * `runtime`, without `import type …`/`export type … from` statements, which are erased.
 */
export function importsOf(
  source: string,
  options: {
    /** Only the imports that load code at run time. @default false */
    runtime?: boolean;
  } = {},
): string[] {
  let code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  if (options.runtime) code = code.replace(/(^|\n)\s*(import|export)\s+type\b[^;]*;/g, "$1");
  return [...code.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

/**
 * The transitive closure of `from`'s imports in `graph` (file → files it imports), breadth
 * first: every file reached, `from` included, mapped to the file it was first reached from
 * (null for `from`), so that {@link chainOf} gives a shortest chain of imports to each.
 */
export function closure(graph: Map<string, string[]>, from: string): Map<string, string | null> {
  const reached = new Map<string, string | null>([[from, null]]);
  for (const file of reached.keys()) { // a Map iterates the keys added while it runs
    for (const d of graph.get(file) ?? []) if (!reached.has(d)) reached.set(d, file);
  }
  return reached;
}

/** The chain of imports [from, …, file] through which a {@link closure} reached `file`. */
export function chainOf(reached: Map<string, string | null>, file: string): string[] {
  const chain = [file];
  for (let f = reached.get(file); f != null; f = reached.get(f)) chain.unshift(f);
  return chain;
}

/**
 * The first external import that `from` reaches and `wanted` accepts, as the chain
 * "from → … → file → specifier", or undefined; `external` maps each file to its packages.
 */
export function reachingChain(
  graph: Map<string, string[]>,
  external: Map<string, string[]>,
  options: { from: string; wanted: (spec: string) => boolean },
): string | undefined {
  const reached = closure(graph, options.from);
  for (const file of reached.keys()) {
    const spec = (external.get(file) ?? []).find(options.wanted);
    if (spec !== undefined) return [...chainOf(reached, file), spec].join(" → ");
  }
}

function resolve(from: string, spec: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const p of spec.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  return parts.join("/");
}

/** The layer of a lib/ file: its first folder under lib/ ("." for lib/*.ts). */
function layerOf(path: string): string {
  const rest = path.slice("lib/".length).split("/");
  return rest.length === 1 ? "." : rest[0];
}

const files = await tsFiles("lib");
const graph = new Map<string, string[]>();
const external = new Map<string, string[]>();
/** The same, only the imports that load code at run time. */
const runtimeGraph = new Map<string, string[]>();
const runtimeExternal = new Map<string, string[]>();
for (const f of files) {
  const source = await Deno.readTextFile(f);
  for (
    const [local, ext, runtime] of [[graph, external, false], [
      runtimeGraph,
      runtimeExternal,
      true,
    ]] as const
  ) {
    const specs = importsOf(source, { runtime });
    local.set(f, specs.filter((s) => s.startsWith(".")).map((s) => resolve(f, s)));
    ext.set(f, specs.filter((s) => !s.startsWith(".")));
  }
}

Deno.test("importsOf() finds static, re-export, dynamic, side-effect and worker imports", () => {
  const src = `import { a } from "./a.ts";\nexport { b } from "../b.ts";\nimport "./c.ts";\n` +
    `// import { no } from "./commented.ts";\nconst d = await import("./d.ts");\n` +
    `new URL("./e.ts", import.meta.url);\nimport type {\n  F,\n} from "./f.ts";`;
  assertEquals(importsOf(src), ["./a.ts", "../b.ts", "./c.ts", "./d.ts", "./e.ts", "./f.ts"]);
});

Deno.test("lib/ imports only its own layer or the layers below it", () => {
  const wrong: string[] = [];
  for (const [f, deps] of graph) {
    if (f === "lib/mod.ts") continue; // the public API re-exports every layer
    for (const d of deps) {
      if (!d.startsWith("lib/")) wrong.push(`${f} -> ${d} (outside lib/)`);
      else if (d === "lib/mod.ts") wrong.push(`${f} -> ${d} (the public API)`);
      else if (LAYERS.indexOf(layerOf(d)) < LAYERS.indexOf(layerOf(f))) {
        wrong.push(`${f} -> ${d}`);
      }
    }
  }
  assertEquals(wrong, []);
});

Deno.test("importsOf(…, { runtime }) leaves out the type-only imports", () => {
  const src = `import type { A } from "./a.ts";\nimport type {\n  B,\n} from "./b.ts";\n` +
    `export type { C } from "./c.ts";\nimport { type D, e } from "./d.ts";\nimport "./f.ts";`;
  assertEquals(importsOf(src, { runtime: true }), ["./d.ts", "./f.ts"]);
  assertEquals(importsOf(src).length, 5);
});

Deno.test("reachingChain() finds an indirect path, the shortest, and none where there is none", () => {
  const g = new Map([
    ["report/x.ts", ["report/y.ts", "eval/long.ts"]],
    ["report/y.ts", ["render/z.ts"]],
    ["eval/long.ts", ["eval/longer.ts"]],
    ["eval/longer.ts", ["eval/longest.ts"]],
    ["eval/longest.ts", ["eval/y.ts"]],
    ["render/z.ts", ["eval/y.ts", "render/x.ts"]],
    ["render/x.ts", ["report/x.ts"]], // a cycle back: visited once
  ]);
  const ext = new Map([["eval/y.ts", ["@std/assert", "@tensorflow/tfjs"]]]);
  assertEquals(
    reachingChain(g, ext, { from: "report/x.ts", wanted: isTfjs }),
    "report/x.ts → report/y.ts → render/z.ts → eval/y.ts → @tensorflow/tfjs",
  );
  assertEquals(
    reachingChain(g, ext, { from: "render/z.ts", wanted: isTfjs }),
    "render/z.ts → eval/y.ts → @tensorflow/tfjs",
  );
  assertEquals(
    reachingChain(g, ext, { from: "eval/longer.ts", wanted: (s) => s === "x" }),
    undefined,
  );
  assertEquals(closure(g, "render/x.ts").size, 8);
  assertEquals(chainOf(closure(g, "eval/long.ts"), "eval/y.ts"), [
    "eval/long.ts",
    "eval/longer.ts",
    "eval/longest.ts",
    "eval/y.ts",
  ]);
});

Deno.test("render/ and report/ import no tfjs", () => {
  const wrong = files.filter((f) => ["render", "report"].includes(layerOf(f)))
    .filter((f) => external.get(f)!.some(isTfjs));
  assertEquals(wrong, []);
});

Deno.test("render/ and report/ reach no tfjs through other files (but for TFJS_ALLOWED)", () => {
  const wrong: string[] = [];
  for (const f of files.filter((f) => ["render", "report"].includes(layerOf(f)))) {
    const chain = reachingChain(runtimeGraph, runtimeExternal, { from: f, wanted: isTfjs });
    if (chain !== undefined && !TFJS_ALLOWED.has(f)) wrong.push(chain);
  }
  assertEquals(wrong, [], `tfjs reached from render/ or report/:\n${wrong.join("\n")}`);
  for (const f of TFJS_ALLOWED.keys()) { // no stale entries
    assert(files.includes(f), `TFJS_ALLOWED names a missing file: ${f}`);
    const chain = reachingChain(runtimeGraph, runtimeExternal, { from: f, wanted: isTfjs });
    assert(chain !== undefined, `${f} no longer reaches tfjs: remove it from TFJS_ALLOWED`);
  }
});

Deno.test("lib/ has no import cycles", () => {
  const state = new Map<string, "open" | "done">();
  const cycles: string[] = [];
  const visit = (f: string, path: string[]) => {
    state.set(f, "open");
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === "open") cycles.push([...path, f, d].slice(path.indexOf(d)).join(" -> "));
      else if (!state.has(d)) visit(d, [...path, f]);
    }
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f, []);
  assertEquals(cycles, []);
});

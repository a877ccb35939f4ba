// The architecture as a test: lib/ imports point down the layers of the README's layout section
// (cli → repro → run → report → eval → engine → model → data → render → config/errors),
// no import cycles, no tfjs in render/ or report/, and nothing under lib/ imports tasks/.

import { assertEquals } from "@std/assert";

/** Layers from top to bottom; a file may import its own layer or any layer below it. */
const LAYERS = ["cli", "repro", "run", "report", "eval", "engine", "model", "data", "render", "."];
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^"';]*?\bfrom\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']|new URL\(\s*["'](\.[^"']+)["']/g;

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

/** The import specifiers of a source text (static, dynamic, side-effect and worker URLs). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...code.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
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
for (const f of files) {
  const specs = importsOf(await Deno.readTextFile(f));
  graph.set(f, specs.filter((s) => s.startsWith(".")).map((s) => resolve(f, s)));
  external.set(f, specs.filter((s) => !s.startsWith(".")));
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

Deno.test("render/ and report/ draw without tfjs", () => {
  const wrong = files.filter((f) => ["render", "report"].includes(layerOf(f)))
    .filter((f) => external.get(f)!.some((s) => s.startsWith("@tensorflow/")));
  assertEquals(wrong, []);
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

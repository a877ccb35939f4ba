// The committed Wasm modules (kernels/mlp_wasm.ts, conv_wasm.ts) were built from today's C
// sources: each records its sources and the sha256 of their concatenation (deno task kernels).

import { assert, assertEquals } from "@std/assert";
import * as mlp from "../../../lib/engine/fused/kernels/mlp_wasm.ts";
import * as conv from "../../../lib/engine/fused/kernels/conv_wasm.ts";
import { sha256 } from "../../../lib/data/sha256.ts";

/** sha256 of the files at `paths`, concatenated in order (tools/build_kernels.sh's digest). */
async function digest(paths: readonly string[]): Promise<string> {
  const parts = await Promise.all(paths.map((p) => Deno.readFile(p)));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
  return await sha256(all);
}

for (const [name, module] of [["mlp", mlp], ["conv", conv]] as const) {
  Deno.test(`kernels/${name}_wasm.ts was built from the current ${module.SOURCES.join(", ")} (deno task kernels)`, async () => {
    assertEquals(await digest(module.SOURCES), module.SOURCE_SHA256);
  });
}

Deno.test("every C source and header in kernels/ is built into a module", async () => {
  const built = new Set([...mlp.SOURCES, ...conv.SOURCES]);
  for await (const e of Deno.readDir("lib/engine/fused/kernels")) {
    if (!/\.[ch]$/.test(e.name)) continue;
    const path = `lib/engine/fused/kernels/${e.name}`;
    assert(built.has(path), `${path} is in no module's SOURCES`);
  }
});

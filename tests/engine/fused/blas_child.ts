// Run by tests/engine/fused/blas_mode_test.ts without --allow-ffi: asks blasFor() for each named
// library and prints each refusal as the command line shows it (one JSON line).

import { blasFor } from "../../../lib/engine/fused/blas.ts";
import { commandLineError } from "../../../lib/cli/field_flags.ts";

const said: Record<string, string> = {};
for (const library of ["onednn", "openblas"] as const) {
  try {
    blasFor("auto", 2 ** 30, { library });
    said[library] = "no error";
  } catch (e) {
    const shown = commandLineError(e) as Error;
    said[library] = `${shown.name}: ${shown.message}`;
  }
}
said.auto = String(blasFor("auto", 2 ** 30)); // auto falls back to the Wasm kernels
console.log(JSON.stringify(said));

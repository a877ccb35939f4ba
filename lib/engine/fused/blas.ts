// The system's BLAS through Deno's FFI, for the fused step's matrix products on the CPU: sgemm
// on pointers into the step's Wasm memory, by oneDNN where it loads, else OpenBLAS. By default
// (`auto`) it multiplies large products; without one, or with `--exact`, the Wasm kernels do.

import type { BlasLibrary, BlasMode } from "../../config.ts";
import { ConfigError, type NameOf } from "../../errors.ts";
import type { Blas } from "./_blas_api.ts";
import { loadOpenBlas, OPENBLAS_NAMES } from "./_openblas.ts";
import { loadOneDnn, ONEDNN_NAMES } from "./_onednn.ts";

export type { Blas } from "./_blas_api.ts";

const cache = new Map<string, Blas | null>();
const once = (key: string, load: () => Blas | null) => {
  if (!cache.has(key)) cache.set(key, load());
  return cache.get(key)!;
};

/**
 * Opens the system's BLAS once per process: `auto` oneDNN's sgemm (with OpenBLAS's dgemm where
 * that loads too) where libdnnl loads, else OpenBLAS; `onednn` or `openblas` only that library.
 * Returns it, or null and why it is not available.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * const { blas, why } = systemBlas("openblas");
 * assert(blas ? blas.name.startsWith("OpenBLAS") : why.includes("libopenblas"));
 * ```
 *
 * @param library @default "auto"
 */
export function systemBlas(library: BlasLibrary = "auto"): { blas: Blas | null; why: string } {
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") {
    return { blas: null, why: "needs Deno's --allow-ffi permission" };
  }
  const open = once("openblas", loadOpenBlas);
  const dnnl = library === "openblas" ? null : once("onednn", () => {
    const sgemm = loadOneDnn(); // with OpenBLAS's dgemm where that loads too
    return sgemm && open ? { ...sgemm, dgemm: open.dgemm } : sgemm;
  });
  const blas = library === "openblas" ? open : dnnl ?? (library === "auto" ? open : null);
  if (blas) return { blas, why: "" };
  const tried = (names: string[]) => names.join(", ");
  const why = {
    auto: `found neither oneDNN nor OpenBLAS (tried ${
      tried([...ONEDNN_NAMES, ...OPENBLAS_NAMES])
    }; Debian: apt-get install libopenblas0)`,
    onednn: `found no oneDNN library (tried ${
      tried(ONEDNN_NAMES)
    }; Debian: apt-get install libdnnl2)`,
    openblas: `found no OpenBLAS library (tried ${
      tried(OPENBLAS_NAMES)
    }; Debian: apt-get install libopenblas0)`,
  }[library];
  return { blas: null, why };
}

/** OpenBLAS alone (its dgemm, its sgemm): systemBlas("openblas"). */
export const openBlas = (): { blas: Blas | null; why: string } => systemBlas("openblas");

/**
 * The smallest largest-product (multiply-adds of one layer's product in a step) that `auto`
 * hands to BLAS: 2^22. The notebook's [64,128,128,2] at batch 64 (2^20) stays on the Wasm
 * kernels, bit for bit the graph engine's numbers; Fashion-MNIST's 784→512 at batch 256
 * (about 2^26.6) goes to BLAS.
 */
export const BLAS_MIN = 2 ** 22;

/**
 * The BLAS a fused Wasm step multiplies with under `mode`, for a step whose largest product
 * has `largest` multiply-adds: `on` requires a BLAS (a ConfigError saying why it cannot be had),
 * `off` never uses one, `auto` uses one from BLAS_MIN on where it loads. A library named in
 * `options.library` that does not load is a ConfigError wherever a BLAS would multiply.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(blasFor("auto", 64 * 128 * 128), undefined); // the notebook's step: Wasm kernels
 * assertEquals(blasFor("off", 2 ** 30), undefined);
 * ```
 *
 * @param options.library Which library: see systemBlas. @default "auto"
 */
export function blasFor(
  mode: BlasMode,
  largest: number,
  options: { library?: BlasLibrary } = {},
): Blas | undefined {
  if (mode === "off" || (mode === "auto" && largest < BLAS_MIN)) return undefined;
  const library = options.library ?? "auto";
  const { blas, why } = systemBlas(library);
  if (blas) return blas;
  if (library !== "auto") {
    throw new ConfigError("blasLibrary", (n) => `${n("blasLibrary")} ${library}: ${why}`, {
      value: library,
    });
  }
  if (mode === "on") throw new ConfigError("blas", (n) => `${n("blas")} ${why}`, { value: mode });
  return undefined;
}

/**
 * Why `--blas` does not apply to a run of this engine and backend, or null when it does: the
 * BLAS products belong to the fused step on the wasm backend. The command line asks it of the
 * flags (where `auto` may still become fused on wasm), train() of what was chosen.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(blasMismatch({ engine: "auto", backend: "wasm" }), null);
 * assertEquals(
 *   blasMismatch({ engine: "graph", backend: "wasm" }),
 *   "--blas speeds up the fused step on the wasm backend, not --engine graph --backend wasm",
 * );
 * ```
 *
 * @param options.name how the message names a setting: its flag (`--blas`) on the command line,
 * the field (`blas`) for train()'s ConfigError. @default (f) => `--${f}`
 */
export function blasMismatch(
  run: { engine: string; backend: string },
  options: { name?: NameOf } = {},
): string | null {
  const n = options.name ?? ((f: string) => `--${f}`);
  const fits = ["fused", "auto"].includes(run.engine) && ["wasm", "auto"].includes(run.backend);
  return fits
    ? null
    : `${n("blas")} speeds up the fused step on the wasm backend, not ${
      n("engine")
    } ${run.engine} ${n("backend")} ${run.backend}`;
}

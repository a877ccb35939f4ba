// The system's OpenBLAS through Deno's FFI, for the fused step's matrix products on the
// CPU: cblas_sgemm on pointers into the step's Wasm memory. By default (`auto`) it multiplies
// large products where it loads; without it, or with `--exact`, the Wasm SIMD kernels do.

import type { BlasMode } from "../../config.ts";
import { ConfigError, type NameOf } from "../../errors.ts";

/** Library names tried in order (Debian/Ubuntu: apt-get install libopenblas0). */
const NAMES = ["libopenblas.so.0", "libopenblas.so", "libopenblas.0.dylib", "libopenblas.dll"];
const [ROW_MAJOR, NO_TRANS, TRANS] = [101, 111, 112];

const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "pointer",
      "i32",
      "pointer",
      "i32",
      "f32",
      "pointer",
      "i32",
    ],
    result: "void",
  },
  cblas_dgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f64",
      "pointer",
      "i32",
      "pointer",
      "i32",
      "f64",
      "pointer",
      "i32",
    ],
    result: "void",
  },
  openblas_set_num_threads: { parameters: ["i32"], result: "void" },
  openblas_get_corename: { parameters: [], result: "pointer" },
} as const;

/** Single-precision products on raw pointers, and what the library is. */
export interface Blas {
  /** C[m, n] = op(A)[m, k] · op(B)[k, n], row-major; op transposes where asked. */
  sgemm(
    a: Deno.PointerValue,
    b: Deno.PointerValue,
    c: Deno.PointerValue,
    dims: { m: number; k: number; n: number; transA?: boolean; transB?: boolean },
  ): void;
  /** C[m, n] = op(A) · op(B) + (accumulate ? C : 0) in float64 (Float64Array pointers). */
  dgemm(
    a: Deno.PointerValue,
    b: Deno.PointerValue,
    c: Deno.PointerValue,
    dims: {
      m: number;
      k: number;
      n: number;
      transA?: boolean;
      transB?: boolean;
      accumulate?: boolean;
    },
  ): void;
  /** e.g. "OpenBLAS (Cooperlake kernels)". */
  name: string;
  /** Sets the library's own thread count. */
  setThreads(threads: number): void;
}

let cached: { blas: Blas | null; why: string } | null = null;

/** Opens OpenBLAS once per process; returns it, or null and why it is not available. */
export function openBlas(): { blas: Blas | null; why: string } {
  if (cached) return cached;
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") {
    return cached = { blas: null, why: "needs Deno's --allow-ffi permission" };
  }
  for (const name of NAMES) {
    let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
    try {
      lib = Deno.dlopen(name, SYMBOLS);
    } catch {
      continue;
    }
    const core = lib.symbols.openblas_get_corename();
    const kernels = core ? new Deno.UnsafePointerView(core).getCString() : "unknown";
    const blas: Blas = {
      name: `OpenBLAS (${kernels} kernels)`,
      sgemm(a, b, c, { m, k, n, transA, transB }) {
        lib.symbols.cblas_sgemm(
          ROW_MAJOR,
          transA ? TRANS : NO_TRANS,
          transB ? TRANS : NO_TRANS,
          m,
          n,
          k,
          1,
          a,
          transA ? m : k,
          b,
          transB ? k : n,
          0,
          c,
          n,
        );
      },
      dgemm(a, b, c, { m, k, n, transA, transB, accumulate }) {
        lib.symbols.cblas_dgemm(
          ROW_MAJOR,
          transA ? TRANS : NO_TRANS,
          transB ? TRANS : NO_TRANS,
          m,
          n,
          k,
          1,
          a,
          transA ? m : k,
          b,
          transB ? k : n,
          accumulate ? 1 : 0,
          c,
          n,
        );
      },
      setThreads: (threads) => lib.symbols.openblas_set_num_threads(threads),
    };
    return cached = { blas, why: "" };
  }
  return cached = {
    blas: null,
    why: `found no OpenBLAS library (tried ${
      NAMES.join(", ")
    }; Debian: apt-get install libopenblas0)`,
  };
}

/**
 * The smallest largest-product (multiply-adds of one layer's product in a step) that `auto`
 * hands to OpenBLAS: 2^22. The notebook's [64,128,128,2] at batch 64 (2^20) stays on the Wasm
 * kernels, bit for bit the graph engine's numbers; Fashion-MNIST's 784→512 at batch 256
 * (about 2^26.6) goes to OpenBLAS.
 */
export const BLAS_MIN = 2 ** 22;

/**
 * The BLAS a fused Wasm step multiplies with under `mode`, for a step whose largest product
 * has `largest` multiply-adds: `on` requires OpenBLAS (an Error saying why it cannot be had),
 * `off` never uses it, `auto` uses it from BLAS_MIN on where it loads.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(blasFor("auto", 64 * 128 * 128), undefined); // the notebook's step: Wasm kernels
 * assertEquals(blasFor("off", 2 ** 30), undefined);
 * ```
 */
export function blasFor(mode: BlasMode, largest: number): Blas | undefined {
  if (mode === "off" || (mode === "auto" && largest < BLAS_MIN)) return undefined;
  const { blas, why } = openBlas();
  if (blas) return blas;
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

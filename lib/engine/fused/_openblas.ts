// The system's OpenBLAS through Deno's FFI: cblas_sgemm and cblas_dgemm on raw pointers, row
// major, and its thread count. blas.ts chooses between it and oneDNN (_onednn.ts).

import type { Blas } from "./_blas_api.ts";

/** Library names tried in order (Debian/Ubuntu: apt-get install libopenblas0). */
export const OPENBLAS_NAMES = [
  "libopenblas.so.0",
  "libopenblas.so",
  "libopenblas.0.dylib",
  "libopenblas.dll",
];
const [ROW_MAJOR, NO_TRANS, TRANS] = [101, 111, 112];
const GEMM = [
  ...["i32", "i32", "i32", "i32", "i32", "i32"],
  ...["f32", "pointer", "i32", "pointer", "i32", "f32", "pointer", "i32"],
] as const;
const DGEMM = [
  ...["i32", "i32", "i32", "i32", "i32", "i32"],
  ...["f64", "pointer", "i32", "pointer", "i32", "f64", "pointer", "i32"],
] as const;
const SYMBOLS = {
  cblas_sgemm: { parameters: GEMM, result: "void" },
  cblas_dgemm: { parameters: DGEMM, result: "void" },
  openblas_set_num_threads: { parameters: ["i32"], result: "void" },
  openblas_get_corename: { parameters: [], result: "pointer" },
} as const;

/** OpenBLAS as a Blas, or null where none of OPENBLAS_NAMES loads. */
export function loadOpenBlas(): Blas | null {
  for (const file of OPENBLAS_NAMES) {
    let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
    try {
      lib = Deno.dlopen(file, SYMBOLS);
    } catch {
      continue;
    }
    const core = lib.symbols.openblas_get_corename();
    const kernels = core ? new Deno.UnsafePointerView(core).getCString() : "unknown";
    const t = (yes?: boolean) => yes ? TRANS : NO_TRANS;
    return {
      name: `OpenBLAS (${kernels} kernels)`,
      library: "openblas",
      sgemm(a, b, c, { m, k, n, transA, transB }) {
        const [lda, ldb] = [transA ? m : k, transB ? k : n];
        lib.symbols.cblas_sgemm(
          ROW_MAJOR,
          t(transA),
          t(transB),
          m,
          n,
          k,
          1,
          a,
          lda,
          b,
          ldb,
          0,
          c,
          n,
        );
      },
      dgemm(a, b, c, { m, k, n, transA, transB, accumulate }) {
        const [lda, ldb, beta] = [transA ? m : k, transB ? k : n, accumulate ? 1 : 0];
        lib.symbols.cblas_dgemm(
          ROW_MAJOR,
          t(transA),
          t(transB),
          m,
          n,
          k,
          1,
          a,
          lda,
          b,
          ldb,
          beta,
          c,
          n,
        );
      },
      setThreads: (threads) => lib.symbols.openblas_set_num_threads(threads),
    };
  }
  return null;
}

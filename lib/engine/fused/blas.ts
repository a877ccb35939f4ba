// The system's OpenBLAS through Deno's FFI, for the fused step's matrix products on the
// CPU (`--blas`): cblas_sgemm on pointers into the step's Wasm memory. Optional: without
// the library or the --allow-ffi permission the Wasm SIMD kernels do the products.

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
    return cached = { blas: null, why: "--blas needs the --allow-ffi permission" };
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
      setThreads: (threads) => lib.symbols.openblas_set_num_threads(threads),
    };
    return cached = { blas, why: "" };
  }
  return cached = {
    blas: null,
    why: `--blas found no OpenBLAS library (tried ${
      NAMES.join(", ")
    }; Debian: apt-get install libopenblas0)`,
  };
}

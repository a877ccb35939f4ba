// oneDNN's dnnl_sgemm through Deno's FFI (libdnnl, which Debian's PyTorch brings): its own JIT
// kernels for the machine's widest vector unit, whatever OPENBLAS_CORETYPE pins; threads by the
// OpenMP runtime it is built with (libgomp's omp_set_num_threads, on the calling thread), which
// waits passively unless the user's OMP_WAIT_POLICY says otherwise.

import type { Blas } from "./_blas_api.ts";

/** Library names tried in order (Debian/Ubuntu: apt-get install libdnnl2). */
export const ONEDNN_NAMES = ["libdnnl.so.3", "libdnnl.so.2", "libdnnl.so", "libdnnl.3.dylib"];
const SYMBOLS = {
  dnnl_sgemm: {
    parameters: [
      ...["u8", "u8", "i64", "i64", "i64", "f32"],
      ...["pointer", "i64", "pointer", "i64", "f32", "pointer", "i64"],
    ],
    result: "i32",
  },
  dnnl_version: { parameters: [], result: "pointer" },
  dnnl_get_effective_cpu_isa: { parameters: [], result: "i32" },
} as const;
const OMP = { omp_set_num_threads: { parameters: ["i32"], result: "void" } } as const;
const [N, T] = ["N".charCodeAt(0), "T".charCodeAt(0)];
/** dnnl_cpu_isa_t values (oneDNN 2.x and 3.x) worth naming. */
const ISA: Record<number, string> = {
  0x1: "sse41",
  0x3: "avx",
  0x7: "avx2",
  0x27: "avx512_core",
  0x67: "avx512_core_vnni",
  0xe7: "avx512_core_bf16",
};

/** oneDNN's sgemm as a Blas (no dgemm), or null where it or its OpenMP runtime does not load. */
export function loadOneDnn(): Blas | null {
  for (const file of ONEDNN_NAMES) {
    let lib: Deno.DynamicLibrary<typeof SYMBOLS>, omp: Deno.DynamicLibrary<typeof OMP>;
    try {
      lib = passiveOpenMp(() => Deno.dlopen(file, SYMBOLS));
    } catch {
      continue;
    }
    try {
      omp = Deno.dlopen("libgomp.so.1", OMP); // already loaded by libdnnl: the same runtime
    } catch {
      lib.close();
      return null;
    }
    const v = new Deno.UnsafePointerView(lib.symbols.dnnl_version()!);
    const version = `${v.getInt32(0)}.${v.getInt32(4)}`;
    const isa = lib.symbols.dnnl_get_effective_cpu_isa();
    let threads = 1;
    omp.symbols.omp_set_num_threads(threads);
    return {
      name: `oneDNN ${version} (${ISA[isa] ?? `isa 0x${isa.toString(16)}`} kernels)`,
      library: "onednn",
      sgemm(a, b, c, { m, k, n, transA, transB }) {
        omp.symbols.omp_set_num_threads(threads); // per calling thread in OpenMP
        const [lda, ldb] = [BigInt(transA ? m : k), BigInt(transB ? k : n)];
        const [bm, bn, bk] = [BigInt(m), BigInt(n), BigInt(k)];
        const status = lib.symbols.dnnl_sgemm(
          transA ? T : N,
          transB ? T : N,
          ...[bm, bn, bk, 1, a, lda, b, ldb, 0, c, bn] as const,
        );
        if (status !== 0) {
          throw new Error(`dnnl_sgemm failed with status ${status} (${m}×${k}×${n})`);
        }
      },
      setThreads: (n) => void (threads = n),
    };
  }
  return null;
}

/**
 * Runs `open` with OMP_WAIT_POLICY=passive unless the user set a policy: libgomp reads it once,
 * as it loads, and its default spinning at barriers collapses a second thread's products
 * (measured: 120 → 22 GFLOP/s at load 5 on 2 cores) when other work shares the cores. The
 * variable is removed again, so child processes see the environment they were given.
 */
function passiveOpenMp<T>(open: () => T): T {
  const env = Deno.permissions.querySync({ name: "env", variable: "OMP_WAIT_POLICY" }).state;
  if (env !== "granted" || Deno.env.get("OMP_WAIT_POLICY") !== undefined) return open();
  Deno.env.set("OMP_WAIT_POLICY", "passive");
  try {
    return open();
  } finally {
    Deno.env.delete("OMP_WAIT_POLICY");
  }
}

// What a BLAS library offers the fused step and the PCA passes: sgemm (and OpenBLAS's dgemm) on
// raw pointers, its name and its thread count. _openblas.ts and _onednn.ts implement it; blas.ts
// chooses.

/** Single-precision products on raw pointers, and what the library is. */
export interface Blas {
  /** C[m, n] = op(A)[m, k] · op(B)[k, n], row-major; op transposes where asked. */
  sgemm(
    a: Deno.PointerValue,
    b: Deno.PointerValue,
    c: Deno.PointerValue,
    dims: { m: number; k: number; n: number; transA?: boolean; transB?: boolean },
  ): void;
  /**
   * C[m, n] = op(A) · op(B) + (accumulate ? C : 0) in float64 (Float64Array pointers): OpenBLAS's,
   * absent where OpenBLAS does not load (oneDNN has no dgemm).
   */
  dgemm?(
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
  /** e.g. "oneDNN 2.6 (avx512_core_bf16 kernels)", "OpenBLAS (Haswell kernels)". */
  name: string;
  /** The library whose sgemm this is. */
  library: "onednn" | "openblas";
  /** Sets the library's own thread count. */
  setThreads(threads: number): void;
}

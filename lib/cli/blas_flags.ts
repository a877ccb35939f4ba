// The flags of `train` that say who multiplies in the fused Wasm step (rows of TRAIN_FLAGS,
// train_flags.ts): a BLAS always (`--blas`), which one (`--blas-library`), or none (`--exact`).

import type { BlasLibrary } from "../config.ts";
import { oneOf } from "./flag_readers.ts";

/** The accepted values of `--blas-library`. */
export const BLAS_LIBRARIES: readonly BlasLibrary[] = ["auto", "onednn", "openblas"];

/** `--blas`, `--blas-library`, `--exact`, as rows of the train flag table. */
export const BLAS_FLAGS = [
  {
    flag: "blas",
    key: "blas",
    help: "fused step's products always by the system's BLAS (libdnnl2 or libopenblas0)",
    shown: "auto: a BLAS from 2^22 multiply-adds a product, where one loads",
  },
  {
    flag: "blas-library",
    key: "blasLibrary",
    read: oneOf(BLAS_LIBRARIES),
    help: `which BLAS multiplies: ${BLAS_LIBRARIES.join("|")}`,
    shown: "auto: oneDNN where it loads, else OpenBLAS",
  },
  {
    flag: "exact",
    key: "blas",
    help: "fused step's products by the Wasm SIMD kernels: the same bits on every machine",
    shown: "off; on for repro and quality",
  },
] as const;

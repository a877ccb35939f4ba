// The flags of `train` that only `--model pumap` takes (rows of TRAIN_FLAGS, train_flags.ts):
// its kNN graph's neighbourhood size, UMAP's min_dist and the reconstruction term's weight.

import { UsageError } from "../errors.ts";
import { intFlag, numFlag } from "./flags.ts";

/** `--neighbors`, `--min-dist`, `--recon-weight`, as rows of the train flag table. */
export const PUMAP_FLAGS = [
  {
    flag: "neighbors",
    key: "neighbors",
    read: (flag: string, v: string) => intFlag(flag, v, 2),
    help: "pumap: rows per neighbourhood of the kNN graph, itself included (UMAP's n_neighbors)",
    model: "pumap",
  },
  {
    flag: "min-dist",
    key: "minDist",
    read: (flag: string, v: string) => {
      const f = numFlag(flag, v, { min: 0, max: 1, example: "0.1" });
      if (f >= 1) throw new UsageError(`--${flag} must be below 1 (UMAP's spread), got '${v}'`);
      return f;
    },
    help: "pumap: UMAP's min_dist, how tightly the map packs neighbours, 0 to <1",
    model: "pumap",
  },
  {
    flag: "recon-weight",
    key: "reconWeight",
    read: (flag: string, v: string) => numFlag(flag, v, { min: 0 }),
    help: "pumap: weight of the decoder's reconstruction MSE (0 = encoder only)",
    model: "pumap",
  },
] as const;

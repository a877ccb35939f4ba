"""umap-learn's kNN graph (pynndescent, as UMAP builds it) on an IDX image file, for comparison
with pumap's (tools/knn_recall.ts): seconds for a first call (numba compiles) and a second one,
and recall of the k = n_neighbors - 1 nearest other rows over `queries` rows by brute force.
Usage: python3 tools/knn_reference.py images.idx.gz [n_neighbors=15] [queries=500] [seed=34]
"""
import gzip
import json
import sys
import time

import numpy as np
from umap.umap_ import nearest_neighbors


def load_idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims)
    return data.reshape(shape[0], -1)


def main():
    args = sys.argv[1:]
    path = args[0]
    nn, queries, seed = [int(a) for a in (args[1:] + ["15", "500", "34"][len(args) - 1:])]
    x = (load_idx(path) / 255.0).astype(np.float32)
    rng = np.random.RandomState(seed)
    seconds = []
    for _ in range(2):
        t0 = time.perf_counter()
        idx, _, _ = nearest_neighbors(x, nn, "euclidean", {}, False, rng, low_memory=True)
        seconds.append(time.perf_counter() - t0)
    k, n, hits = nn - 1, x.shape[0], 0
    for t in range(queries):
        i = t * n // queries
        d = ((x.astype(np.float64) - x[i].astype(np.float64)) ** 2).sum(axis=1)
        d[i] = np.inf
        truth = set(np.lexsort((np.arange(n), d))[:k].tolist())
        found = [j for j in idx[i].tolist() if j != i][:k]
        hits += sum(j in truth for j in found)
    print(json.dumps({"rows": n, "k": k, "seconds_first": round(seconds[0], 1),
                      "seconds_second": round(seconds[1], 1), "recall": hits / (queries * k),
                      "queries": queries}))


main()

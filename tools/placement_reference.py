"""What a map of training rows allows for held-out rows without an encoder (docs/models.md): each
held-out row placed at the codes of its k nearest training rows (inverse-distance weighted; k = 1:
the nearest one's code), or with `umap` by umap-learn's `transform` against the training codes
(its own weighted-neighbour start, or the codes of held_latent.csv, such as an encoder's, then its
100 epochs), written as index,label,z1,z2 … for tools/latent_metrics.ts to score as it scores an
encoder's (never over an existing file). Columns: all but `label`; codes: z1, z2 … by `index`.
Usage: /usr/bin/python3 tools/placement_reference.py train.csv train_latent.csv held.csv out.csv
       [k | umap [held_latent.csv]]"""
import csv
import sys

import numpy as np
from sklearn.neighbors import NearestNeighbors


def rows(path):
    """Feature columns and labels of a CSV with a header and a `label` column."""
    table = list(csv.reader(open(path)))
    at = table[0].index("label")
    x = np.array([[float(v) for i, v in enumerate(r) if i != at] for r in table[1:]])
    return x, np.array([r[at] for r in table[1:]])


def codes(path, n):
    """The z columns of a latent CSV, in data-row order (its `index` column)."""
    table = list(csv.reader(open(path)))
    head = table[0]
    zs = [i for i, c in enumerate(head) if c.startswith("z") and c[1:].isdigit()]
    z = np.zeros((n, len(zs)))
    for r in table[1:]:
        z[int(r[head.index("index")])] = [float(r[i]) for i in zs]
    return z


def transform(xa, za, xb, start):
    """umap-learn's transform of xb against the codes za (n_neighbors 15, min_dist 0.1, seed 34),
    from `start` [held, latent] instead of its weighted-neighbour start when one is given."""
    import umap
    import umap.umap_ as uu

    fit = umap.UMAP(n_neighbors=15, min_dist=0.1, random_state=34).fit(xa)
    fit.embedding_ = za.astype(np.float32)
    own = uu.init_graph_transform
    if start is not None:
        uu.init_graph_transform = lambda graph, embedding: start.astype(np.float32)
    try:
        return fit.transform(xb)
    finally:
        uu.init_graph_transform = own


def main():
    if len(sys.argv) < 5:
        sys.exit("usage: placement_reference.py train.csv train_latent.csv held.csv out.csv [k]")
    xa, _ = rows(sys.argv[1])
    xb, yb = rows(sys.argv[3])
    za = codes(sys.argv[2], len(xa))
    if len(sys.argv) > 5 and sys.argv[5] == "umap":
        z = transform(xa, za, xb, codes(sys.argv[6], len(xb)) if len(sys.argv) > 6 else None)
    else:
        k = int(sys.argv[5]) if len(sys.argv) > 5 else 1
        d, i = NearestNeighbors(n_neighbors=k).fit(xa).kneighbors(xb)
        w = 1 / (d + 1e-9)
        z = (za[i] * w[..., None]).sum(1) / w.sum(1, keepdims=True)  # [held, latent]
    try:
        f = open(sys.argv[4], "x", newline="")  # never over an existing file
    except FileExistsError:
        sys.exit(f"error: {sys.argv[4]}: exists; give a new file to write")
    with f:
        out = csv.writer(f)
        out.writerow(["index", "label", *[f"z{c + 1}" for c in range(z.shape[1])]])
        out.writerows([j, yb[j], *map(repr, z[j])] for j in range(len(z)))


main()

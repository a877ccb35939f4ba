"""Reference 2-D maps for pumap's comparison (docs/models.md): scikit-learn's t-SNE or
umap-learn's UMAP (n_neighbors 15, min_dist 0.1) of a CSV's feature columns (all but `label`)
or of IDX images (pixels / 255, labels from the matching -labels-idx1- file),
written as index,label,z1,z2 for tools/latent_metrics.ts; the fit's time goes to stderr. With
umap and a second CSV, the fitted map also places that CSV's rows (umap-learn's transform).
Usage: /usr/bin/python3 tools/embed_reference.py data.csv out.csv [seed] [tsne|umap] [new.csv new_out.csv]"""
import csv
import sys
import time

import numpy as np


def load_idx(path):
    """IDX images (…-images-idx3-ubyte[.gz]) as pixels / 255, with the matching labels file's."""
    import gzip

    def read(p):
        with (gzip.open(p) if p.endswith(".gz") else open(p, "rb")) as f:
            data = f.read()
        dims = data[3]
        shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
        return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)

    images = read(path)
    x = images.reshape(images.shape[0], -1).astype(np.float32) / 255
    return x, [str(v) for v in read(path.replace("-images-idx3-", "-labels-idx1-"))]


def load(path):
    if "-images-idx3-" in path:
        return load_idx(path)
    with open(path) as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    lab = head.index("label") if "label" in head else -1
    x = np.array([[float(v) for i, v in enumerate(r) if i != lab] for r in body])
    return x, [r[lab] if lab >= 0 else "" for r in body]


def write(path, labels, z):
    with open(path, "x", newline="") as f:
        w = csv.writer(f)
        w.writerow(["index", "label", "z1", "z2"])
        for i, (l, p) in enumerate(zip(labels, z)):
            w.writerow([i, l, repr(float(p[0])), repr(float(p[1]))])


src, out = sys.argv[1], sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 34
method = sys.argv[4] if len(sys.argv) > 4 else "tsne"
if method not in ("tsne", "umap"):
    sys.exit(f"embed_reference.py: method must be tsne or umap, got '{method}'")
x, labels = load(src)
t0 = time.time()
if method == "tsne":
    from sklearn.manifold import TSNE

    z = TSNE(n_components=2, random_state=seed, init="pca").fit_transform(x)
else:
    import umap

    fit = umap.UMAP(n_neighbors=15, min_dist=0.1, random_state=seed).fit(x)
    z = fit.embedding_
print(f"{method} of {x.shape[0]}x{x.shape[1]}: {time.time() - t0:.1f} s", file=sys.stderr)
write(out, labels, z)
if len(sys.argv) > 6:
    if method != "umap":
        sys.exit("embed_reference.py: only umap maps new rows (t-SNE has no transform)")
    nx, nlabels = load(sys.argv[5])
    t0 = time.time()
    nz = fit.transform(nx)
    print(f"umap transform of {nx.shape[0]} rows: {time.time() - t0:.1f} s", file=sys.stderr)
    write(sys.argv[6], nlabels, nz)

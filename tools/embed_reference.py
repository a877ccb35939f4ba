"""Reference 2-D maps for pumap's comparison (docs/models.md): scikit-learn's t-SNE of a CSV's
feature columns (all but `label`), written as index,label,z1,z2 for tools/latent_metrics.ts.
Usage: /usr/bin/python3 tools/embed_reference.py data.csv out.csv [seed]"""
import csv
import sys
import time

import numpy as np
from sklearn.manifold import TSNE

src, out = sys.argv[1], sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 34
with open(src) as f:
    rows = list(csv.reader(f))
head, body = rows[0], rows[1:]
lab = head.index("label") if "label" in head else -1
x = np.array([[float(v) for i, v in enumerate(r) if i != lab] for r in body])
labels = [r[lab] if lab >= 0 else "" for r in body]
t0 = time.time()
z = TSNE(n_components=2, random_state=seed, init="pca").fit_transform(x)
print(f"t-SNE of {x.shape[0]}x{x.shape[1]}: {time.time() - t0:.1f} s", file=sys.stderr)
with open(out, "x", newline="") as f:
    w = csv.writer(f)
    w.writerow(["index", "label", "z1", "z2"])
    for i, (l, p) in enumerate(zip(labels, z)):
        w.writerow([i, l, repr(float(p[0])), repr(float(p[1]))])

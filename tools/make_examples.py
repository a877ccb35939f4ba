"""Writes the own-data example CSVs of issue 12 (not committed: regenerate them).

/usr/bin/python3 tools/make_examples.py [out_dir]   (default /tmp/ae-examples)
  diabetes.csv  sklearn's load_diabetes (10 columns near ±0.1) plus `target` (near 150)
  iris.csv      4 measurements and a string `species` column
  patches.csv   16×16 grayscale patches (0–255) cut every 12 pixels from sklearn's china.jpg and flower.jpg
"""
import os
import sys

import numpy as np
from sklearn.datasets import load_diabetes, load_iris, load_sample_images

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/ae-examples"
os.makedirs(out, exist_ok=True)


def write_csv(path, names, rows):
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        for row in rows:
            f.write(",".join(str(v) for v in row) + "\n")


# The columns of load_diabetes(as_frame=True).frame, without needing pandas.
d = load_diabetes()
write_csv(f"{out}/diabetes.csv", list(d.feature_names) + ["target"],
          [list(map(repr, map(float, x))) + [repr(float(t))] for x, t in zip(d.data, d.target)])

iris = load_iris()
names = [n.replace(" (cm)", "").replace(" ", "_") for n in iris.feature_names] + ["species"]
write_csv(f"{out}/iris.csv", names,
          [list(map(repr, map(float, x))) + [iris.target_names[t]]
           for x, t in zip(iris.data, iris.target)])

patches = []
for image in load_sample_images().images:  # 427 × 640 × 3, uint8
    gray = image @ np.array([0.299, 0.587, 0.114])
    for r in range(0, gray.shape[0] - 16 + 1, 12):
        for c in range(0, gray.shape[1] - 16 + 1, 12):
            patches.append(np.round(gray[r:r + 16, c:c + 16]).reshape(-1))
patches = np.array(patches)
header = ",".join(f"p{i}" for i in range(256))
np.savetxt(f"{out}/patches.csv", patches, fmt="%d", delimiter=",", header=header, comments="")
print(f"wrote {out}/diabetes.csv, iris.csv, patches.csv ({len(patches)} patches)")

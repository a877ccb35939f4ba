"""Writes scikit-learn's bundled tables (no download) as CSVs with a header and a `label`
column, for the own-data measurements in docs/own_data.md:

    /usr/bin/python3 tools/sklearn_tables.py /tmp/tables
"""
import csv
import os
import sys

from sklearn import datasets

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, load in [("breast_cancer", datasets.load_breast_cancer),
                   ("diabetes", datasets.load_diabetes), ("iris", datasets.load_iris)]:
    d = load(scaled=False) if name == "diabetes" else load()
    names = [str(n).replace(" ", "_") for n in d.feature_names]
    with open(os.path.join(out, f"{name}.csv"), "w", newline="") as f:
        w = csv.writer(f)
        if name == "diabetes":  # a regression target: no classes, no label column
            w.writerow(names)
            w.writerows(d.data.tolist())
        else:
            w.writerow(names + ["label"])
            w.writerows(row + [f"c{t}"] for row, t in zip(d.data.tolist(), d.target))
    print(f"{out}/{name}.csv: {d.data.shape[0]} rows x {d.data.shape[1]} columns")

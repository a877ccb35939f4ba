"""Held-out reference for tests/eval/held_out_test.ts: wine, a fixed validation split, scaling
and PCA fitted on the training rows only (NumPy and scikit-learn), errors on the held-out rows.

    deno eval 'import {splitOrder} from "./lib/run/split_rows.ts";
      console.log(JSON.stringify(Array.from(splitOrder(178,{seed:34,valSplit:0.2}).val)))'
    /usr/bin/python3 tools/held_out_reference.py '<that list>' > tests/fixtures/held_out_wine.json
"""
import json
import sys

import numpy as np
from sklearn.decomposition import PCA
from sklearn.preprocessing import MinMaxScaler, StandardScaler

val = json.loads(sys.argv[1])
x = np.genfromtxt("data/wine.csv", delimiter=",", skip_header=1, usecols=range(13))
x = x.astype(np.float32).astype(np.float64)  # the toolkit reads float32
held = np.zeros(len(x), bool)
held[val] = True
train, test = x[~held], x[held]
out = {"data": "data/wine.csv", "val_rows": val, "cases": []}
for name, scaler in [("standard", StandardScaler()), ("minmax", MinMaxScaler())]:
    scaler.fit(train)
    s = scaler.scale_ if name == "standard" else 1 / scaler.scale_  # per-column spread
    for k in (2, 5):
        pca = PCA(n_components=k, svd_solver="full").fit(scaler.transform(train))
        z = scaler.transform(test)
        rec = pca.inverse_transform(pca.transform(z))
        zall = scaler.transform(x)
        recall = pca.inverse_transform(pca.transform(zall))
        out["cases"].append({
            "scale": name,
            "components": k,
            "spread": s.tolist(),
            "scaled_val_pca_mse": float(np.mean((z - rec) ** 2)),
            "val_pca_mse": float(np.mean(((z - rec) * s) ** 2)),
            "scaled_pca_mse": float(np.mean((zall - recall) ** 2)),
            "pca_mse": float(np.mean(((zall - recall) * s) ** 2)),
        })
json.dump(out, sys.stdout, indent=1)
print()

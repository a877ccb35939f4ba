#!/usr/bin/env bash
# The held-out table of docs/own_data.md: ae, vae, dae and sae with default flags (plus
# --val-split 0.2) on each table given, each model's held-out MSE against PCA's (run.json's
# scaled_val_mse and scaled_val_pca_mse; the data's units where the run did not scale) and the
# codes of its warnings. Usage: bash tools/held_out_table.sh OUT_DIR TABLE.csv... [-- FLAGS...]
set -euo pipefail
out=$1; shift
tables=(); extra=()
while (($#)); do
  if [[ $1 == -- ]]; then shift; extra=("$@"); break; fi
  tables+=("$1"); shift
done
echo "| table | model | held-out MSE | PCA's | ratio | warnings |"
echo "|---|---|---:|---:|---:|---|"
for t in "${tables[@]}"; do
  stem=$(basename "$t" .csv)
  for m in ae vae dae sae; do
    name="$stem-$m"
    deno run --allow-read --allow-write --allow-env --allow-ffi main.ts train --data "$t" \
      --model "$m" --val-split 0.2 --out "$out" --name "$name" --force ${extra[@]+"${extra[@]}"} \
      >/dev/null 2>"$out/$name.err" || { echo "| $stem | $m | failed: $(tail -1 "$out/$name.err") |"; continue; }
    /usr/bin/python3 - "$out/$name/run.json" "$stem" "$m" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); m = r["metrics"]
k = "scaled_val_mse" if "scaled_val_mse" in m else "val_mse"
p = k.replace("val_mse", "val_pca_mse")
units = "" if k.startswith("scaled") else " (data units)"
codes = " ".join(w["code"] for w in r.get("warnings", [])) or "-"
print(f"| {sys.argv[2]} | {sys.argv[3]} | {m[k]:.4g}{units} | {m[p]:.4g} | {m[k] / m[p]:.2f} | {codes} |")
PY
  done
done

// The PCA baseline in the model's space, against sklearn: StandardScaler / MinMaxScaler, then
// PCA(2) fitted on the scaled wine table and inverse-transformed back (figures from
// tools/make_examples.py's environment: sklearn 1.2.1, float64).

import { assertAlmostEquals, assertEquals, assertLess } from "@std/assert";
import { pcaBaseline } from "../../lib/eval/baseline.ts";
import { loadDataset } from "../../lib/data/load.ts";
import { pcaMse } from "../../lib/eval/metrics.ts";
import { applyScaling, fitScaling, type ScaleKind } from "../../lib/data/scale.ts";

const wine = await loadDataset("data/wine.csv");

function scaled(kind: ScaleKind) {
  const scaling = fitScaling(wine.x, { columns: wine.columns, kind });
  return { scaling, data: { ...wine, x: applyScaling(wine.x, scaling) } };
}

Deno.test("pcaBaseline: standard-scaled PCA mapped back matches sklearn in both unit systems", () => {
  const { scaling, data } = scaled("standard");
  const b = pcaBaseline(data, { components: 2, scaling });
  assertAlmostEquals(b.dataMse, 2139.70496, 2139.7 * 1e-5);
  assertAlmostEquals(b.scaledMse, 0.445936616, 1e-6);
  // Not PCA fitted on the raw columns, which solves another problem (proline dominates it).
  assertLess(pcaMse(wine, 2), b.dataMse / 10);
});

Deno.test("pcaBaseline: minmax-scaled PCA mapped back matches sklearn", () => {
  const { scaling, data } = scaled("minmax");
  const b = pcaBaseline(data, { components: 2, scaling });
  assertAlmostEquals(b.dataMse, 1839.91483, 1839.9 * 1e-5);
  assertAlmostEquals(b.scaledMse, 0.0166411626, 1e-7);
});

Deno.test("pcaBaseline: without scaling both figures are the plain PCA MSE", () => {
  const { scaling } = scaled("none");
  const b = pcaBaseline(wine, { components: 3, scaling });
  assertEquals([b.dataMse, b.scaledMse], [pcaMse(wine, 3), pcaMse(wine, 3)]);
});

Deno.test("pcaBaseline: range scaling (one scale for every column) gives s² times the scaled MSE, as scikit-learn", async () => {
  // /usr/bin/python3, scikit-learn 1.2.1: x = digits' 64 pixel columns; z = (x − min)/(max − min)
  // over all values (s = 16) as float32; p = PCA(2, svd_solver="full").fit(z); r =
  // p.inverse_transform(p.transform(z)); mean((z − r)²), mean((x − (r·s + min))²).
  const digits = await loadDataset("data/digits.csv");
  const scaling = fitScaling(digits.x, { columns: digits.columns, kind: "range" });
  const b = pcaBaseline({ ...digits, x: applyScaling(digits.x, scaling) }, {
    components: 2,
    scaling,
  });
  assertEquals([scaling.scale[0], b.dataMse], [16, 256 * b.scaledMse]);
  assertAlmostEquals(b.scaledMse, 0.05242582891, 1e-9);
  assertAlmostEquals(b.dataMse, 13.4210122, 1e-6);
});

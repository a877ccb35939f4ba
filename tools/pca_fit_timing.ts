// Times the PCA baseline's fits on an image file (the vae's range scaling):
// `deno run -A tools/pca_fit_timing.ts DATA baseline|fitK|fitall[:exact|:krylov]... [raw.f32]`
// prints, per case, the seconds and its figure (pcaBaseline's with K = 2, else the scaled MSE of
// the fit's reconstruction with K or 16 components); with a path it also writes the scaled data
// as raw float32, so numpy can check the figures.

import { applyScaling, fitScaling, loadDataset, mse, pcaBaseline } from "../lib/mod.ts";
import { fitPca, pcaReconstruct } from "../lib/eval/pca_model.ts";

const [path, ...cases] = Deno.args;
const raw = cases.at(-1)?.endsWith(".f32") ? cases.pop() : undefined;
const data = await loadDataset(path);
const scaling = fitScaling(data.x, { columns: data.columns, kind: "range" });
const scaled = { ...data, x: applyScaling(data.x, scaling) };
if (raw) { // never over a file that exists, never through a link
  await Deno.writeFile(raw, new Uint8Array(scaled.x.buffer, 0, scaled.x.length * 4), {
    createNew: true,
  });
}
const d = data.columns;
for (const c of cases) {
  const t = performance.now();
  let figure: string;
  if (c === "baseline") {
    const b = pcaBaseline(scaled, { components: 2, scaling });
    figure = `scaledMse ${b.scaledMse.toPrecision(10)}, dataMse ${b.dataMse.toPrecision(10)}`;
  } else {
    const [name, method] = c.split(":") as [string, "exact" | "krylov" | undefined];
    const k = name === "fitall" ? undefined : Number(name.slice(3));
    const pca = fitPca(scaled.x, { columns: d, components: k, method });
    const fit = (performance.now() - t) / 1000;
    const shown = k ?? 16;
    const m = mse(scaled.x, pcaReconstruct(pca, scaled.x, { components: shown }));
    figure = `fit ${fit.toFixed(2)} s (${pca.method}); scaled MSE with ${shown} components ${
      m.toPrecision(10)
    }`;
  }
  const s = ((performance.now() - t) / 1000).toFixed(2);
  console.log(`${c} ${data.rows}x${d}: ${s} s in all; ${figure}`);
}

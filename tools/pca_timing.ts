// Times pcaMse() on large shapes (issue 11): `deno run -A tools/pca_timing.ts images|dense|wide K
// [raw.f32]` prints the figure, seconds and passes; with a path it also writes the data as raw
// float32 so numpy can check the figure (np.linalg.eigvalsh of the float64 covariance).

import type { Dataset } from "../lib/data/load.ts";
import { syntheticImages } from "../lib/engine/bench.ts";
import { pcaMse } from "../lib/eval/metrics.ts";
import { rng } from "../lib/model/random.ts";

const [which, kArg, raw] = Deno.args;
const k = Number(kArg);
const table = (rows: number, columns: number, f: (i: number) => number): Dataset =>
  ({ x: Float32Array.from({ length: rows * columns }, (_, i) => f(i)), rows, columns }) as Dataset;
const r = rng(3);
const data = which === "images"
  ? syntheticImages(60000, { side: 28, seed: 1 })
  : which === "dense"
  ? table(60000, 784, (i) => r.normal() * (1 + (i % 784) / 100))
  : table(50, 5000, () => r.normal());
if (raw) { // never over a file that exists, never through a link
  await Deno.writeFile(raw, new Uint8Array(data.x.buffer, 0, data.x.length * 4), {
    createNew: true,
  });
}
const t = performance.now();
let passes = 0;
const mse = pcaMse(data, k, {
  onPass: (p) => (passes = p.pass, Deno.env.get("PCA_TRACE") && console.log(p)),
});
const s = ((performance.now() - t) / 1000).toFixed(2);
console.log(
  `${which} ${data.rows}x${data.columns} k=${k}: pca_mse ${
    mse.toPrecision(12)
  }, ${s} s, ${passes} passes`,
);

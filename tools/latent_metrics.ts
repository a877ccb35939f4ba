// kNN-5 accuracy (5-fold) and trustworthiness-5 of a latent CSV (encode's, or any method's with
// columns z1, z2 …; `index` names the data row when present) against the rows of a data file.
// Usage: deno run -A tools/latent_metrics.ts data.csv latent.csv   (prints one JSON line)

import { parse } from "@std/csv";
import { loadDataset } from "../lib/data/load.ts";
import { knnAccuracy } from "../lib/eval/similarity.ts";
import { neighbourRanks, trustworthiness } from "../lib/eval/trustworthiness.ts";

const [dataPath, latentPath] = Deno.args;
if (!dataPath || !latentPath) {
  console.error("usage: deno run -A tools/latent_metrics.ts data.csv latent.csv");
  Deno.exit(2);
}
const data = await loadDataset(dataPath);
const rows = parse(await Deno.readTextFile(latentPath)) as string[][];
const head = rows[0], zs = head.flatMap((c, i) => /^z\d+$/.test(c) ? [i] : []);
const index = head.indexOf("index");
const body = rows.slice(1);
if (!zs.length || body.length !== data.rows) {
  console.error(`error: ${latentPath}: expected ${data.rows} rows of z1, z2 …`);
  Deno.exit(1);
}
const latent = new Float64Array(body.length * zs.length);
body.forEach((r, i) => {
  const at = index < 0 ? i : Number(r[index]);
  zs.forEach((c, j) => (latent[at * zs.length + j] = Number(r[c])));
});
const z = { data: latent, rows: data.rows, cols: zs.length };
const x = { data: Float64Array.from(data.x), rows: data.rows, cols: data.columns };
const knn5 = data.labels ? knnAccuracy(z, data.labels, { k: 5 }) : null;
const trust5 = trustworthiness(neighbourRanks(x), z, { k: 5 });
console.log(JSON.stringify({ rows: data.rows, knn5, trust5 }));

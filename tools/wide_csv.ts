// Writes a wide random table for timing (issue 20: wide tables): ROWS × COLUMNS values made of 4
// latent factors plus noise around 5, seeded, with a header row c0,c1,… Never over a file.
// Usage: deno run -A tools/wide_csv.ts ROWS COLUMNS out.csv

import { rng } from "../lib/model/random.ts";

const [rows, columns] = Deno.args.slice(0, 2).map(Number), output = Deno.args[2];
if (!(rows >= 2 && columns >= 1 && Number.isInteger(rows * columns)) || !output) {
  console.error("usage: deno run -A tools/wide_csv.ts ROWS COLUMNS out.csv (ROWS ≥ 2)");
  Deno.exit(2);
}
const r = rng(20), factors = 4;
const w = Float64Array.from({ length: factors * columns }, () => r.normal());
const lines = [Array.from({ length: columns }, (_, j) => `c${j}`).join(",")];
for (let i = 0; i < rows; i++) {
  const z = Array.from({ length: factors }, () => r.normal());
  const row = new Array<string>(columns);
  for (let j = 0; j < columns; j++) {
    let v = 5 + 0.3 * r.normal();
    for (let f = 0; f < factors; f++) v += z[f] * w[f * columns + j];
    row[j] = v.toFixed(5);
  }
  lines.push(row.join(","));
}
try {
  await Deno.writeTextFile(output, lines.join("\n") + "\n", { createNew: true });
} catch (e) {
  if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  console.error(`error: ${output} exists; give a new file name`);
  Deno.exit(1);
}
console.log(`wrote ${output}: ${rows} rows × ${columns} columns`);

// Draws the latent scatter of `deno task encode`'s output (index, label, z1, z2 …) as an SVG,
// coloured by label: the test images' latent space beside the training run's latent.svg (with
// the run's folder, its --class-names give the legend's order and colours, as in latent.svg).
// Usage: deno run -A tools/latent_scatter.ts codes.csv out.svg ["title" [run_folder]]

import { parse } from "@std/csv";
import { scatterSvg } from "../lib/render/svg.ts";

const [input, output, title = "Latent space", run] = Deno.args;
if (!input || !output) {
  console.error('usage: deno run -A tools/latent_scatter.ts codes.csv out.svg ["title" [run]]');
  Deno.exit(2);
}
const text = await Deno.readTextFile(input).catch(() => {
  console.error(`error: ${input}: cannot read it (expected encode's latent CSV)`);
  Deno.exit(1);
});
const rows = parse(text) as string[][];
const head = rows[0], [z1, z2, label] = ["z1", "z2", "label"].map((c) => head.indexOf(c));
if (z1 < 0 || z2 < 0) {
  console.error(`error: ${input}: expected columns z1 and z2, got ${head.join(",")}`);
  Deno.exit(1);
}
const body = rows.slice(1);
const named: string[] = run
  ? await Deno.readTextFile(`${run}/run.json`).then((t) => JSON.parse(t).config.classNames ?? [])
    .catch(() => {
      console.error(`error: ${run}/run.json: cannot read it (expected a run folder)`);
      Deno.exit(1);
    })
  : [];
const svg = scatterSvg({
  x: body.map((r) => Number(r[z1])),
  y: body.map((r) => Number(r[z2])),
  labels: label < 0 ? undefined : body.map((r) => r[label]),
  classes: named.length && label >= 0 ? named : undefined,
}, { title: `${title} (${body.length} points)` });
try {
  await Deno.writeTextFile(output, svg, { createNew: true }); // never over a file that exists
} catch (e) {
  if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  console.error(`error: ${output} exists; give a new file name`);
  Deno.exit(1);
}
console.log(`wrote ${output}`);

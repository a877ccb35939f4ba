// What the figures call the images: the notebook's 8×8 digits keep their name (samples.png of
// the default run stays byte-identical); any other image data is "images". An sae atom's
// caption keeps the digits of a small share.

import { assertEquals } from "@std/assert";
import { addVariantFigures, imageNoun } from "../../lib/report/variant_figures.ts";
import { imageGrid } from "../../lib/render/png.ts";
import { loadDataset } from "../../lib/data/load.ts";

Deno.test("imageNoun(): digits for 8×8 grayscale, images for Fashion-MNIST's 28×28 or colour", async () => {
  const digits = {
    ...await loadDataset("data/digits.csv"),
    imageShape: [8, 8] as [number, number],
  };
  assertEquals(imageNoun(digits), "digits");
  assertEquals(imageNoun({ ...digits, imageShape: [28, 28] }), "images");
  assertEquals(imageNoun({ ...digits, channels: 3 }), "images");
});

Deno.test("features.png: an atom firing on 0.04% of the samples says so, not '0.0%'", () => {
  const data = {
    x: new Float32Array(4),
    rows: 1,
    columns: 4,
    featureNames: ["a", "b", "c", "d"],
    labels: null,
    classes: [],
    imageShape: [2, 2] as [number, number],
    source: "t",
  };
  const atoms = Float32Array.from([0, 1, 0, 1, 1, 0, 1, 0]); // two atoms of 2×2
  const frequency = Float64Array.from([0.5, 0.0004]); // the second fires on 0.04% of the rows
  const files = new Map();
  addVariantFigures(files, { atoms, frequency, metrics: {} }, { data, rows: [0], vmax: 1 });
  const cell = (k: number, caption: string) => ({
    pixels: Float32Array.from(atoms.subarray(k * 4, k * 4 + 4)),
    width: 2,
    height: 2,
    caption,
  });
  const want = imageGrid([cell(0, "50%"), cell(1, "0.04%")], {
    vmin: 0,
    vmax: 1,
    columns: 2,
    scale: 8,
    title: "Dictionary: 2 live decoder atoms, most used first (caption: share of samples it " +
      "fires on)\neach atom scaled to its own range; 0 dead atoms not shown",
  });
  assertEquals(files.get("features.png"), want);
});

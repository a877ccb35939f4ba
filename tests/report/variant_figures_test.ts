// What the figures call the images: the notebook's 8×8 digits keep their name (samples.png of
// the default run stays byte-identical); any other image data is "images".

import { assertEquals } from "@std/assert";
import { imageNoun } from "../../lib/report/variant_figures.ts";
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

// The recommendation rule: the smallest latent within the tolerance of the best mean
// validation MSE, ties at one size to the lower error, full-data MSE without a split.

import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { recommend, ruleText } from "../../lib/repro/recommend.ts";

const cell = (latent: number, val: number, name = "ae") => ({
  name,
  latent,
  val_mse_mean: val,
  mse_mean: val - 1,
});

Deno.test("recommend(): smallest latent within 5% of the best; the best is the lowest error", () => {
  const cells = [cell(2, 20), cell(4, 10.6), cell(8, 10.2), cell(16, 10), cell(32, 10.4)];
  const r = recommend(cells);
  assertEquals([r.best.latent, r.recommended.latent, r.metric], [16, 8, "val_mse_mean"]);
  assertEquals(r.threshold, 10 * 1.05);
  assertEquals(recommend(cells, { tolerance: 0.07 }).recommended.latent, 4); // 10.6 ≤ 10.7
  assertEquals(recommend(cells, { tolerance: 0 }).recommended.latent, 16);
});

Deno.test("recommend(): at one size the lower error wins; no split falls back to full-data MSE", () => {
  const r = recommend([cell(4, 10.4, "vae"), cell(4, 10.2, "ae"), cell(8, 10)]);
  assertEquals([r.recommended.latent, r.recommended.name], [4, "ae"]);
  const noSplit = recommend([cell(2, NaN), { ...cell(4, NaN), mse_mean: 3 }]);
  assertEquals([noSplit.metric, noSplit.best.latent], ["mse_mean", 4]);
  assertStringIncludes(ruleText(0.05, "val_mse_mean"), "within 5% of the best");
  assertThrows(() => recommend([]), RangeError, "no cell");
});

Deno.test("recommend(): held-out scaled MSE decides where every cell has it in one scaling", () => {
  // In the data's units the largest column decides (latent 2 looks best); scaled, latent 8 is.
  const scaled = (latent: number, val: number, s: number, scaling = "standard") => ({
    ...cell(latent, val),
    scaled_val_mse_mean: s,
    scaling,
  });
  const cells = [scaled(2, 10, 0.9), scaled(4, 11, 0.5), scaled(8, 12, 0.3)];
  const r = recommend(cells);
  assertEquals([r.metric, r.best.latent, r.recommended.latent], ["scaled_val_mse_mean", 8, 8]);
  assertStringIncludes(ruleText(0.05, r.metric, "standard"), "validation MSE in standard-scaled");
  // Two scalings (ae standard, vae minmax): scaled errors do not compare; the data's units do.
  const mixed = recommend([scaled(2, 10, 0.9), scaled(8, 12, 0.3, "minmax")]);
  assertEquals([mixed.metric, mixed.best.latent], ["val_mse_mean", 2]);
  assertStringIncludes(ruleText(0.05, mixed.metric), "validation MSE in the data's units");
  // A cell without the scaled figure (unscaled images, older runs): the data's units.
  assertEquals(recommend([scaled(2, 10, NaN), scaled(8, 12, 0.3)]).metric, "val_mse_mean");
});

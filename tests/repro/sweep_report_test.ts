// A sweep's elbow.svg and report.md from constructed runs: the legend draws each line as the
// plot does (PCA's dashed), and MSEs of any scale keep their significant digits.

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { expandGrid } from "../../lib/repro/grid.ts";
import type { RunResult } from "../../lib/repro/sweep_cell.ts";
import { summarise } from "../../lib/repro/sweep_results.ts";
import { elbowSvg } from "../../lib/repro/sweep_figures.ts";
import { sweepReport } from "../../lib/repro/sweep_report.ts";
import { recommend } from "../../lib/repro/recommend.ts";
import { xml } from "../cli.ts";

const grid = expandGrid(["--model", "ae,vae", "--latent", "2,4"]);

/** Two seeds per cell; `scale` sets the MSEs' size, `pca(cell)` each cell's PCA MSE. */
function cells(scale: number, pca: (i: number) => number) {
  const run = (cell: string, i: number, seed: number, val: number): RunResult => ({
    cell,
    seed,
    run: `${cell}-s${seed}`,
    val_mse: val * scale,
    mse: (val - 1) * scale,
    pca_val_mse: pca(i) * scale,
    pca_mse: pca(i) * scale,
    knn_accuracy: null,
    trustworthiness: 0.9,
    train_s: 1,
    backend: "wasm",
    engine: "fused",
    scaled_val_mse: NaN,
    scaled_pca_val_mse: NaN,
    scaling: "none",
    warnings: "",
  });
  return summarise(
    grid,
    grid.cells.flatMap((c, i) => [run(c.key, i, 1, 10 + i), run(c.key, i, 2, 12 + i)]),
  );
}

/** Each legend entry's text with its swatch's stroke and dash, and each drawn line's. */
function strokes(svg: string) {
  const doc = xml.parseFromString(svg, "image/svg+xml");
  const items = Array.from(doc.getElementsByTagName("g"))
    .filter((g) => g.getAttribute("class") === "legend-item").map((g) => {
      const line = g.getElementsByTagName("line")[0];
      return {
        label: g.getElementsByTagName("text")[0].textContent!,
        stroke: line.getAttribute("stroke"),
        dash: line.getAttribute("stroke-dasharray"),
      };
    });
  const paths = Array.from(doc.getElementsByTagName("path"))
    .filter((p) => ["line", "pca"].includes(p.getAttribute("class")!)).map((p) => ({
      kind: p.getAttribute("class"),
      stroke: p.getAttribute("stroke"),
      dash: p.getAttribute("stroke-dasharray"),
    }));
  return { items, paths };
}

Deno.test("elbowSvg(): each legend swatch is dashed exactly as the lines it names", () => {
  for (const pca of [() => 5, (i: number) => 5 + (i >= 2 ? 1 : 0)]) { // one PCA curve, then two
    const { items, paths } = strokes(elbowSvg(cells(1, pca)));
    assertEquals(paths.filter((p) => p.kind === "pca").length, pca(3) === 5 ? 1 : 2);
    for (const it of items) {
      const drawn = paths.filter((p) =>
        p.stroke === it.stroke && (p.kind === "pca") === it.label.startsWith("PCA")
      );
      assert(drawn.length > 0, `no line for legend entry '${it.label}'`);
      for (const p of drawn) assertEquals(it.dash, p.dash, `legend entry '${it.label}'`);
      assertEquals(/dashed/.test(it.label), it.dash !== null, it.label);
    }
  }
});

Deno.test("sweepReport(): MSEs of any scale keep 3 significant digits, one decimals count", () => {
  const report = (scale: number) => {
    const cs = cells(scale, () => 5);
    return sweepReport(cs, {
      rec: recommend(cs),
      title: "t",
      command: "c",
      seeds: [1, 2],
      valSplit: 0.2,
      backends: ["wasm"],
    });
  };
  // Decimals for 3 significant digits on the smallest (PCA's 5), the same for every MSE.
  assertStringIncludes(report(1), "| model=ae | 2 | 11.00 ± 1.41 | 10.00 ± 1.41 | 5.00 |");
  // Pixels in [0, 1]: 0.0110 ± 0.0014, not 0.011 ± 0.001; below 1e-3 each in exponent form.
  const ae2 = "| model=ae | 2 |";
  assertStringIncludes(report(1e-3), `${ae2} 0.01100 ± 0.00141 | 0.01000 ± 0.00141 | 0.00500 |`);
  assertStringIncludes(report(1e-4), `${ae2} 0.0011 ± 1.41e-4 | 0.001 ± 1.41e-4 | 5e-4 |`);
  // The page says which units it ranks in (unscaled runs: the data's).
  assertStringIncludes(report(1), "Ranked on validation MSE in the data's units");
});

Deno.test("sweepReport(): scaled runs rank on held-out scaled MSE and say so; warnings carried", () => {
  const cs = cells(1, () => 5).map((c, i) => ({
    ...c,
    scaled_val_mse_mean: 0.5 - i / 10,
    scaled_val_mse_sd: 0.01,
    scaled_pca_val_mse: 0.45,
    scaling: "standard",
    warnings: i === 0 ? "worse-than-pca" : "",
  }));
  const rec = recommend(cs);
  const text = sweepReport(cs, {
    rec,
    title: "t",
    command: "c",
    seeds: [1, 2],
    valSplit: 0.2,
    backends: ["wasm"],
  });
  assertEquals(rec.metric, "scaled_val_mse_mean");
  assertStringIncludes(text, "Ranked on validation MSE in standard-scaled units");
  assertStringIncludes(text, "| model=ae | 2 | 0.500 ± 0.010 | 10.000 ± 1.414 | 0.450 |");
  assertStringIncludes(text, "| worse-than-pca |");
});

// What a run's figures and page say, from constructed outputs: reconstruction labels with
// significant digits at any pixel scale, ordinals, the kept epoch only where early stopping
// stopped the run, the gap to PCA's MSE, and no page style that reaches an inlined figure.

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import type { Dataset } from "../../lib/data/load.ts";
import { runFigures, type RunOutputs } from "../../lib/report/run_figures.ts";
import { CSS, runPage } from "../../lib/report/page.ts";
import { imageGrid } from "../../lib/render/png.ts";
import { xml } from "../cli.ts";

/** `rows` rows of `columns` values in [0, 1], one class per row when `classes`. */
function dataset(rows: number, columns: number, image: [number, number] | null): Dataset {
  return {
    x: Float32Array.from({ length: rows * columns }, (_, i) => (i * 7919 % 101) / 100),
    rows,
    columns,
    featureNames: Array.from({ length: columns }, (_, j) => `f${j}`),
    labels: Int32Array.from({ length: rows }, (_, i) => i),
    classes: Array.from({ length: rows }, (_, i) => `c${i}`),
    imageShape: image,
    source: "t",
  };
}

function outputs(data: Dataset, extra: Partial<RunOutputs> = {}): RunOutputs {
  return {
    data,
    latent: Float32Array.from({ length: data.rows * 2 }, (_, i) => Math.sin(i)),
    reconstruction: Float32Array.from(data.x),
    epochs: [0, 1, 2, 3].map((epoch) => ({ epoch, loss: 1 / (epoch + 1), val_loss: 2 })),
    pcaMse: 0.5,
    ...extra,
  };
}

Deno.test("reconstructions.png: pixels in [0, 1] get labels with significant digits", () => {
  const data = dataset(3, 4, [2, 2]);
  // Row i is off by 0.1·(i + 1) in one pixel of four: MSE 0.0025, 0.01 and 0.0225.
  const reconstruction = Float32Array.from(
    data.x,
    (v, j) => (j % 4 === 0 ? v + 0.1 * (j / 4 + 1) : v),
  );
  const png = runFigures(outputs(data, { reconstruction }), { seed: 1 }).get("reconstructions.png");
  const cell = (src: Float32Array | Uint8Array, i: number, caption: string) => ({
    pixels: src.subarray(i * 4, i * 4 + 4),
    width: 2,
    height: 2,
    caption,
  });
  let [vmin, vmax] = [Infinity, -Infinity];
  for (const v of data.x) [vmin, vmax] = [Math.min(vmin, v), Math.max(vmax, v)];
  const want = imageGrid([
    ...[0, 1, 2].map((i) => cell(data.x, i, `original\nlabel c${i}`)),
    ...["0.0025", "0.0100", "0.0225"].map((e, i) =>
      cell(reconstruction, i, `reconstructed\nmse ${e}`)
    ),
  ], { vmin, vmax, columns: 3, title: "Top: original. Bottom: reconstruction." });
  assertEquals(png, want);
});

Deno.test("latent.svg: a thinned table's title says 'every 3rd' (ordinals, not '3th')", () => {
  const svg = runFigures(outputs(dataset(25000, 2, null)), { seed: 1 }).get("latent.svg") as string;
  assertStringIncludes(svg, "Latent space (8334 of 25000 samples, every 3rd)");
});

/** loss.svg's mark text (null when it has none). */
function mark(extra: Partial<RunOutputs>): string | null {
  const svg = runFigures(outputs(dataset(3, 2, null), extra), { seed: 1 }).get("loss.svg");
  const doc = xml.parseFromString(svg as string, "image/svg+xml");
  const g = Array.from(doc.getElementsByTagName("g")).find((g) =>
    g.getAttribute("class") === "mark"
  );
  return g?.textContent ?? null;
}

Deno.test("loss.svg says 'early stopping' only when it stopped the run", () => {
  assertEquals(mark({ keptEpoch: 1, stoppedEarly: true }), "kept epoch 1 (early stopping)");
  assertEquals(
    mark({ keptEpoch: 1, stoppedEarly: false }),
    "kept epoch 1 (lowest validation loss)",
  );
  assertEquals(mark({ keptEpoch: 3, stoppedEarly: false }), null); // the last epoch's weights
  assertEquals(mark({ keptEpoch: null }), null);
});

Deno.test("pumap's loss.svg: the total solid, its terms dashed over it, on a log scale", () => {
  // The UMAP term is within 0.3% of the total and the MSE 40x below: one linear axis hid both.
  const epochs = [0, 1, 2].map((epoch) => {
    const umap = 5 / (epoch + 1), mse = 0.09 / (epoch + 1);
    return { epoch, loss: umap + 0.1 * mse, umap, mse };
  });
  const out = outputs(dataset(3, 4, null), { kind: "pumap", epochs });
  const svg = runFigures(out, { seed: 1 }).get("loss.svg") as string;
  const doc = xml.parseFromString(svg, "image/svg+xml");
  const lines = doc.getElementsByTagName("path");
  const dash = Array.from(lines).filter((p) => p.getAttribute("class") === "line")
    .map((p) => [p.getAttribute("data-name")!.split(" ")[0], p.getAttribute("stroke-dasharray")]);
  assertEquals(dash, [["loss:", null], ["UMAP", "7 4"], ["reconstruction", "7 4"]]);
  const legend = Array.from(doc.getElementsByTagName("g"))
    .find((g) => g.getAttribute("class") === "legend")!;
  const swatches = Array.from(legend.getElementsByTagName("line"))
    .map((l) => l.getAttribute("stroke-dasharray"));
  assertEquals(swatches, [null, "7 4", "7 4"], "the legend draws each line as the plot does");
  for (const tick of ["0.01", "0.1", "1", "10"]) assertStringIncludes(svg, `>${tick}</text>`);
  assertStringIncludes(svg, "loss (log scale)");
});

/** The run page of a table with these manifest parts. */
function page(manifest: Record<string, unknown>, figures = new Map<string, string>()): string {
  const data = dataset(3, 2, null);
  return runPage({
    title: "t",
    manifest: { config: { model: "ae" }, ...manifest },
    figures,
    data,
    latent: new Float32Array(6),
    reconstruction: null,
  });
}

Deno.test("the page's kept epoch says 'early stopping' only when it stopped the run", () => {
  const epochs = [0, 1, 2, 3].map((epoch) => ({ epoch, loss: 1, val_loss: 2 }));
  const kept = (best: number, stopped: boolean) =>
    /<th>kept epoch<\/th><td>([^<]*)<\/td>/.exec(
      page({ epochs, training: { best_epoch: best, stopped_early: stopped } }),
    )?.[1];
  assertEquals(kept(1, true), "1 (early stopping, stopped after epoch 3)");
  assertEquals(kept(1, false), "1, the lowest validation loss (early stopping did not trigger)");
  assertEquals(kept(3, false), "3, the last (early stopping did not trigger)");
});

Deno.test("the page gives a small gap to PCA's MSE its digits: '0.4% above', not '0% above'", () => {
  const gap = (mse: number) =>
    /class="(?:better|worse)">([^<]*)</.exec(
      page({ metrics: { reconstruction_mse: mse, pca_mse: 2 } }),
    )
      ?.[1];
  assertEquals(gap(2.008), "0.4% above PCA's 2");
  assertEquals(gap(1.99), "0.5% below PCA's 2");
  assertEquals(gap(1.0), "50% below PCA's 2");
  assertEquals(gap(4.5), "2.25× PCA's 2");
});

Deno.test("no page style names a class or element an inlined figure uses", () => {
  const out = outputs(dataset(12, 3, null), { keptEpoch: 1 });
  const svgs = [...runFigures(out, { seed: 1 }).entries()].filter(([n]) => n.endsWith(".svg"));
  assert(svgs.some(([n]) => n === "feature_error.svg"));
  const inFigures = new Set<string>(), tags = new Set<string>();
  for (const [, svg] of svgs) {
    for (const m of String(svg).matchAll(/class="([^"]+)"/g)) {
      m[1].split(/\s+/).forEach((c) => inFigures.add(c));
    }
    for (const m of String(svg).matchAll(/<([a-z]+)[\s/>]/g)) tags.add(m[1]);
  }
  const rules = CSS.replace(/\{[^}]*\}/g, "\n").split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  for (const selector of rules) {
    const classes = [...selector.matchAll(/\.([A-Za-z_][\w-]*)/g)].map((m) => m[1]);
    const shared = classes.filter((c) => inFigures.has(c));
    assertEquals(shared, [], `page rule '${selector}' names a figure's class`);
    // An element selector that a figure's elements match must be the figure's <svg> itself.
    const last = selector.split(/[\s>+~]+/).at(-1)!.replace(/[.#:[].*$/, "");
    if (tags.has(last)) assertEquals(last, "svg", `page rule '${selector}' reaches into figures`);
  }
});

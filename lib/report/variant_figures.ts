// Figures of the family members beyond the plain autoencoder: the vae's prior samples
// and latent manifold, the dae's corrupted/denoised/clean triplets, and the sae's
// dictionary of decoder atoms with a histogram of how often each unit fires.

import { formatSig } from "../render/format.ts";
import type { Dataset, Values } from "../data/load.ts";
import { type ImageCell, imageGrid } from "../render/png.ts";
import { barSvg } from "../render/svg.ts";
import type { RunFiles } from "./files.ts";
import type { VariantOutputs } from "../eval/variants.ts";
import { type Noise, noiseText } from "../model/noise.ts";

/** What a figure calls the images: the notebook's 8×8 grayscale digits, or images. */
export function imageNoun(data: Dataset): string {
  const [h, w] = data.imageShape ?? [0, 0];
  return h === 8 && w === 8 && (data.channels ?? 1) === 1 ? "digits" : "images";
}

/** Adds the variant's figures to `files` (image figures need the data's image shape). */
export function addVariantFigures(
  files: RunFiles,
  variant: VariantOutputs,
  options: { data: Dataset; rows: number[]; vmax: number; noise?: Noise },
): void {
  const { data } = options;
  const d = data.columns;
  if (variant.frequency) {
    files.set("activation_frequency.svg", frequencyHistogram(variant.frequency));
  }
  if (!data.imageShape) return;
  const [h, w] = data.imageShape;
  const cell = (src: Values, i: number, caption?: string): ImageCell => ({
    pixels: src.subarray(i * d, (i + 1) * d),
    channels: data.channels,
    width: w,
    height: h,
    caption,
  });
  const gray = { vmin: 0, vmax: options.vmax };
  if (variant.generated) {
    const n = variant.generated.length / d;
    files.set(
      "generated.png",
      imageGrid(Array.from({ length: n }, (_, i) => cell(variant.generated!, i)), {
        ...gray,
        columns: 8,
        scale: 10,
        title: `${n} ${imageNoun(data)} decoded from z ~ N(0, I)`,
      }),
    );
  }
  if (variant.manifold) {
    const { side, range, values } = variant.manifold;
    files.set(
      "manifold.png",
      imageGrid(Array.from({ length: side * side }, (_, i) => cell(values, i)), {
        ...gray,
        columns: side,
        scale: 6,
        title: `Decoder over the latent grid: z1 from -${range} (left) to ${range},\n` +
          `z2 from ${range} (top) to -${range}`,
      }),
    );
  }
  if (variant.noisy && variant.denoised) {
    const label = (i: number) => data.labels ? `label ${data.classes[data.labels[i]]}` : `row ${i}`;
    files.set(
      "denoising.png",
      imageGrid([
        ...options.rows.map((i) => cell(variant.noisy!, i, `corrupted\n${label(i)}`)),
        ...options.rows.map((i) => cell(variant.denoised!, i, "denoised")),
        ...options.rows.map((i) => cell(data.x, i, "clean")),
      ], {
        ...gray,
        columns: options.rows.length,
        title: `Denoising (${
          options.noise ? noiseText(options.noise) : undefined
        }). Top: corrupted input. Middle: output. Bottom: clean.`,
      }),
    );
  }
  if (variant.atoms && variant.frequency) {
    const freq = variant.frequency;
    // Live atoms, most often used first; dead ones (never fire) are untrained noise.
    const live = Array.from(freq.keys()).filter((j) => freq[j] > 0).sort((a, b) =>
      freq[b] - freq[a]
    );
    const cells = live.map((j) => {
      const a = variant.atoms!.subarray(j * d, (j + 1) * d);
      let [lo, hi] = [Infinity, -Infinity];
      for (const v of a) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      const pct = 100 * freq[j];
      return {
        pixels: a.map((v) => (v - lo) / (hi - lo || 1)),
        width: w,
        height: h,
        caption: `${pct < 1 ? formatSig(pct, { digits: 1 }) : pct.toFixed(0)}%`, // not "0.0%"
      };
    });
    const dead = freq.length - live.length;
    if (cells.length > 0) {
      files.set(
        "features.png",
        imageGrid(cells, {
          vmin: 0,
          vmax: 1,
          columns: Math.min(16, cells.length),
          scale: 8,
          title: `Dictionary: ${live.length} live decoder atoms, most used first ` +
            `(caption: share of samples it fires on)\n` +
            `each atom scaled to its own range; ${dead} dead atom${
              dead === 1 ? "" : "s"
            } not shown`,
        }),
      );
    }
  }
}

/** Histogram of firing frequencies in half-decade bins from 0.01% to 100%, plus "never". */
function frequencyHistogram(frequency: Float64Array): string {
  const edges = Array.from({ length: 9 }, (_, i) => -4 + i / 2); // log10 of bin edges
  const counts = new Array(edges.length).fill(0); // [never, 8 bins]
  for (const f of frequency) {
    if (f === 0) counts[0]++;
    else {
      const b = Math.floor((Math.log10(f) + 4) * 2);
      counts[1 + Math.min(Math.max(b, 0), 7)]++;
    }
  }
  const pct = (e: number) => `${+(100 * 10 ** e).toPrecision(1)}%`;
  const bars = counts.map((value, i) => ({
    label: i === 0 ? "never" : `${pct(edges[i - 1])}-${pct(edges[i])}`,
    value,
  }));
  return barSvg(bars, {
    title: `How often each of ${frequency.length} units fires (share of samples, log bins)`,
    xLabel: "firing frequency",
    yLabel: "units",
  });
}

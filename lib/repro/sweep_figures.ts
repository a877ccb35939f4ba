// elbow.svg: reconstruction MSE against latent size (log-2 axis), one line per other setting
// with its spread over seeds as a band (mean ± one standard deviation), and PCA with as many
// components, fitted on the same training rows, as a dashed line beside them.

import { type Axis, classColor, el, extent, formatTick, makeAxis, num } from "../render/axes.ts";
import { frameSvg, type LegendItem, legendRowsSvg, svgStart } from "../render/frame.ts";
import type { CellSummary } from "./sweep_results.ts";
import { rankColumns, type RankMetric, rankMetric } from "./recommend.ts";

/** How PCA's curves are dashed, in the plot and in the legend. */
const PCA_DASH = "6 4";

/** A log-2 axis with a labelled tick at each of `values` (> 0). */
function log2Axis(values: number[], range: [number, number]): Axis {
  const logs = values.map(Math.log2);
  let [a, b] = [Math.min(...logs), Math.max(...logs)];
  const pad = Math.max(0.25, (b - a) * 0.04);
  [a, b] = [a - pad, b + pad];
  const map = (v: number) => range[0] + ((Math.log2(v) - a) / (b - a)) * (range[1] - range[0]);
  const ticks = [...new Set(values)].sort((p, q) => p - q).map((v) => ({
    value: v,
    label: formatTick(v),
  }));
  return { map, ticks, minor: [] };
}

/** The setting of a cell apart from its latent size, e.g. `model=vae, lr=3e-4` ("" if none). */
export function settingOf(c: CellSummary): string {
  return Object.entries(c.cell.values).filter(([f]) => f !== "latent")
    .map(([f, v]) => `${f}=${v}`).join(", ");
}

/**
 * elbow.svg for the cells of a sweep: validation MSE (full-data MSE when there is no split)
 * against latent size. Needs cells with a positive latent size.
 */
export function elbowSvg(
  cells: CellSummary[],
  options: {
    /** Chart width in px. @default 720 */
    width?: number;
    /** Chart height in px. @default 480 */
    height?: number;
    /** A cell to ring and label "recommended". @default none */
    recommended?: CellSummary;
    /** The error to draw (the recommendation's). @default rankMetric(cells) */
    metric?: RankMetric;
  } = {},
): string {
  const width = options.width ?? 720, height = options.height ?? 480;
  const metric = options.metric ?? rankMetric(cells);
  const [mean, sd, pca] = rankColumns(metric);
  const settings = [...new Set(cells.map(settingOf))];
  const lines = settings.map((s) =>
    cells.filter((c) => settingOf(c) === s).sort((a, b) => a.latent - b.latent)
  );
  // PCA depends on the scaling and split only: draw each distinct curve once.
  const pcaCurves = new Map<string, { name: string; cells: CellSummary[] }>();
  lines.forEach((l, i) => {
    const key = JSON.stringify(l.map((c) => [c.latent, c[pca]]));
    if (!pcaCurves.has(key)) pcaCurves.set(key, { name: settings[i], cells: l });
  });
  const onePca = pcaCurves.size === 1;
  const color = (i: number) => classColor(i, settings.length);
  const items: LegendItem[] = [
    ...settings.map((s, i) => ({
      label: s || "autoencoder",
      color: color(i),
      kind: "line" as const,
    })),
    ...[...pcaCurves.values()].map((p) => ({
      label: onePca ? "PCA, same components (dashed)" : `PCA for ${p.name} (dashed)`,
      color: onePca ? "#555" : color(settings.indexOf(p.name)),
      kind: "line" as const,
      dash: PCA_DASH,
    })),
  ];
  const what = metric === "mse_mean" ? "full-data" : "validation";
  const title = `Reconstruction MSE (${what}) against latent size`;
  const legend = legendRowsSvg(items, { cx: width / 2, y: 38, maxWidth: width - 24 });
  const top = 44 + legend.height + 6, bottom = height - 56;
  const ys = cells.flatMap((c) => [c[mean] - (c[sd] || 0), c[mean] + (c[sd] || 0), c[pca]]);
  const yAxis = makeAxis(extent(ys), [bottom, top], { pad: 0.05 });
  const widest = Math.max(0, ...yAxis.ticks.map((t) => t.label.length * 7.2));
  const left = Math.ceil(34 + widest + 10), right = width - 24;
  const xAxis = log2Axis(cells.map((c) => c.latent), [left, right]);
  let s = svgStart(width, height, title) + legend.svg;
  s += frameSvg({ left, top, right, bottom }, yAxis, {
    x: xAxis,
    xLabel: "latent size (log 2 scale)",
    yLabel: `MSE per value, ${
      metric === "scaled_val_mse_mean" ? `${cells[0]?.scaling}-scaled` : "data"
    } units (band: ± 1 sd over seeds)`,
  });
  const pt = (c: CellSummary, v: number) => `${num(xAxis.map(c.latent))} ${num(yAxis.map(v))}`;
  lines.forEach((l, i) => {
    const withSd = l.filter((c) => Number.isFinite(c[sd]));
    if (withSd.length > 1) {
      const up = withSd.map((c) => pt(c, c[mean] + c[sd]));
      const down = withSd.map((c) => pt(c, c[mean] - c[sd])).reverse();
      const d = `M${[...up, ...down].join("L")}Z`;
      s += el("path", { class: "band", d, fill: color(i), "fill-opacity": 0.18, stroke: "none" });
      s += "\n";
    }
  });
  lines.forEach((l, i) => {
    const d = `M${l.map((c) => pt(c, c[mean])).join("L")}`;
    const attrs = { class: "line", "data-name": settings[i], d, fill: "none", stroke: color(i) };
    s += el("path", { ...attrs, "stroke-width": 2 }) + '\n<g class="markers">';
    for (const c of l) {
      s += el("circle", {
        cx: xAxis.map(c.latent),
        cy: yAxis.map(c[mean]),
        r: 3,
        fill: color(i),
      });
    }
    s += "</g>\n";
  });
  for (const p of pcaCurves.values()) {
    const d = `M${p.cells.map((c) => pt(c, c[pca])).join("L")}`;
    const stroke = onePca ? "#555" : color(settings.indexOf(p.name));
    const dash = { "stroke-width": 1.5, "stroke-dasharray": PCA_DASH };
    s += el("path", { class: "pca", d, fill: "none", stroke, ...dash }) + "\n";
  }
  const r = options.recommended;
  if (r) {
    const [cx, cy] = [xAxis.map(r.latent), yAxis.map(r[mean])];
    s += `<g class="recommended">${
      el("circle", { cx, cy, r: 8, fill: "none", stroke: "#111", "stroke-width": 1.5 })
    }${
      el("text", { x: cx, y: cy - 14, "text-anchor": "middle", "font-size": 11 }, "recommended")
    }</g>\n`;
  }
  return s + "</svg>\n";
}

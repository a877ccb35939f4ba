// Composite SVG figures for comparing runs: a grid of small multiples (any standalone
// SVGs, e.g. one latent scatter per seed) and a labelled heatmap of a square matrix
// (e.g. pairwise CKA between seeds), with a colour bar.

import { el, escapeXml } from "./axes.ts";
import { svgStart } from "./frame.ts";

/**
 * Places standalone SVG panels (each with its own width/height) on a grid as nested
 * `<svg class="panel">` elements under one title.
 */
export function panelGridSvg(
  panels: string[],
  options: { columns?: number; title?: string } = {},
): string {
  const columns = Math.max(1, Math.min(options.columns ?? 3, panels.length));
  const sizes = panels.map((p) => {
    const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(p), h = /<svg[^>]*\sheight="([\d.]+)"/.exec(p);
    if (!w || !h) throw new RangeError("panelGridSvg(): a panel lacks width or height");
    return [Number(w[1]), Number(h[1])];
  });
  const cw = Math.max(...sizes.map((s) => s[0]), 1), ch = Math.max(...sizes.map((s) => s[1]), 1);
  const top = options.title ? 40 : 0;
  const rows = Math.ceil(panels.length / columns);
  let s = svgStart(columns * cw, top + rows * ch, options.title);
  panels.forEach((p, i) => {
    const x = (i % columns) * cw, y = top + Math.floor(i / columns) * ch;
    const body = p.replace(/^<\?xml[^>]*>\s*/, "").replace(
      /^<svg /,
      `<svg class="panel" x="${x}" y="${y}" `,
    );
    s += body.trimEnd() + "\n";
  });
  return s + "</svg>\n";
}

/** A heatmap of a square matrix with row/column labels, cell values and a colour bar. */
export function heatmapSvg(
  matrix: number[][],
  options: { labels: string[]; title?: string; min?: number; max?: number; valueLabel?: string },
): string {
  const n = matrix.length;
  const finite = matrix.flat().filter(Number.isFinite);
  const lo = options.min ?? Math.min(...finite, 0), hi = options.max ?? Math.max(...finite, 1);
  const cell = Math.max(28, Math.min(64, Math.floor(480 / Math.max(n, 1))));
  const left = 70, top = options.title ? 50 : 20;
  const width = left + n * cell + 110, height = top + n * cell + 60;
  let s = svgStart(width, height, options.title);
  for (let i = 0; i < n; i++) {
    const label = escapeXml(options.labels[i]);
    s += `<text x="${left - 6}" y="${
      top + (i + 0.5) * cell + 4
    }" text-anchor="end">${label}</text>\n`;
    s += `<text x="${left + (i + 0.5) * cell}" y="${
      top + n * cell + 16
    }" text-anchor="middle">${label}</text>\n`;
    for (let j = 0; j < n; j++) {
      const v = matrix[i][j];
      const t = Number.isFinite(v) ? (v - lo) / (hi - lo || 1) : NaN;
      s += el("rect", {
        class: "cell",
        x: left + j * cell,
        y: top + i * cell,
        width: cell,
        height: cell,
        fill: Number.isFinite(t) ? viridis(t) : "#dddddd",
      });
      if (cell >= 34 && Number.isFinite(v)) {
        s += el("text", {
          x: left + (j + 0.5) * cell,
          y: top + (i + 0.5) * cell + 4,
          "text-anchor": "middle",
          "font-size": 11,
          fill: t > 0.6 ? "black" : "white",
        }, v.toFixed(2));
      }
      s += "\n";
    }
  }
  const bx = left + n * cell + 20, bh = n * cell;
  for (let k = 0; k < 50; k++) {
    s += el("rect", {
      x: bx,
      y: top + (bh * k) / 50,
      width: 16,
      height: bh / 50 + 0.5,
      fill: viridis(1 - k / 50),
    });
  }
  s += `<text x="${bx + 22}" y="${top + 10}">${hi.toFixed(2)}</text>\n`;
  s += `<text x="${bx + 22}" y="${top + bh}">${lo.toFixed(2)}</text>\n`;
  if (options.valueLabel) {
    s += `<text x="${bx + 8}" y="${top + bh + 30}" text-anchor="middle">${
      escapeXml(options.valueLabel)
    }</text>\n`;
  }
  return s + "</svg>\n";
}

/** matplotlib's viridis at t in [0, 1] (piecewise-linear through 6 of its colours). */
function viridis(t: number): string {
  const stops = [[68, 1, 84], [65, 68, 135], [42, 120, 142], [34, 168, 132], [122, 209, 81], [
    253,
    231,
    37,
  ]];
  const u = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(u), stops.length - 2), f = u - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

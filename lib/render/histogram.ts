// A histogram of one or more groups of values as standalone SVG: shares of each group per bin
// (so groups of different sizes compare), drawn as filled step outlines, optionally on a log x
// axis, with labelled vertical marker lines (e.g. a threshold).

import { classColor, el, estimateTextWidth, extent, makeAxis, num } from "./axes.ts";
import { frameSvg, type LegendItem, legendRowsSvg, svgStart } from "./frame.ts";
import type { ChartOptions } from "./svg.ts";

/** One group of values. */
export interface HistogramSeries {
  /** Legend text. */
  name: string;
  /** The values; non-finite ones (and values ≤ 0 on a log axis) are left out. */
  values: ArrayLike<number>;
}

/** Options of {@link histogramSvg}. */
export interface HistogramOptions extends ChartOptions {
  /** Number of equal-width bins (in log space with `logX`). @default 40 */
  bins?: number;
  /** Log-scale x axis with bins equal in log space. @default false */
  logX?: boolean;
  /** Vertical lines at these x values with their label at the top. @default [] */
  markers?: { value: number; label: string }[];
}

/** A histogram as standalone SVG: one `<path class="bars">` per series, y = share of its values. */
export function histogramSvg(series: HistogramSeries[], options: HistogramOptions = {}): string {
  const log = options.logX ?? false, nb = Math.max(1, options.bins ?? 40);
  const keep = (v: number) => Number.isFinite(v) && (!log || v > 0);
  const all = series.flatMap((s) => Array.from(s.values).filter(keep));
  const marks = (options.markers ?? []).filter((m) => keep(m.value));
  let ext = extent([...all, ...marks.map((m) => m.value)], log) ?? [log ? 1 : 0, log ? 10 : 1];
  if (ext[0] === ext[1]) ext = log ? [ext[0] / 2, ext[1] * 2] : [ext[0] - 0.5, ext[1] + 0.5];
  const t = (v: number) => (log ? Math.log10(v) : v);
  const [lo, hi] = [t(ext[0]), t(ext[1])], width = (hi - lo) / nb;
  const edge = (b: number) => (log ? 10 ** (lo + b * width) : lo + b * width);
  const shares = series.map((s) => {
    const counts = new Float64Array(nb);
    const vals = Array.from(s.values).filter(keep);
    for (const v of vals) counts[Math.min(nb - 1, Math.floor((t(v) - lo) / width))]++;
    return counts.map((c) => c / Math.max(1, vals.length));
  });
  const w = options.width ?? 640, height = options.height ?? 480;
  const items = series.map((s, i): LegendItem => ({
    label: s.name,
    color: classColor(i, series.length),
    kind: "line",
  }));
  const legend = legendRowsSvg(items, { cx: w / 2, y: options.title ? 38 : 12, maxWidth: w - 24 });
  const top = (options.title ? 44 : 20) + (legend.height && legend.height + 6) + 14;
  const bottom = Math.max(top + 20, height - 50);
  const ymax = Math.max(0, ...shares.flatMap((s) => Array.from(s)));
  const yAxis = makeAxis([0, ymax || 1], [bottom, top], { pad: 0.04 });
  const widest = Math.max(0, ...yAxis.ticks.map((k) => estimateTextWidth(k.label, 12)));
  const left = Math.ceil((options.yLabel ? 34 : 12) + widest + 10), right = w - 24;
  const xAxis = makeAxis(ext, [left, right], { log, pad: log ? 0 : 0.02 });
  let s = svgStart(w, height, options.title) + legend.svg;
  s += frameSvg({ left, top, right, bottom }, yAxis, {
    x: xAxis,
    xLabel: options.xLabel,
    yLabel: options.yLabel,
  });
  const y0 = yAxis.map(0);
  shares.forEach((sh, k) => {
    let d = `M${num(xAxis.map(edge(0)))} ${num(y0)}`;
    sh.forEach((v, b) => {
      const y = num(yAxis.map(v));
      d += `L${num(xAxis.map(edge(b)))} ${y}L${num(xAxis.map(edge(b + 1)))} ${y}`;
    });
    d += `L${num(xAxis.map(edge(nb)))} ${num(y0)}Z`;
    const color = classColor(k, series.length);
    const style = { fill: color, "fill-opacity": 0.25, stroke: color, "stroke-width": 1.5 };
    s += el("path", { class: "bars", "data-name": series[k].name, d, ...style }) + "\n";
  });
  for (const m of marks) {
    const x = xAxis.map(m.value);
    const line = { x1: x, x2: x, y1: top, y2: bottom, stroke: "#333", "stroke-dasharray": "5 3" };
    const anchor = x > (left + right) / 2 ? "end" : "start";
    const text = { x: x + (anchor === "end" ? -4 : 4), y: top - 4, "text-anchor": anchor };
    s += `<g class="marker">${el("line", { ...line, "stroke-width": 1.5 })}${
      el("text", text, m.label)
    }</g>\n`;
  }
  return s + `</svg>\n`;
}

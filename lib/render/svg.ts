// Standalone SVG charts as strings: a class-coloured scatter (latent space), line charts
// (loss curves, optionally log-y) and bar charts (bar_svg.ts). No DOM or file I/O; axes.ts
// holds ticks and scales, frame.ts the frame and legends.

import { classColor, el, extent, makeAxis, num } from "./axes.ts";
import {
  frameSvg,
  type LegendItem,
  legendRowsSvg,
  legendSpace,
  legendSvg,
  svgStart,
} from "./frame.ts";
import { type ChartOptions, layout, leftFor } from "./_chart.ts";

export type { ChartOptions } from "./_chart.ts";
export { type Bar, type BarOptions, barSvg } from "./bar_svg.ts";

/** Points of a scatter: equal-length coordinates and optional class labels. */
export interface ScatterData {
  /** X coordinates. */
  x: ArrayLike<number>;
  /** Y coordinates, as many as `x`. */
  y: ArrayLike<number>;
  /** Class of each point, as many as `x`; colours the points and fills the legend. */
  labels?: ArrayLike<string | number>;
  /** Every class in legend (and colour) order. @default the labels, sorted (numerically when
   * all are numbers) */
  classes?: readonly string[];
}

/** One line of a line chart. */
export interface LineSeries {
  /** Legend text. */
  name: string;
  /** Y values. */
  y: ArrayLike<number>;
  /** X values, as many as `y` (default 0, 1, …, n − 1). */
  x?: ArrayLike<number>;
  /** The line's and its legend swatch's stroke-dasharray (e.g. "6 4"). @default solid */
  dash?: string;
}

/** Options of {@link lineSvg}. */
export interface LineOptions extends ChartOptions {
  /** Log-scale y axis with ticks at powers of ten; values ≤ 0 are skipped. */
  logY?: boolean;
  /** Draw a dot at each point (default: when no series has more than 30 points). */
  markers?: boolean;
  /** A dashed vertical line at x with a label (e.g. the epoch early stopping kept). */
  mark?: { x: number; label: string };
}

function checkLength(what: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>) {
  if (a.length !== b.length) {
    throw new RangeError(`${what}: lengths differ (${a.length} vs ${b.length})`);
  }
}

/** Distinct classes, numerically sorted when every one is a number, else lexicographically. */
function sortClasses(keys: string[]): string[] {
  const distinct = [...new Set(keys)];
  const numeric = distinct.every((k) => k.trim() !== "" && Number.isFinite(Number(k)));
  const lexical = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : lexical);
}

/**
 * A scatter plot as standalone SVG: one `<circle class="mark">` per point with finite x and y,
 * coloured by class (matplotlib's tab10; tab20 past 10 classes) with a legend to the right of
 * the plot, or one colour and no legend without labels. Axis titles default to "z1" and "z2".
 * @throws {RangeError} when `x`, `y` (and `labels`) differ in length, or a label is not one of
 * `classes`.
 *
 * @param options.title Text above the plot. @default undefined (none)
 * @param options.xLabel X axis title. @default "z1"
 * @param options.yLabel Y axis title. @default "z2"
 * @param options.width Width in px. @default 640
 * @param options.height Height in px. @default 480
 *
 * @example
 * ```ts
 * import { assert, assertEquals } from "@std/assert";
 * import { scatterSvg } from "../mod.ts";
 * const svg = scatterSvg({ x: [0, 1, 2], y: [2, 1, 0], labels: ["a", "b", "a"] }, { width: 320 });
 * assertEquals(svg.match(/class="mark"/g)?.length, 3);
 * assert(svg.includes('width="320"'));
 * ```
 */
export function scatterSvg(points: ScatterData, options: ChartOptions = {}): string {
  const { x, y, labels } = points;
  checkLength("scatterSvg x and y", x, y);
  if (labels) checkLength("scatterSvg x and labels", x, labels);
  const keys = labels ? Array.from(labels, String) : [];
  const classes = points.classes ? [...points.classes] : sortClasses(keys);
  const missing = keys.find((k) => !classes.includes(k));
  if (missing !== undefined) {
    throw new RangeError(`scatterSvg: label '${missing}' is not one of its classes`);
  }
  const colorOf = new Map(classes.map((c, i) => [c, classColor(i, classes.length)]));
  const keep = Array.from({ length: x.length }, (_, i) => i)
    .filter((i) => Number.isFinite(x[i]) && Number.isFinite(y[i]));
  const { width, height, top, bottom } = layout(options);
  const yAxis = makeAxis(extent(keep.map((i) => y[i])), [bottom, top], { pad: 0.05 });
  const xLabel = options.xLabel ?? "z1", yLabel = options.yLabel ?? "z2";
  const left = leftFor(yAxis, yLabel);
  const items = classes.map((c): LegendItem => ({ label: c, color: colorOf.get(c)!, kind: "dot" }));
  const right = width - Math.max(24, legendSpace(items, bottom - top));
  const xAxis = makeAxis(extent(keep.map((i) => x[i])), [left, right], { pad: 0.05 });
  let s = svgStart(width, height, options.title);
  s += frameSvg({ left, top, right, bottom }, yAxis, { x: xAxis, xLabel, yLabel });
  s += `<g class="marks" fill-opacity="0.7" stroke="none">\n`;
  for (const i of keep) {
    const fill = labels ? colorOf.get(keys[i])! : classColor(0, 1);
    s += el("circle", { class: "mark", cx: xAxis.map(x[i]), cy: yAxis.map(y[i]), r: 2.5, fill });
    s += "\n";
  }
  s += `</g>\n` + legendSvg(items, { x: right + 12, y: top, maxHeight: bottom - top });
  return s + `</svg>\n`;
}

/**
 * A line chart as standalone SVG: one `<path class="line">` per series (broken at non-finite
 * values, or values ≤ 0 with `logY`), optional dot markers, and a legend between the title
 * and the plot when there is more than one series. Integer x values get integer ticks.
 * @throws {RangeError} when a series' `x` and `y` differ in length.
 */
export function lineSvg(series: LineSeries[], options: LineOptions = {}): string {
  const log = options.logY ?? false;
  const data = series.map((sr) => {
    const xs = sr.x ?? Array.from({ length: sr.y.length }, (_, i) => i);
    checkLength(`lineSvg series "${sr.name}" x and y`, xs, sr.y);
    const ok = Array.from(
      { length: xs.length },
      (_, i) => Number.isFinite(xs[i]) && Number.isFinite(sr.y[i]) && (!log || sr.y[i] > 0),
    );
    return { xs, ys: sr.y, ok };
  });
  const allX = data.flatMap((d) => Array.from(d.xs).filter((_, i) => d.ok[i]));
  const allY = data.flatMap((d) => Array.from(d.ys).filter((_, i) => d.ok[i]));
  const width = options.width ?? 640;
  const items = series.length < 2 ? [] : series.map((sr, i): LegendItem => ({
    label: sr.name,
    color: classColor(i, series.length),
    kind: "line",
    dash: sr.dash,
  }));
  const legend = legendRowsSvg(items, {
    cx: width / 2,
    y: options.title ? 38 : 12,
    maxWidth: width - 24,
  });
  const { height, top, bottom } = layout(options, 50, legend.height && legend.height + 6);
  const yAxis = makeAxis(extent(allY, log), [bottom, top], { log, pad: 0.05 });
  const left = leftFor(yAxis, options.yLabel), right = width - 24;
  const integer = allX.every(Number.isInteger);
  const xAxis = makeAxis(extent(allX), [left, right], { integer, target: 6, pad: 0.02 });
  const markers = options.markers ?? data.every((d) => d.ok.filter(Boolean).length <= 30);
  let s = svgStart(width, height, options.title) + legend.svg;
  const labels = { x: xAxis, xLabel: options.xLabel, yLabel: options.yLabel };
  s += frameSvg({ left, top, right, bottom }, yAxis, labels);
  data.forEach((d, k) => {
    const color = classColor(k, series.length);
    let path = "", dots = "", pen = "M";
    d.ok.forEach((good, i) => {
      if (!good) return void (pen = "M");
      const cx = xAxis.map(d.xs[i]), cy = yAxis.map(d.ys[i]);
      path += `${pen}${num(cx)} ${num(cy)}`;
      pen = "L";
      if (markers) dots += el("circle", { class: "marker", cx, cy, r: 3, fill: color });
    });
    const style = {
      fill: "none",
      stroke: color,
      "stroke-width": 2,
      "stroke-linejoin": "round",
      "stroke-dasharray": series[k].dash,
    };
    s += el("path", { class: "line", "data-name": series[k].name, d: path, ...style }) + "\n";
    if (dots) s += `<g class="markers">${dots}</g>\n`;
  });
  if (options.mark) {
    const x = xAxis.map(options.mark.x);
    const line = { x1: x, x2: x, y1: top, y2: bottom, stroke: "#555", "stroke-dasharray": "4 3" };
    const anchor = x > (left + right) / 2 ? "end" : "start";
    const tx = x + (anchor === "end" ? -4 : 4);
    s += `<g class="mark">${el("line", line)}${
      el(
        "text",
        { x: tx, y: top + 12, "font-size": 12, "text-anchor": anchor, fill: "#333" },
        options.mark.label,
      )
    }</g>\n`;
  }
  return s + `</svg>\n`;
}

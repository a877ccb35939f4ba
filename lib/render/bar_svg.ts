// A bar chart as a standalone SVG string (bench and variant figures): bars from 0 or on a log
// axis, value labels where they fit, category labels rotated when they would collide.

import { el, estimateTextWidth, extent, makeAxis, num, TAB10 } from "./axes.ts";
import { frameSvg, svgStart } from "./frame.ts";
import { type ChartOptions, layout, leftFor } from "./_chart.ts";

/** Options of {@link barSvg}. */
export interface BarOptions extends ChartOptions {
  /** Log-scale y axis with ticks at powers of ten; values ≤ 0 get no bar. */
  logY?: boolean;
}

/** One bar of a bar chart. */
export interface Bar {
  /** Category text under the bar. */
  label: string;
  /** Bar height. */
  value: number;
}

/**
 * A bar chart as standalone SVG: one `<rect class="bar">` per bar with a finite value (> 0 with
 * `logY`), value labels on top when they fit, and category labels under the bars, rotated by
 * 45° when they would not fit side by side. Bars grow from 0 (from the bottom with `logY`).
 */
export function barSvg(bars: Bar[], options: BarOptions = {}): string {
  const log = options.logY ?? false;
  const names = bars.map((b) => (b.label.length > 30 ? b.label.slice(0, 29) + "…" : b.label));
  const widest = Math.max(0, ...names.map((l) => estimateTextWidth(l, 12)));
  const width = options.width ?? 640, height = options.height ?? 480;
  const rotate = widest > (width - 100) / Math.max(1, bars.length) - 6;
  const labelSpace = Math.min(height * 0.4, rotate ? widest * 0.71 + 18 : 22);
  const { top, bottom } = layout(options, labelSpace + (options.xLabel ? 36 : 12));
  let yExt = extent(bars.map((b) => b.value), log);
  if (!log) {
    const [lo, hi] = yExt ? [Math.min(0, yExt[0]), Math.max(0, yExt[1])] : [0, 1];
    const pad = (hi - lo || 1) * 0.08;
    yExt = [lo < 0 ? lo - pad : lo, hi > 0 || lo === hi ? hi + pad : hi];
  }
  const yAxis = makeAxis(yExt, [bottom, top], { log });
  let left = leftFor(yAxis, options.yLabel);
  const right = width - 24;
  // Rotated labels reach left of their bar; keep the first one on the canvas.
  if (rotate) left = Math.max(left, Math.ceil(labelSpace - (right - left) / bars.length / 2 + 8));
  const slot = (right - left) / Math.max(1, bars.length);
  const base = log ? bottom : yAxis.map(0);
  let s = svgStart(width, height, options.title);
  const labels = { xLabel: options.xLabel, yLabel: options.yLabel, xLabelOffset: labelSpace + 22 };
  s += frameSvg({ left, top, right, bottom }, yAxis, labels);
  const showValues = bars.every((b) => estimateTextWidth(formatValue(b.value), 11) < slot);
  s += `<g class="bars">\n`;
  bars.forEach((b, i) => {
    const cx = left + (i + 0.5) * slot, w = slot * 0.7, ly = bottom + 16;
    const at = rotate
      ? { x: cx, y: ly, "text-anchor": "end", transform: `rotate(-45 ${num(cx)} ${ly - 4})` }
      : { x: cx, y: ly, "text-anchor": "middle" };
    s += el("text", { class: "category", ...at }, names[i]) + "\n";
    if (!Number.isFinite(b.value) || (log && b.value <= 0)) return;
    const v = yAxis.map(b.value), y0 = Math.min(v, base), h = Math.abs(v - base);
    s += el("rect", { class: "bar", x: cx - w / 2, y: y0, width: w, height: h, fill: TAB10[0] });
    s += "\n";
    if (showValues) {
      const ty = b.value >= 0 || log ? y0 - 4 : y0 + h + 13;
      const at = { class: "value", x: cx, y: ty, "text-anchor": "middle", "font-size": 11 };
      s += el("text", at, formatValue(b.value)) + "\n";
    }
  });
  if (!log) s += el("line", { x1: left, x2: right, y1: base, y2: base, stroke: "#333" }) + "\n";
  return s + `</g>\n</svg>\n`;
}

/** A bar value with about three significant digits. */
function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a >= 1000) return String(Math.round(v));
  if (a !== 0 && a < 1e-3) return v.toExponential(2).replace("e+", "e");
  return String(Number(v.toPrecision(3)));
}

// Shared pieces of the SVG charts: "nice" tick values, linear and log scales, tick label
// formatting, colour palettes, XML escaping and a small element builder. frame.ts draws with them.

/** matplotlib's "tab10" colour cycle. */
export const TAB10: readonly string[] = (
  "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
).split(" ");

/** matplotlib's "tab20" palette (tab10 interleaved with lighter shades). */
const TAB20: readonly string[] = (
  "#1f77b4 #aec7e8 #ff7f0e #ffbb78 #2ca02c #98df8a #d62728 #ff9896 #9467bd #c5b0d5 " +
  "#8c564b #c49c94 #e377c2 #f7b6d2 #7f7f7f #c7c7c7 #bcbd22 #dbdb8d #17becf #9edae5"
).split(" ");

/** Colour of class `i` of `n`: tab10 for up to 10 classes, else tab20 (cycling past 20). */
export function classColor(i: number, n: number): string {
  return n <= 10 ? TAB10[i % 10] : TAB20[i % 20];
}

/** Escapes `& < > " '` so `text` is safe in XML character data and attribute values. */
export function escapeXml(text: string): string {
  const map: Record<string, string> = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&apos;",
  };
  return text.replace(/[&<>"']/g, (c) => map[c]);
}

/** A coordinate for SVG output: at most two decimals, no trailing zeros. */
export function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/**
 * A "nice" tick step (1, 2 or 5 × 10^k) giving about `target` intervals over `span`.
 * Returns 1 for a zero or non-finite span.
 */
export function niceStep(span: number, target = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

/** Decimals needed to write multiples of a 1/2/5 × 10^k `step` exactly. */
function decimals(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/**
 * Multiples of a nice step that lie within [min, max], about `target` intervals apart
 * (e.g. 0..1 gives 0, 0.2, 0.4, 0.6, 0.8, 1). With `integer`, steps are at least 1.
 */
export function niceTicks(
  min: number,
  max: number,
  options: { target?: number; integer?: boolean } = {},
): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  let step = niceStep(max - min, options.target ?? 5);
  if (options.integer) step = Math.max(1, step);
  const d = decimals(step), eps = step * 1e-9;
  const ticks: number[] = [];
  for (let i = Math.ceil((min - eps) / step); i * step <= max + eps; i++) {
    ticks.push(Number((i * step).toFixed(d)) + 0); // + 0 turns -0 into 0
  }
  return ticks;
}

/** Powers of ten within [min, max] (both > 0), thinned to at most about 8 ticks. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) return [];
  const lo = Math.ceil(Math.log10(min) - 1e-9), hi = Math.floor(Math.log10(max) + 1e-9);
  const every = Math.max(1, Math.ceil((hi - lo + 1) / 8));
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k++) if ((k - lo) % every === 0) ticks.push(Number(`1e${k}`));
  return ticks;
}

/** Formats a tick value; `step` (the tick spacing) sets the decimals. Log ticks pass none. */
export function formatTick(v: number, step?: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) {
    const lead = Math.floor(Math.log10(a));
    const digits = step ? Math.min(4, Math.max(0, lead - Math.floor(Math.log10(step) + 1e-9))) : 0;
    return v.toExponential(digits).replace("e+", "e");
  }
  if (step === undefined) return String(Number(v.toPrecision(6)));
  return v.toFixed(decimals(step));
}

/** Data extent of the finite values (and, for `positive`, only values > 0); null if none. */
export function extent(values: Iterable<number>, positive = false): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (positive && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** A one-dimensional axis: its domain, how it maps to pixels, and its labelled ticks. */
export interface Axis {
  /** Data value → pixel coordinate. */
  map: (v: number) => number;
  /** Tick positions with their labels. */
  ticks: { value: number; label: string }[];
  /** Unlabelled minor tick positions (log axes). */
  minor: number[];
}

/** Builds a linear or log axis mapping the (padded) data extent onto [from, to] pixels. */
export function makeAxis(
  ext: [number, number] | null,
  range: [number, number],
  options: { log?: boolean; pad?: number; integer?: boolean; target?: number } = {},
): Axis {
  const [from, to] = range;
  if (options.log) {
    let [lo, hi] = ext ?? [1, 10];
    lo = 10 ** Math.floor(Math.log10(lo) + 1e-9);
    hi = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
    if (hi <= lo) [lo, hi] = [lo / 10, hi * 10];
    const [a, b] = [Math.log10(lo), Math.log10(hi)];
    const map = (v: number) => from + ((Math.log10(v) - a) / (b - a)) * (to - from);
    const minor: number[] = [];
    if (b - a <= 6) {
      for (let k = a; k < b; k++) for (let m = 2; m < 10; m++) minor.push(m * 10 ** k);
    }
    return { map, minor, ticks: logTicks(lo, hi).map((v) => ({ value: v, label: formatTick(v) })) };
  }
  let [lo, hi] = ext ?? [0, 1];
  if (hi === lo) [lo, hi] = [lo - (Math.abs(lo) * 0.1 || 1), hi + (Math.abs(hi) * 0.1 || 1)];
  const pad = (hi - lo) * (options.pad ?? 0);
  [lo, hi] = [lo - pad, hi + pad];
  const map = (v: number) => from + ((v - lo) / (hi - lo)) * (to - from);
  // A horizontal axis (from < to) takes fewer ticks until its 12 px labels no longer touch.
  for (let target = options.target ?? 5;; target--) {
    const values = niceTicks(lo, hi, { ...options, target });
    const step = values.length > 1 ? values[1] - values[0] : niceStep(hi - lo);
    const ticks = values.map((v) => ({ value: v, label: formatTick(v, step) }));
    const widest = Math.max(0, ...ticks.map((t) => estimateTextWidth(t.label, 12)));
    if (to <= from || target <= 1 || Math.abs(map(step) - map(0)) >= widest + 6) {
      return { map, minor: [], ticks };
    }
  }
}

/** Rough rendered width of `text` in a sans-serif font of `size` px (errs on the wide side). */
export function estimateTextWidth(text: string, size: number): number {
  return [...text].length * size * 0.6;
}

/**
 * An SVG element: `tag` with attributes (numbers rounded, strings escaped, undefined left out)
 * and optional text content, escaped.
 */
export function el(
  tag: string,
  attrs: Record<string, string | number | undefined>,
  text?: string,
): string {
  const a = Object.entries(attrs).filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === "number" ? num(v) : escapeXml(v!)}"`).join("");
  return text === undefined ? `<${tag}${a}/>` : `<${tag}${a}>${escapeXml(text)}</${tag}>`;
}

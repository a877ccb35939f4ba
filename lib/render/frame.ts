// SVG chart furniture built on axes.ts: the document opening with background and title, the
// plot frame with grid, ticks and axis titles, and legends (a column box or centred rows).

import { type Axis, el, estimateTextWidth, num } from "./axes.ts";

/** Opens a standalone SVG document with a white background and the title, if any. */
export function svgStart(width: number, height: number, title?: string): string {
  let s = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">\n` +
    el("rect", { width, height, fill: "white" }) + "\n";
  if (title) {
    const size = Math.max(10, Math.min(16, (width - 20) / (title.length * 0.6)));
    const attrs = { class: "title", x: width / 2, y: 24, "text-anchor": "middle" };
    s += el("text", { ...attrs, "font-size": size, "font-weight": "bold" }, title) + "\n";
  }
  return s;
}

/**
 * The plot frame: grid lines, tick marks and tick labels of the y axis and (given `options.x`)
 * the x axis, the frame rectangle and the axis titles.
 */
export function frameSvg(
  box: { left: number; top: number; right: number; bottom: number },
  y: Axis,
  options: { x?: Axis; xLabel?: string; yLabel?: string; xLabelOffset?: number } = {},
): string {
  const { left, top, right, bottom } = box;
  const x = options.x;
  const hline = (v: number, extra = {}) =>
    el("line", { x1: left, x2: right, y1: y.map(v), y2: y.map(v), ...extra }) + "\n";
  let s = `<g class="grid" stroke="#e5e5e5" stroke-width="1">\n`;
  for (const v of y.minor) s += hline(v, { stroke: "#f2f2f2" });
  for (const t of y.ticks) s += hline(t.value);
  for (const t of x?.ticks ?? []) {
    s += el("line", { x1: x!.map(t.value), x2: x!.map(t.value), y1: top, y2: bottom }) + "\n";
  }
  s += `</g>\n<g class="axes" fill="#333">\n`;
  for (const t of y.ticks) {
    const py = y.map(t.value);
    s += el("line", { x1: left - 5, x2: left, y1: py, y2: py, stroke: "#333" }) +
      el("text", { x: left - 8, y: py, dy: "0.35em", "text-anchor": "end" }, t.label) + "\n";
  }
  for (const t of x?.ticks ?? []) {
    const px = x!.map(t.value);
    s += el("line", { x1: px, x2: px, y1: bottom, y2: bottom + 5, stroke: "#333" }) +
      el("text", { x: px, y: bottom + 19, "text-anchor": "middle" }, t.label) + "\n";
  }
  const frame = { x: left, y: top, width: right - left, height: bottom - top };
  s += el("rect", { ...frame, fill: "none", stroke: "#333" }) + "\n";
  const axisTitle = { "text-anchor": "middle", "font-size": 13 };
  if (options.xLabel) {
    const at = { class: "xlabel", x: (left + right) / 2, y: bottom + (options.xLabelOffset ?? 40) };
    s += el("text", { ...at, ...axisTitle }, options.xLabel) + "\n";
  }
  if (options.yLabel) {
    const widest = Math.max(0, ...y.ticks.map((t) => estimateTextWidth(t.label, 12)));
    const lx = Math.max(16, left - widest - 26);
    const transform = `translate(${num(lx)} ${num((top + bottom) / 2)}) rotate(-90)`;
    s += el("text", { class: "ylabel", transform, dy: "0.35em", ...axisTitle }, options.yLabel) +
      "\n";
  }
  return s + `</g>\n`;
}

/** One legend entry: a coloured swatch ("dot" or "line") and its text. */
export interface LegendItem {
  /** Entry text. */
  label: string;
  /** Swatch colour. */
  color: string;
  /** Swatch shape. */
  kind: "dot" | "line";
  /** A line swatch's stroke-dasharray, as the line it stands for draws it. @default solid */
  dash?: string;
}

const ROW = 18;

/** Width one legend entry takes: swatch, gap, text and trailing space. */
function itemWidth(it: LegendItem): number {
  return 34 + estimateTextWidth(it.label, 12);
}

/** One `<g class="legend-item">` whose swatch starts at `x`, centred vertically on `cy`. */
function itemSvg(it: LegendItem, x: number, cy: number): string {
  const swatch = it.kind === "dot"
    ? el("circle", { cx: x + 8, cy, r: 4, fill: it.color })
    : el("line", {
      x1: x,
      x2: x + 16,
      y1: cy,
      y2: cy,
      stroke: it.color,
      "stroke-width": 2,
      "stroke-dasharray": it.dash,
    });
  const text = el("text", { x: x + 22, y: cy, dy: "0.35em" }, it.label);
  return `<g class="legend-item">${swatch}${text}</g>\n`;
}

/** A framed legend box; `body` holds the entries. */
function legendBox(x: number, y: number, width: number, height: number, body: string): string {
  const box = el("rect", { x, y, width, height, fill: "white", stroke: "#ccc", rx: 3 });
  return `<g class="legend">\n${box}\n${body}</g>\n`;
}

/** Legend columns of at most `maxHeight` px placed at (x, y), right of a plot. */
export function legendSvg(
  items: LegendItem[],
  at: { x: number; y: number; maxHeight: number },
): string {
  if (items.length === 0) return "";
  const { x, y, maxHeight } = at;
  const perCol = Math.max(1, Math.floor((maxHeight - 8) / ROW));
  const colW = Math.max(...items.map(itemWidth)) + 4;
  const cols = Math.ceil(items.length / perCol), rows = Math.min(items.length, perCol);
  const body = items.map((it, i) =>
    itemSvg(it, x + Math.floor(i / perCol) * colW + 8, y + 4 + (i % perCol) * ROW + ROW / 2)
  ).join("");
  return legendBox(x, y, cols * colW + 8, rows * ROW + 8, body);
}

/** Horizontal room {@link legendSvg} needs right of the plot for `maxHeight` px of height. */
export function legendSpace(items: LegendItem[], maxHeight: number): number {
  if (items.length === 0) return 0;
  const perCol = Math.max(1, Math.floor((maxHeight - 8) / ROW));
  return Math.ceil(items.length / perCol) * (Math.max(...items.map(itemWidth)) + 4) + 28;
}

/** A legend of rows centred on `cx` from `y` down, each at most `maxWidth` px; and its height. */
export function legendRowsSvg(
  items: LegendItem[],
  at: { cx: number; y: number; maxWidth: number },
): { svg: string; height: number } {
  if (items.length === 0) return { svg: "", height: 0 };
  const { cx, y, maxWidth } = at;
  const rows: LegendItem[][] = [[]];
  let used = 0;
  for (const it of items) {
    if (used + itemWidth(it) > maxWidth - 16 && rows[rows.length - 1].length > 0) {
      rows.push([]), used = 0;
    }
    rows[rows.length - 1].push(it), used += itemWidth(it);
  }
  const rowW = rows.map((r) => r.reduce((a, it) => a + itemWidth(it), 0) - 12);
  const boxW = Math.max(...rowW) + 16, height = rows.length * ROW + 8;
  const body = rows.map((r, k) => {
    let x = cx - rowW[k] / 2;
    return r.map((it) => {
      const s = itemSvg(it, x, y + 4 + k * ROW + ROW / 2);
      x += itemWidth(it);
      return s;
    }).join("");
  }).join("");
  return { svg: legendBox(cx - boxW / 2, y, boxW, height, body), height };
}

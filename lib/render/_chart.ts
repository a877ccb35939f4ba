// What every chart of svg.ts and bar_svg.ts shares: titles and size, the plot's edges, and
// the left margin its y axis needs.

import { type Axis, estimateTextWidth } from "./axes.ts";

/** Titles and size shared by every chart. */
export interface ChartOptions {
  /** Text centred above the plot. */
  title?: string;
  /** X axis title. */
  xLabel?: string;
  /** Y axis title. */
  yLabel?: string;
  /** Width in px (default 640). */
  width?: number;
  /** Height in px (default 480). */
  height?: number;
}

/** Chart size and the plot's top and bottom edges; `above` is room under the title. */
export function layout(options: ChartOptions, bottomSpace = 50, above = 0) {
  const width = options.width ?? 640, height = options.height ?? 480;
  const top = (options.title ? 44 : 20) + above;
  return { width, height, top, bottom: Math.max(top + 20, height - bottomSpace) };
}

/** Left margin fitting the y label and the widest y tick label. */
export function leftFor(y: Axis, yLabel?: string): number {
  const widest = Math.max(0, ...y.ticks.map((t) => estimateTextWidth(t.label, 12)));
  return Math.ceil((yLabel ? 34 : 12) + widest + 10);
}

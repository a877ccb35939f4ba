// Image sizes as the toolkit reads and records them: `HxW` text parsed once into [h, w] (the
// command line and saved runs' run.json both read through parseShape), written back by shapeText.

import { ConfigError } from "./errors.ts";

/** An image's [height, width], parsed once from `HxW` (parseShape). */
export type Shape = [number, number];

/**
 * Reads `HxW` (both sides ≥ 1) into [h, w]; anything else is a ConfigError naming `field`. The
 * one parser of image sizes: the command line and saved runs' run.json both read through it.
 */
export function parseShape(field: string, text: string, options: { example?: string } = {}): Shape {
  const m = /^(\d+)x(\d+)$/.exec(text);
  if (!m || +m[1] < 1 || +m[2] < 1) {
    throw new ConfigError(
      field,
      (n) => `${n(field)} expects HxW such as ${options.example ?? "8x8"}, got '${text}'`,
      { value: text },
    );
  }
  return [+m[1], +m[2]];
}

/** A shape as run.json records it: `HxW`, or "" for none. */
export function shapeText(shape: Shape | null): string {
  return shape ? `${shape[0]}x${shape[1]}` : "";
}

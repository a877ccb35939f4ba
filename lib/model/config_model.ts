// What the specs of a config mean for its family member (read from lib/model/family.ts): the output
// activation, the encoder widths, the default run name, the check against the data's columns
// and the scaling `--scale auto` picks. (lib/config.ts sits below the model and cannot read it.)

import { dataStem, DEFAULTS, type EpochsSpec, type OutputActivation } from "../config.ts";
import type { ModelKind, ScaleKind } from "../config.ts";
import { type DataSpec, type ModelChoice, shapeText, type TrainSpec } from "../config.ts";
import { ConfigError } from "../errors.ts";
import { FAMILY, member } from "./family.ts";
import type { DataKind } from "./member.ts";

/**
 * The output activation a config trains with: `--output` when given; else the notebook's ReLU
 * on the bundled digits without scaling (its numbers stay the same), a sigmoid on data min–max
 * scaled to [0, 1], and linear elsewhere (a ReLU output cannot reach negative values and its
 * units can die). vae and sae have their own (sigmoid, linear: the member's `ownOutput`).
 */
export function resolveOutput(
  cfg: Pick<ModelChoice, "model" | "output"> & Pick<DataSpec, "scale" | "data">,
): OutputActivation {
  const own = member(cfg.model).ownOutput;
  if (own) return own;
  if (cfg.output !== "auto") return cfg.output;
  if (cfg.scale === "minmax") return "sigmoid";
  return cfg.data === DEFAULTS.data && cfg.scale === "none" ? "relu" : "linear";
}

/** The encoder widths a config trains: [columns, ...hidden, latent] (sae: [columns, width]). */
export function modelFeatures(
  cfg: Pick<ModelChoice, "arch" | "latent" | "model" | "hidden">,
  columns: number,
): number[] {
  if (cfg.arch === "conv") return [columns, cfg.latent];
  return member(cfg.model).widths === "width"
    ? [columns, cfg.hidden[0]]
    : [columns, ...cfg.hidden, cfg.latent];
}

/** Checks a config against the data's column count (latent smaller, image shape matching). */
export function checkConfigForData(
  cfg: Pick<DataSpec, "imageShape" | "data" | "resize"> & Pick<ModelChoice, "model" | "latent">,
  columns: number,
): void {
  const shape = cfg.imageShape;
  if (shape && shape[0] * shape[1] !== columns) {
    throw new ConfigError(
      "imageShape",
      (n) =>
        `${n("imageShape")} ${shapeText(shape)} needs ${
          shape[0] * shape[1]
        } columns; ${cfg.data} has ${columns}`,
      { value: shapeText(shape) },
    );
  }
  if (member(cfg.model).widths === "hidden+latent" && cfg.latent >= columns) {
    const resize = cfg.resize;
    throw new ConfigError(
      "latent",
      (n) =>
        `${n("latent")} must be smaller than the data's ${columns} columns${
          resize ? ` (after ${n("resize")} ${shapeText(resize)})` : ""
        }, got ${cfg.latent}`,
      { value: cfg.latent },
    );
  }
}

/** The default run name: `<data file stem>-<model>-<widths>-s<seed>`. */
export function defaultRunName(
  cfg: Pick<DataSpec, "data"> & Omit<ModelChoice, "output" | "topk"> & Pick<TrainSpec, "seed">,
): string {
  const stem = dataStem(cfg.data);
  const widths = member(cfg.model).widths === "width" ? cfg.hidden : [...cfg.hidden, cfg.latent];
  if (cfg.arch === "conv") {
    return `${stem}-${cfg.model}-conv${cfg.channels.join("x")}x${cfg.latent}-s${cfg.seed}`;
  }
  return `${stem}-${cfg.model}-${widths.join("x")}-s${cfg.seed}`;
}

/**
 * The scaling `--scale auto` picks for `model` (the member's `defaults`): image data stays in its
 * units (vae: range, pixels to [0, 1]); tables are standardised (vae: min–max per column). A name
 * outside the family (an old record) gets the plain autoencoder's.
 */
export function defaultScale(model: string, options: { image: boolean }): ScaleKind {
  const data: DataKind = options.image ? "image" : "table";
  return (Object.hasOwn(FAMILY, model) ? member(model) : FAMILY.ae).defaults(data).scale;
}

/**
 * The epochs a run trains: `epochs` when a count; for "auto", the member's `autoEpochs` of the
 * training rows (pumap: pumapEpochs()), else its default count for the data's kind.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { resolveEpochs } from "./config_model.ts";
 * const on = (model: "ae" | "pumap", trainRows: number) => ({ model, trainRows, image: true });
 * assertEquals(resolveEpochs("auto", on("pumap", 60_000)), 83);
 * assertEquals([resolveEpochs("auto", on("ae", 60_000)), resolveEpochs(7, on("pumap", 9))], [50, 7]);
 * ```
 */
export function resolveEpochs(
  epochs: EpochsSpec,
  options: { model: ModelKind; trainRows: number; image: boolean },
): number {
  if (epochs !== "auto") return epochs;
  const m = member(options.model);
  if (m.autoEpochs) return m.autoEpochs(options.trainRows);
  const own = m.defaults(options.image ? "image" : "table").epochs;
  return typeof own === "number" ? own : DEFAULTS.epochs as number; // the notebook's 50
}

/**
 * `now` with an unresolved `scale: "auto"` read as the scaling `was` (a run's recorded config)
 * resolved it to, where auto gives that for the model: a rerun of the same flags on image or
 * NumPy data, whose auto scaling is known only once the data is loaded, is the same run.
 */
export function settleAutoScale(
  now: Record<string, unknown>,
  was: Record<string, unknown>,
): Record<string, unknown> {
  const model = String(now.model);
  const outcomes = [defaultScale(model, { image: true }), defaultScale(model, { image: false })];
  return now.scale === "auto" && outcomes.includes(was.scale as ScaleKind)
    ? { ...now, scale: was.scale }
    : now;
}

// The flags of `deno task train` as one table: each row names a flag, the TrainConfig key it
// sets, how its text is read and its help line; `--help`, parsing and the run's recorded
// config all come from it (config_args.ts), so they cannot drift apart.

import { BACKENDS, DEFAULTS, ENGINES, OUTPUT_ACTIVATIONS, SCALINGS } from "../config.ts";
import type { ModelKind, TrainConfig } from "../config.ts";
import { flagNamed } from "./_flag_named.ts";
import { UsageError } from "../errors.ts";
import { FAMILY } from "../model/family.ts";
import { PUMAP_TRAINING as PUMAP } from "../model/pumap.ts";
import { noiseText, parseNoise } from "../model/noise.ts";
import { seedValue } from "../repro/seeds.ts";
import { type FlagReader, int, intOrAuto, ints, num, oneOf } from "./flag_readers.ts";
import { shape, text } from "./flag_readers.ts";
import { numFlag } from "./flags.ts";
import { BLAS_FLAGS } from "./blas_flags.ts";
import { PUMAP_FLAGS } from "./pumap_flags.ts";
import { INPUT_FLAGS, TABLE_FLAGS } from "./data_flags.ts";

export { columnList, type FlagReader } from "./flag_readers.ts";

/** One flag of `train`. */
export interface TrainFlag {
  /** The flag without its dashes, e.g. `batch-size`. */
  flag: string;
  /** The config key it sets. */
  key: keyof TrainConfig;
  /** Reads its text; absent for a switch (a boolean flag). */
  read?: FlagReader;
  /** The help line, without the default. */
  help: string;
  /** The default as `--help` shows it. @default DEFAULTS[key], formatted */
  shown?: string;
  /** The family members the flag applies to (others refuse it). @default every member */
  model?: ModelKind | readonly ModelKind[];
}

/** Every flag of `train`, in the order `--help` lists them. */
export const TRAIN_FLAGS: readonly TrainFlag[] = [
  ...INPUT_FLAGS,
  {
    flag: "arch",
    key: "arch",
    read: oneOf(["mlp", "conv"]),
    help: "mlp|conv: dense layers, or strided 3x3 convolutions on images",
  },
  {
    flag: "channels",
    key: "channels",
    read: ints(1),
    help: "--arch conv: channels of each strided convolution",
  },
  { flag: "latent", key: "latent", read: int(1), help: "latent size, 1 to columns-1" },
  {
    flag: "hidden",
    key: "hidden",
    read: ints(1),
    help: "hidden widths, comma-separated",
    shown: `${DEFAULTS.hidden.join(",")}; pumap ${PUMAP.hidden.join(",")}`,
  },
  {
    flag: "epochs",
    key: "epochs",
    read: intOrAuto(1),
    help: "passes over the data, or auto (pumap: 500 up to 10,000 rows, fewer above)",
    shown: `${DEFAULTS.epochs}; pumap ${PUMAP.epochs}`,
  },
  {
    flag: "batch-size",
    key: "batchSize",
    read: int(1),
    help: "rows per step (pumap: edges per step)",
    shown: `${DEFAULTS.batchSize}; pumap ${PUMAP.batchSize}`,
  },
  {
    flag: "lr",
    key: "lr",
    read: num({ min: 0, open: true, example: "1e-3" }),
    help: "Adam learning rate",
    shown: `${DEFAULTS.lr}; pumap ${PUMAP.lr}`,
  },
  {
    flag: "seed",
    key: "seed",
    read: (flag, v) => flagNamed(() => seedValue(v, flag)),
    help: "random seed for weights and data order, 0 to 2^53-1",
  },
  { flag: "backend", key: "backend", read: oneOf(BACKENDS), help: BACKENDS.join("|") },
  {
    flag: "engine",
    key: "engine",
    read: oneOf(ENGINES),
    help: `${ENGINES.join("|")}: fused step or tfjs ops`,
    shown: "fused where it exists",
  },
  {
    flag: "threads",
    key: "threads",
    read: int(0),
    help: "CPU threads of the fused step's large products",
    shown: "0 = one per core",
  },
  { flag: "out", key: "out", read: text, help: "folder for run folders" },
  {
    flag: "name",
    key: "name",
    read: text,
    help: "run folder name",
    shown: "<data>-<model>-<features>-s<seed>",
  },
  {
    flag: "model",
    key: "model",
    read: oneOf(Object.keys(FAMILY)),
    help: `${Object.keys(FAMILY).join("|")}: ${
      Object.values(FAMILY).map((m) => m.name).join(", ")
    }`,
  },
  {
    flag: "beta",
    key: "beta",
    read: num({ min: 0 }),
    help: "vae: KL weight",
    shown: `${DEFAULTS.beta}; tables ${FAMILY.vae.defaults("table").beta ?? DEFAULTS.beta}`,
    model: "vae",
  },
  {
    flag: "kl-warmup",
    key: "klWarmup",
    read: int(0),
    help: "vae: epochs of linear KL warm-up",
    shown: `${DEFAULTS.klWarmup}; tables ${
      FAMILY.vae.defaults("table").klWarmup ?? DEFAULTS.klWarmup
    }`,
    model: "vae",
  },
  {
    flag: "noise",
    key: "noise",
    read: (_flag, v) => parseNoise(v),
    help:
      "dae: gaussian:<sigma> or mask:<p> to remove; pumap: on its encoder's inputs, gaussian:0 none",
    shown: `${noiseText(DEFAULTS.noise)}; tables ${
      noiseText(FAMILY.dae.defaults("table").noise ?? DEFAULTS.noise)
    }, in standard deviations; pumap ${noiseText(PUMAP.noise)}`,
    model: Object.values(FAMILY).filter((m) => m.draws === "corruption").map((m) => m.kind),
  },
  {
    flag: "l1",
    key: "l1",
    read: num({ min: 0 }),
    help: "sae: L1 penalty on the codes",
    model: "sae",
  },
  {
    flag: "topk",
    key: "topk",
    read: int(0),
    help: "sae: keep the k largest codes per sample, 0 = off",
    shown: `${DEFAULTS.topk}, tables ${
      FAMILY.sae.defaults("table").topk ?? DEFAULTS.topk
    }, at most half the columns; 0 with --l1`,
    model: "sae",
  },
  ...PUMAP_FLAGS,
  ...TABLE_FLAGS,
  {
    flag: "scale",
    key: "scale",
    read: oneOf(SCALINGS),
    help: SCALINGS.join("|"),
    shown: "none for images, vae: range; standard for tables, vae: minmax",
  },
  {
    flag: "output",
    key: "output",
    read: oneOf(OUTPUT_ACTIVATIONS),
    help: `ae/dae/pumap: ${OUTPUT_ACTIVATIONS.join("|")} output activation`,
    shown: "relu on the bundled digits, sigmoid with --scale minmax, else linear",
  },
  {
    flag: "image-shape",
    key: "imageShape",
    read: shape,
    help: "HxW: draw rows as images",
    shown: "8x8 for the bundled digits, else off",
  },
  {
    flag: "val-split",
    key: "valSplit",
    read: (flag, v) => {
      const f = numFlag(flag, v, { min: 0, max: 1, example: "0.1" });
      if (f >= 1) throw new UsageError(`--${flag} must be below 1, got '${v}'`);
      return f;
    },
    help: "fraction of rows held out for validation, 0 to <1",
  },
  {
    flag: "early-stop",
    key: "earlyStop",
    read: int(0),
    help: "patience in epochs; keeps the best weights",
    shown: "0 = off",
  },
  {
    flag: "lr-schedule",
    key: "lrSchedule",
    read: oneOf(["constant", "cosine"]),
    help: "constant|cosine",
    shown: `${DEFAULTS.lrSchedule}; pumap ${PUMAP.lrSchedule}`,
  },
  { flag: "header", key: "header", help: "the first line is a header", shown: "detected" },
  { flag: "no-header", key: "header", help: "the first line is data" },
  {
    flag: "resume",
    key: "resume",
    help: "continue an interrupted run of the same flags and data from its checkpoint",
  },
  ...BLAS_FLAGS,
];

/** The `--help` text of `train`: one line per flag of the table, with its default. */
export function trainHelp(usage: string, extra: readonly string[] = []): string {
  const lines = TRAIN_FLAGS.map((f) => {
    const value = DEFAULTS[f.key];
    const shown = f.shown ??
      (f.read ? (Array.isArray(value) ? value.join(",") : String(value)) : "");
    return `  --${f.flag.padEnd(13)} ${f.help}${shown ? ` (default ${shown})` : ""}`;
  });
  return [usage, "", "Flags:", ...lines, ...extra, "  --help          show this help"].join("\n");
}

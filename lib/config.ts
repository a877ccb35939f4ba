// The one typed training configuration, its defaults (the notebook's settings), and
// what follows from it (model widths, image shape, run name). config_args.ts fills it
// from the command line.

import { UsageError } from "./errors.ts";
import { numFlag } from "./_number_flag.ts";

/**
 * The autoencoder family: plain, variational, denoising, sparse.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { MODEL_KINDS } from "./mod.ts";
 * assertEquals([...MODEL_KINDS], ["ae", "vae", "dae", "sae"]);
 * ```
 */
export const MODEL_KINDS = ["ae", "vae", "dae", "sae"] as const;
/** One member of the autoencoder family. */
export type ModelKind = typeof MODEL_KINDS[number];

/**
 * How columns are scaled before training.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { SCALINGS } from "./mod.ts";
 * assertEquals([...SCALINGS], ["none", "minmax", "standard", "range"]);
 * ```
 */
export const SCALINGS = ["none", "minmax", "standard", "range"] as const;
/** A `--scale` value (besides `auto`). */
export type ScaleKind = typeof SCALINGS[number];

/**
 * Output activations of ae/dae: `relu` (the notebook), `linear` or `sigmoid`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { OUTPUT_ACTIVATIONS } from "./mod.ts";
 * assertEquals(OUTPUT_ACTIVATIONS[0], "relu");
 * ```
 */
export const OUTPUT_ACTIVATIONS = ["relu", "linear", "sigmoid"] as const;
/** An `--output` value (besides `auto`). */
export type OutputActivation = typeof OUTPUT_ACTIVATIONS[number];

/**
 * Training engines: the fused step, tfjs ops (graph), or the best that runs (auto).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { ENGINES } from "./mod.ts";
 * assertEquals([...ENGINES], ["auto", "fused", "graph"]);
 * ```
 */
export const ENGINES = ["auto", "fused", "graph"] as const;
/** An `--engine` value. */
export type EngineName = typeof ENGINES[number];

/**
 * Backends a run may ask for; `auto` picks WebGPU on real hardware, else WASM.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { BACKENDS } from "./mod.ts";
 * assertEquals([...BACKENDS], ["auto", "webgpu", "wasm", "cpu"]);
 * ```
 */
export const BACKENDS = ["auto", "webgpu", "wasm", "cpu"] as const;
/** A backend name accepted by `--backend`. */
export type BackendName = typeof BACKENDS[number];

/** Who multiplies in the fused Wasm step: see TrainConfig.blas. */
export type BlasMode = "auto" | "on" | "off";

/** Everything that determines a training run. */
export interface TrainConfig {
  /** CSV file (numeric columns, optional header and `label`/`class` column), IDX images, .npy/.npz, or a PNG folder. */
  data: string;
  /** Labels file for IDX/NumPy data (IDX, .npy or one per line); "" = IDX's matching file. */
  labels: string;
  /** .npz: the array to train on ("" = the only one, or `x`). */
  array: string;
  /** Image inputs: "HxW" to resize every image to ("" = as stored; PNG sizes must agree). */
  resize: string;
  /** Size of the latent code (the notebook: 2). */
  latent: number;
  /** Hidden layer widths of the encoder; the decoder mirrors them (notebook: 128,128). */
  hidden: number[];
  /** Passes over the data (notebook: 50). */
  epochs: number;
  /** Rows per optimiser step; the last batch of an epoch may be smaller (notebook: 64). */
  batchSize: number;
  /** Adam learning rate (notebook: 1e-3). */
  lr: number;
  /** Seed for initial weights and shuffle order (notebook: torch seed 34). */
  seed: number;
  /** Which tfjs backend trains. */
  backend: BackendName;
  /** auto: the fused step (ae/dae on wasm and webgpu, vae/sae on wasm), else tfjs ops (lib/engine/fused/choice.ts). */
  engine: EngineName;
  /** CPU threads of the fused Wasm step's large matrix products (0 = one per core). */
  threads: number;
  /**
   * Matrix products of the fused Wasm step: auto = the system's OpenBLAS (FFI) for steps whose
   * largest product is at least BLAS_MIN multiply-adds when it loads, else the Wasm SIMD kernels;
   * on = OpenBLAS always (`--blas`); off = the Wasm kernels, the same bits on every machine
   * (`--exact`; repro's and quality's default).
   */
  blas: BlasMode;
  /** Folder that receives run folders. */
  out: string;
  /** Run folder name; empty means derived from data, model and seed. */
  name: string;
  /** Family member: ae (the notebook), vae, dae or sae. */
  model: ModelKind;
  /** Dense layers (mlp, the notebook) or strided convolutions on images (conv; not sae). */
  arch: "mlp" | "conv";
  /** conv: channels of the strided 3×3 convolutions (default 32,64). */
  channels: number[];
  /** vae: weight of the KL term (1 = the ELBO). */
  beta: number;
  /** vae: epochs over which the KL weight rises linearly to beta (0 = none). */
  klWarmup: number;
  /** dae: corruption, `gaussian:<sigma>` (data units) or `mask:<p>` (zero a fraction). */
  noise: string;
  /** sae: weight of the L1 penalty on the codes (mean over samples of their sum). */
  l1: number;
  /** sae: keep only the k largest codes per sample (0 = off; default 16 unless --l1 is given). */
  topk: number;
  /** Whether the CSV has a header line: "auto" detects it. */
  header: "auto" | "yes" | "no";
  /** Label column: a name, a 0-based index, "none", or "" for a column named label/class. */
  labelColumn: string;
  /** Feature columns to use (names or 0-based indexes); empty: every column but the label. */
  columns: string[];
  /** Columns to leave out (names or 0-based indexes), e.g. an id or a text column. */
  drop: string[];
  /** Train (and fit scaling and PCA) only on rows with these labels; empty = all rows. */
  normalLabels: string[];
  /** Column scaling; "auto" (binary image inputs until loaded): lib/model/config_model.ts defaultScale(). */
  scale: ScaleKind | "auto";
  /** ae/dae output activation; "auto": relu for the bundled digits unscaled (the notebook),
   * sigmoid for minmax-scaled data, else linear (vae: sigmoid, sae: linear, always). */
  output: OutputActivation | "auto";
  /** "HxW" draws rows as images (default 8x8 for the bundled digits, else none). */
  imageShape: string;
  /** Fraction of rows held out (seeded) for a validation loss per epoch (0 = none). */
  valSplit: number;
  /** Stop after this many epochs without a better (validation) loss and keep the best weights (0 = off). */
  earlyStop: number;
  /** Learning rate over the run: constant, or cosine decay to 0 at the last step. */
  lrSchedule: "constant" | "cosine";
  /** Continue an interrupted run from its checkpoint. */
  resume: boolean;
}

/**
 * The notebook's settings: every field of a TrainConfig; spread it and override a few.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { DEFAULTS, type TrainConfig } from "./mod.ts";
 * const cfg: TrainConfig = { ...DEFAULTS, data: "data/wine.csv", epochs: 3 };
 * assertEquals([cfg.hidden, cfg.latent, cfg.batchSize, cfg.seed], [[128, 128], 2, 64, 34]);
 * ```
 */
export const DEFAULTS: Readonly<TrainConfig> = {
  data: "data/digits.csv",
  labels: "",
  array: "",
  resize: "",
  latent: 2,
  hidden: [128, 128],
  epochs: 50,
  batchSize: 64,
  lr: 1e-3,
  seed: 34,
  backend: "auto",
  engine: "auto",
  threads: 0,
  blas: "auto", // OpenBLAS for large products where it loads; the notebook's sizes stay exact
  out: "out",
  name: "",
  model: "ae",
  arch: "mlp",
  channels: [32, 64],
  beta: 1,
  klWarmup: 0,
  noise: "gaussian:6",
  l1: 0,
  topk: 16,
  header: "auto",
  labelColumn: "",
  columns: [],
  drop: [],
  normalLabels: [],
  scale: "auto",
  output: "auto",
  imageShape: "8x8",
  valSplit: 0,
  earlyStop: 0,
  lrSchedule: "constant",
  resume: false,
};

/** [height, width] of `--image-shape`, or null. */
export function imageShapeOf(cfg: TrainConfig): [number, number] | null {
  const m = /^(\d+)x(\d+)$/.exec(cfg.imageShape);
  return m ? [+m[1], +m[2]] : null;
}

/** A parsed `--noise`: additive Gaussian (sigma in data units) or masking (fraction p). */
export function parseNoise(spec: string): { kind: "gaussian" | "mask"; amount: number } {
  const m = /^(gaussian|mask):(.+)$/.exec(spec);
  if (!m) throw new UsageError(`--noise expects gaussian:<sigma> or mask:<p>, got '${spec}'`);
  const amount = m[1] === "gaussian"
    ? numFlag("noise", m[2], { min: 0, open: true, example: "gaussian:4" })
    : numFlag("noise", m[2], { min: 0, max: 1, open: true, example: "mask:0.3" });
  return { kind: m[1] as "gaussian" | "mask", amount };
}

/**
 * The name part a data path gives runs, sweeps and detect folders: its last component without
 * the extension (`pngs/` → `pngs`, `t-images-idx3-ubyte.gz` → `t-images-idx3-ubyte`), other
 * characters than letters, digits, `.`, `_` and `-` as `_`, no leading dot; "data" if none is left.
 */
export function dataStem(path: string): string {
  const last = path.replace(/[\\/]+$/, "").split(/[\\/]/).pop()!;
  const stem = last.replace(/\.[^.]*$/, "").replace(/[^\w.-]/g, "_").replace(/^\.+/, "");
  return stem || "data";
}

// The one typed training configuration, its defaults (the notebook's settings), and
// what follows from it (model widths, image shape, run name). config_args.ts fills it
// from the command line.

export {
  type BackendName,
  BACKENDS,
  type EngineName,
  ENGINES,
  MODEL_KINDS,
  type ModelKind,
  OUTPUT_ACTIVATIONS,
  type OutputActivation,
  type ScaleKind,
  SCALINGS,
} from "./config_choices.ts";
import type {
  BackendName,
  EngineName,
  ModelKind,
  OutputActivation,
  ScaleKind,
} from "./config_choices.ts";
export { parseShape, type Shape, shapeText } from "./shape.ts";
import type { Shape } from "./shape.ts";

/** A dae corruption, parsed once from `gaussian:<sigma>` or `mask:<p>` (lib/model/noise.ts). */
export interface NoiseSpec {
  /** Additive Gaussian (amount = sigma, data units) or masking (amount = fraction zeroed). */
  kind: "gaussian" | "mask";
  /** sigma or p. */
  amount: number;
}

/** `--epochs`: a count of passes, or "auto" (the member's count for the rows, pumap's default). */
export type EpochsSpec = number | "auto";

/** Who multiplies in the fused Wasm step: see TrainConfig.blas. */
export type BlasMode = "auto" | "on" | "off";

/** Which BLAS library multiplies when one does: see TrainConfig.blasLibrary. */
export type BlasLibrary = "auto" | "onednn" | "openblas";

/** Everything that determines a training run. */
export interface TrainConfig {
  /** CSV file (numeric columns, optional header and `label`/`class` column), IDX images, .npy/.npz, or a PNG folder. */
  data: string;
  /** Labels file for IDX/NumPy data (IDX, .npy or one per line); "" = IDX's matching file. */
  labels: string;
  /** .npz: the array to train on ("" = the only one, or `x`). */
  array: string;
  /** Image inputs: [h, w] to resize every image to (null = as stored; PNG sizes must agree). */
  resize: Shape | null;
  /** Size of the latent code (the notebook: 2). */
  latent: number;
  /** Hidden layer widths of the encoder; the decoder mirrors them (notebook: 128,128). */
  hidden: number[];
  /** Passes over the data (notebook: 50), or "auto": config_model.ts resolveEpochs() once loaded. */
  epochs: EpochsSpec;
  /** Rows per optimiser step; the last batch of an epoch may be smaller (notebook: 64). */
  batchSize: number;
  /** Adam learning rate (notebook: 1e-3). */
  lr: number;
  /** Seed for initial weights and shuffle order (notebook: torch seed 34). */
  seed: number;
  /** Which tfjs backend trains. */
  backend: BackendName;
  /** auto: the fused step (ae/dae on wasm and webgpu, vae/sae/pumap on wasm), else tfjs ops (lib/engine/fused/choice.ts). */
  engine: EngineName;
  /** CPU threads of the fused Wasm step's large matrix products (0 = one per core). */
  threads: number;
  /**
   * Matrix products of the fused Wasm step: auto = the system's BLAS (FFI) for steps whose
   * largest product is at least BLAS_MIN multiply-adds when one loads, else the Wasm SIMD kernels;
   * on = a BLAS always (`--blas`); off = the Wasm kernels, the same bits on every machine
   * (`--exact`; repro's and quality's default).
   */
  blas: BlasMode;
  /** The BLAS library when one multiplies: auto = oneDNN (libdnnl) where it loads, else OpenBLAS;
   * onednn or openblas = only that one. */
  blasLibrary: BlasLibrary;
  /** Folder that receives run folders. */
  out: string;
  /** Run folder name; empty means derived from data, model and seed. */
  name: string;
  /** Family member: ae (the notebook), vae, dae, sae or pumap. */
  model: ModelKind;
  /** Dense layers (mlp, the notebook) or strided convolutions on images (conv; not sae). */
  arch: "mlp" | "conv";
  /** conv: channels of the strided 3×3 convolutions (default 32,64). */
  channels: number[];
  /** vae: weight of the KL term (1 = the ELBO). */
  beta: number;
  /** vae: epochs over which the KL weight rises linearly to beta (0 = none). */
  klWarmup: number;
  /** dae: corruption, additive Gaussian (data units) or masking (zero a fraction). */
  noise: NoiseSpec;
  /** sae: weight of the L1 penalty on the codes (mean over samples of their sum). */
  l1: number;
  /** sae: keep only the k largest codes per sample (0 = off; default 16 unless --l1 is given). */
  topk: number;
  /** pumap: neighbours per row in the kNN graph (UMAP's n_neighbors). */
  neighbors: number;
  /** pumap: UMAP's min_dist, which fixes the curve 1/(1 + a·d^2b) of latent distances. */
  minDist: number;
  /** pumap: weight of the decoder's reconstruction MSE beside the UMAP loss (0 = encoder only). */
  reconWeight: number;
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
  /** Names for the data's classes in their sorted order (figures, page, latent.csv); empty =
   * the labels themselves. normalLabels still takes the file's labels. */
  classNames: string[];
  /** Column scaling; "auto" (binary image inputs until loaded): lib/model/config_model.ts defaultScale(). */
  scale: ScaleKind | "auto";
  /** ae/dae output activation; "auto": relu for the bundled digits unscaled (the notebook),
   * sigmoid for minmax-scaled data, else linear (vae: sigmoid, sae: linear, always). */
  output: OutputActivation | "auto";
  /** [h, w] draws rows as images (default 8x8 for the bundled digits, else null). */
  imageShape: Shape | null;
  /** Fraction of rows held out (seeded) for a validation loss per epoch (0 = none). */
  valSplit: number;
  /** Stop after this many epochs without a better (validation) loss and keep the best weights (0 = off). */
  earlyStop: number;
  /** Learning rate over the run: constant, or cosine decay to 0 at the last step. */
  lrSchedule: "constant" | "cosine";
  /** Continue an interrupted run from its checkpoint. */
  resume: boolean;
}

/** What to read and how: the input, its reader's options, the image shape and the scaling. */
export type DataSpec = Pick<
  TrainConfig,
  | "data"
  | "labels"
  | "array"
  | "resize"
  | "header"
  | "labelColumn"
  | "columns"
  | "drop"
  | "normalLabels"
  | "classNames"
  | "imageShape"
  | "scale"
>;

/** Which family member (lib/model/family.ts) and its shape. */
export type ModelChoice = Pick<
  TrainConfig,
  "model" | "arch" | "latent" | "hidden" | "channels" | "output" | "topk"
>;

/** How the model learns: the optimiser, the member's loss settings and the validation split. */
export type TrainSpec = Pick<
  TrainConfig,
  | "epochs"
  | "batchSize"
  | "lr"
  | "seed"
  | "beta"
  | "klWarmup"
  | "noise"
  | "l1"
  | "neighbors"
  | "minDist"
  | "reconWeight"
  | "valSplit"
  | "earlyStop"
  | "lrSchedule"
>;

/** Where a run computes: the tfjs backend and the fused step's engine, threads and products. */
export type RuntimeSpec = Pick<
  TrainConfig,
  "backend" | "engine" | "threads" | "blas" | "blasLibrary"
>;

/** Where a run goes: the folder of run folders, its name, and whether it continues one. */
export type RunSpec = Pick<TrainConfig, "out" | "name" | "resume">;

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
  resize: null,
  latent: 2,
  hidden: [128, 128],
  epochs: 50,
  batchSize: 64,
  lr: 1e-3,
  seed: 34,
  backend: "auto",
  engine: "auto",
  threads: 0,
  blas: "auto", // a BLAS for large products where one loads; the notebook's sizes stay exact
  blasLibrary: "auto", // oneDNN where it loads, else OpenBLAS
  out: "out",
  name: "",
  model: "ae",
  arch: "mlp",
  channels: [32, 64],
  beta: 1,
  klWarmup: 0,
  noise: { kind: "gaussian", amount: 6 },
  l1: 0,
  topk: 16,
  neighbors: 15,
  minDist: 0.1,
  reconWeight: 0.1,
  header: "auto",
  labelColumn: "",
  columns: [],
  drop: [],
  normalLabels: [],
  classNames: [],
  scale: "auto",
  output: "auto",
  imageShape: [8, 8],
  valSplit: 0,
  earlyStop: 0,
  lrSchedule: "constant",
  resume: false,
};

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

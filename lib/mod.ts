// The public scripting API: everything `deno task train` does, as typed functions.
// import * as ae from "./lib/mod.ts"; see docs/scripting.md for a ten-line example.

/**
 * The toolkit as a library: what each task does, as typed functions.
 *
 * Two traps a script meets that the tasks avoid: train on scaled data (`fitScaling`,
 * `applyScaling`; a saved run's `scaling` undoes it) and pick an output activation the data can
 * reach (`createAutoencoder`'s default is the notebook's ReLU, for non-negative pixels; `train`
 * refuses targets below 0 for it). `trainRun` and `loadRun` do both as `deno task train` does.
 *
 * What is exported, by group (41 functions, classes and constants; every one has a runnable
 * example), and why:
 *
 * - `selectBackend`: tensors belong to a backend, so a script picks one first.
 * - `DEFAULTS`, `trainConfigFromArgs` and the choice lists (`BACKENDS`, `ENGINES`, `MODEL_KINDS`,
 *   `OUTPUT_ACTIVATIONS`, `SCALINGS`): a run's configuration as `deno task train` resolves it.
 * - `UsageError`, `DataError`: what the functions throw for a bad option or a bad input.
 * - `loadDataset`, `parseCsv`, `floatDataset`: data in; a model takes float32.
 * - `fitScaling`, `applyScaling`, `undoScaling`: the first trap, scaling.
 * - `createAutoencoder`, `disposeModel`, `train`: a model and its training loop.
 * - `encodeDataset`, `reconstructDataset`, `mse`, `pcaBaseline`: a model's codes, its error and
 *   the PCA error it must beat.
 * - `trainRun`, `writeRunFolder`: all of `deno task train`, and its run folder.
 * - `loadRun`, `loadRowsFor`, `encodeRows`, `reconstructRows`, `redrawRun`, `readScaling`: a saved
 *   run applied to rows as `encode`, `reconstruct` and `plot` do.
 * - `scoreRows`, `trainingRows`, `threshold`, `predict`, `rocAuc`, `averagePrecision`,
 *   `precisionAtN`, `detectRows`: anomaly scores, a threshold and their metrics (`detect`).
 * - `scatterSvg`, `imageGrid`: the two figures a script draws most (latent codes, images).
 *
 * The types exported with them (50) are those the functions' signatures name, so a script can
 * write every argument and result down (`deno doc --lint` checks none is missing). Everything
 * else (engines, kernels, progress lines, study and sweep machinery) is internal: import it from
 * its own module, where it may change without notice.
 *
 * @example Train a run, save it, load it back and rank rows by reconstruction error
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import * as ae from "./mod.ts";
 *
 * await ae.selectBackend("wasm");
 * const out = await Deno.makeTempDir();
 * const trained = await ae.trainRun(ae.specsOf({
 *   ...ae.DEFAULTS,
 *   ...{ data: "data/wine.csv", hidden: [8], epochs: 5, imageShape: null, out },
 *   ...{ scale: "standard", output: "linear" } as const, // what `deno task train` resolves
 * }));
 * const dir = await ae.writeRunFolder(out, trained.name, trained);
 * await Deno.remove(trained.checkpoint, { recursive: true }).catch(() => {});
 *
 * const run = await ae.loadRun(dir); // its model, scaling and run.json
 * const rows = await ae.loadRowsFor(run, "data/wine.csv"); // the run's header, label, columns
 * const { errors } = await ae.reconstructRows(run, rows, { units: "scaled" });
 * const worst = Array.from(errors.keys()).sort((a, b) => errors[b] - errors[a]).slice(0, 3);
 * assertEquals(worst.length, 3);
 * ae.disposeModel(run.model);
 * await Deno.remove(out, { recursive: true });
 * ```
 * @module
 */

// Backend: pick tfjs's backend before anything builds a tensor.
export { type BackendChoice, selectBackend } from "./engine/backend.ts";
// Configuration: what `deno task train` runs, as data.
export {
  type BackendName,
  BACKENDS,
  type BlasLibrary,
  type BlasMode,
  type DataSpec,
  DEFAULTS,
  type EngineName,
  ENGINES,
  type EpochsSpec,
  MODEL_KINDS,
  type ModelChoice,
  type ModelKind,
  type NoiseSpec,
  OUTPUT_ACTIVATIONS,
  type OutputActivation,
  type RunSpec,
  type RuntimeSpec,
  SCALINGS,
  type Shape,
  type TrainConfig,
  type TrainSpec,
} from "./config.ts";
export { type RunSpecs, specsOf } from "./run/train_specs.ts";
export type { Noise } from "./model/noise.ts";
export { trainConfigFromArgs } from "./cli/config_args.ts";
// Errors the functions throw (bad input, bad options).
export { ConfigError, DataError, type NameOf, UsageError } from "./errors.ts";
// Data: read a file, or parse CSV text; float32 for a model.
export {
  type Dataset,
  type FloatDataset,
  floatDataset,
  loadDataset,
  type LoadOptions,
  type LoadProgress,
  parseCsv,
  type TableOptions,
  type Values,
} from "./data/load.ts";
export type { ImageLoadOptions } from "./data/formats.ts";
export type { SizeLimit } from "./data/limits.ts";
// Scaling: the first trap of a script.
export {
  applyScaling,
  fitScaling,
  type ScaleKind,
  type Scaling,
  undoScaling,
} from "./data/scale.ts";
// The model: build one, free it.
export {
  type Autoencoder,
  createAutoencoder,
  type Dense,
  disposeModel,
  type ModelSpec,
} from "./model/autoencoder.ts";
// Training.
export {
  type EdgeList,
  type EpochInfo,
  train,
  type TrainOptions,
  type TrainResult,
  type TrainState,
} from "./engine/train.ts";
export type { EngineChoice } from "./engine/fused/choice.ts";
export type { Blas } from "./engine/fused/blas.ts";
export type { FaultHook } from "./engine/checkpoint.ts";
export type { Variable } from "./model/tensors.ts";
// Evaluation of a model on a dataset, and the PCA baseline it is compared with.
export { encodeDataset, mse, reconstructDataset, type RowProgress } from "./eval/metrics.ts";
export type { WorkHooks } from "./eval/work_meter.ts";
export { type PcaBaseline, pcaBaseline } from "./eval/baseline.ts";
// A whole run, as `deno task train` does it, and its folder.
export { type LoadedData, type RunHooks, type TrainedRun, trainRun } from "./run/train_run.ts";
export { type RunFiles, type RunManifest, writeRunFolder } from "./run/folder.ts";
// A saved run: load it, apply it to rows, redraw its figures.
export {
  encodeRows,
  loadRowsFor,
  loadRun,
  readScaling,
  reconstructRows,
  type RowOptions,
  type SavedRun,
} from "./run/saved_run.ts";
export { redrawRun } from "./run/redraw_run.ts";
// Anomaly detection: scores, a threshold, and the metrics against a 0/1 truth.
export { type RowScores, scoreRows, trainingRows } from "./run/score_rows.ts";
export {
  averagePrecision,
  type Confusion,
  type DetectionMetrics,
  precisionAtN,
  predict,
  rocAuc,
  type Threshold,
  threshold,
  type ThresholdOptions,
} from "./eval/anomaly.ts";
export { type DetectOptions, detectRows } from "./run/detect_run.ts";
export type { DetectSummary, ScorerResult, TopRow } from "./eval/detect_summary.ts";
// Figures: a scatter plot as SVG, an image grid as PNG.
export { type ChartOptions, type ScatterData, scatterSvg } from "./render/svg.ts";
export { type GridOptions, type ImageCell, imageGrid } from "./render/png.ts";

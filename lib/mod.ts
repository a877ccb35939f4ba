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

export {
  type BackendChoice,
  describeAdapter,
  parityError,
  selectBackend,
} from "./engine/backend.ts";
export {
  type BackendName,
  BACKENDS,
  type BlasMode,
  type DataSpec,
  DEFAULTS,
  type ModelChoice,
  type NoiseSpec,
  parseShape,
  type RunSpec,
  type RuntimeSpec,
  SCALINGS,
  type Shape,
  shapeText,
  type TrainConfig,
  type TrainSpec,
} from "./config.ts";
export { flatConfig, type RunSpecs, specsOf } from "./run/train_specs.ts";
export { configOfRecord, configRecord } from "./run/config_record.ts";
export { defaultRunName, resolveOutput } from "./model/config_model.ts";
export { trainConfigFromArgs } from "./cli/config_args.ts";
export {
  applyScaling,
  fitScaling,
  type ScaleKind,
  type Scaling,
  undoScaling,
} from "./data/scale.ts";
export { seedList, shardSeeds } from "./repro/seeds.ts";
export {
  type Dataset,
  type FloatDataset,
  floatDataset,
  floatValues,
  headRows,
  loadDataset,
  type LoadOptions,
  type LoadProgress,
  parseCsv,
  row,
  type TableOptions,
  type Values,
} from "./data/load.ts";
export { DataError, UsageError } from "./errors.ts";
export type { ImageLoadOptions } from "./data/formats.ts";
export { MAX_VALUES, type SizeLimit } from "./data/limits.ts";
export { encodeDataset, mse, pcaMse, reconstructDataset } from "./eval/metrics.ts";
export type { RowProgress } from "./eval/metrics.ts";
export type { PcaOptions } from "./eval/pca.ts";
export type { KrylovOptions } from "./eval/pca_krylov.ts";
export type { WorkHooks } from "./eval/work_meter.ts";
export { type PcaBaseline, pcaBaseline } from "./eval/baseline.ts";
export {
  type Autoencoder,
  autoencoderFromValues,
  createAutoencoder,
  decode,
  type Dense,
  disposeModel,
  encode,
  MODEL_KINDS,
  type ModelKind,
  type ModelSpec,
  modelValues,
  OUTPUT_ACTIVATIONS,
  type OutputActivation,
  posterior,
  reconstruct,
  topkMask,
} from "./model/autoencoder.ts";
export {
  loadConfiguredData,
  type LoadedData,
  readsSameData,
  type RunHooks,
  splitRows,
  type TrainedRun,
  trainRun,
} from "./run/train_run.ts";
export { deadUnits, evaluate } from "./report/evaluate.ts";
export { pageFor } from "./run/run_page.ts";
export { type Adam, adamStep, createAdam } from "./engine/adam.ts";
export type { FaultHook } from "./engine/checkpoint.ts";
export { type Blas, BLAS_MIN, blasFor } from "./engine/fused/blas.ts";
export {
  chooseEngine,
  type EngineChoice,
  type EngineName,
  ENGINES,
} from "./engine/fused/choice.ts";
export type { Corruption, FusedEpochOptions, FusedTrainer } from "./engine/fused/trainer.ts";
export { createWasmTrainer } from "./engine/fused/wasm.ts";
export { createGpuTrainer } from "./engine/fused/webgpu.ts";
export { gpuSelfCheck } from "./engine/fused/self_check.ts";
export { type Rng, rng, STREAMS } from "./model/random.ts";
export { runFigures, type RunOutputs } from "./report/run_figures.ts";
export { type GridOptions, type ImageCell, imageGrid } from "./render/png.ts";
export {
  type ChartOptions,
  type LineOptions,
  type LineSeries,
  lineSvg,
  type ScatterData,
  scatterSvg,
} from "./render/svg.ts";
export {
  loadModel,
  modelFiles,
  readManifest,
  type RunFiles,
  type RunManifest,
  writeRunFolder,
} from "./run/folder.ts";
export {
  checkOutputRange,
  type EpochInfo,
  klWeight,
  scheduledLr,
  train,
  type TrainOptions,
  type TrainResult,
  type TrainState,
  trainStep,
} from "./engine/train.ts";
export {
  bernoulliNll,
  gaussianKl,
  mseLoss,
  type Objective,
  objective,
  type ObjectiveOptions,
  type StepInputs,
} from "./model/objectives.ts";
export {
  corrupt,
  corruption,
  type Noise,
  type NoiseKey,
  noiseText,
  normals,
  parseNoise,
} from "./model/noise.ts";
export { type VariantOutputs, variantOutputs } from "./eval/variants.ts";
export {
  encodeRows,
  loadRowsFor,
  loadRun,
  readScaling,
  reconstructRows,
  redrawRun,
  type RowOptions,
  type SavedRun,
} from "./run/saved_run.ts";
export {
  knnAccuracy,
  linearCka,
  type Matrix,
  procrustesAlign,
  procrustesDisparity,
} from "./eval/similarity.ts";
export { compareSeeds, type PairResult, type SeedResult } from "./repro/study.ts";
export { mergeShards, redrawStudy, runSeeds, type Study, summaryFiles } from "./repro/run_seeds.ts";
export { type Baseline, baselineDrift, makeBaseline, reproReport } from "./repro/study_report.ts";
export type { Scalar, Tensor, Tensor1D, Tensor2D, Variable } from "./model/tensors.ts";
export { earlyStopLine, notebookLine, statusLine, summaryLines } from "./cli/progress.ts";
export {
  averagePrecision,
  type Confusion,
  confusion,
  type DetectionMetrics,
  detectionMetrics,
  percentile,
  precisionAtN,
  predict,
  rocAuc,
  rocCurve,
  type Threshold,
  threshold,
  type ThresholdOptions,
} from "./eval/anomaly.ts";
export { type Contribution, contributions, rankRows, rowErrors } from "./eval/row_errors.ts";
export { fitPca, type Pca, pcaReconstruct } from "./eval/pca_model.ts";
export { labelMask, parseLabelList, rowsWithLabels } from "./data/labels.ts";
export { type RowScores, scoreRows, trainingRows } from "./run/score_rows.ts";
export { type DetectOptions, detectRows } from "./run/detect_run.ts";
export type { DetectSummary, ScorerResult, TopRow } from "./eval/detect_summary.ts";
export { writeDetectFolder } from "./run/detect_folder.ts";

// The public scripting API: everything `deno task train` does, as typed functions.
// import * as ae from "./lib/mod.ts"; see README "Scripting" for a ten-line example.

export { type BackendChoice, describeAdapter, parityError, selectBackend } from "./backend.ts";
export {
  type BackendName,
  BACKENDS,
  defaultRunName,
  DEFAULTS,
  type TrainConfig,
} from "./config.ts";
export { trainConfigFromArgs } from "./config_args.ts";
export { applyScaling, fitScaling, type Scaling, undoScaling } from "./scale.ts";
export { seedList, shardSeeds } from "./seeds.ts";
export { type Dataset, headRows, loadDataset, parseCsv, row } from "./data.ts";
export { DataError, UsageError } from "./errors.ts";
export { encodeDataset, mse, pcaMse, reconstructDataset } from "./metrics.ts";
export {
  type Autoencoder,
  autoencoderFromValues,
  createAutoencoder,
  decode,
  disposeModel,
  encode,
  MODEL_KINDS,
  type ModelKind,
  modelValues,
  posterior,
  reconstruct,
  topkMask,
} from "./model.ts";
export { loadConfiguredData, splitRows, type TrainedRun, trainRun } from "./pipeline.ts";
export { evaluate } from "./evaluate.ts";
export { adamStep, createAdam } from "./adam.ts";
export {
  chooseEngine,
  type EngineChoice,
  type EngineName,
  ENGINES,
  type FusedTrainer,
} from "./fused.ts";
export { createWasmTrainer } from "./fused_wasm.ts";
export { createGpuTrainer } from "./fused_gpu.ts";
export { gpuSelfCheck } from "./fused_check.ts";
export { type Rng, rng, STREAMS } from "./random.ts";
export { runFigures, type RunOutputs } from "./report.ts";
export { imageGrid } from "./render/png.ts";
export { lineSvg, scatterSvg } from "./render/svg.ts";
export {
  loadModel,
  modelFiles,
  readManifest,
  type RunFiles,
  type RunManifest,
  writeRunFolder,
} from "./run.ts";
export {
  type EpochInfo,
  klWeight,
  scheduledLr,
  train,
  type TrainResult,
  trainStep,
} from "./train.ts";
export { bernoulliNll, gaussianKl, mseLoss, objective } from "./objectives.ts";
export { corrupt, corruption, normals } from "./noise.ts";
export { type VariantOutputs, variantOutputs } from "./variants.ts";
export {
  encodeRows,
  loadRowsFor,
  loadRun,
  readScaling,
  reconstructRows,
  redrawRun,
  type SavedRun,
} from "./apply.ts";
export {
  knnAccuracy,
  linearCka,
  type Matrix,
  procrustesAlign,
  procrustesDisparity,
} from "./similarity.ts";
export { compareSeeds, type PairResult, type SeedResult } from "./repro.ts";
export { mergeShards, runSeeds, summaryFiles } from "./repro_run.ts";
export { baselineDrift, makeBaseline, reproReport } from "./repro_report.ts";
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
export { fitPca, type Pca, pcaReconstruct } from "./eval/pca_scores.ts";
export { labelMask, parseLabelList, rowsWithLabels } from "./data/labels.ts";
export { type RowScores, scoreRows, trainingRows } from "./run/score_rows.ts";
export { type DetectOptions, detectRows } from "./run/detect_run.ts";
export type { DetectSummary, ScorerResult, TopRow } from "./run/detect_summary.ts";
export { writeDetectFolder } from "./run/detect_folder.ts";

// The public scripting API: everything `deno task train` does, as typed functions.
// import * as ae from "./lib/mod.ts"; see README "Scripting" for a ten-line example.

export {
  type BackendChoice,
  describeAdapter,
  parityError,
  selectBackend,
} from "./engine/backend.ts";
export {
  type BackendName,
  BACKENDS,
  defaultRunName,
  DEFAULTS,
  type TrainConfig,
} from "./config.ts";
export { trainConfigFromArgs } from "./cli/config_args.ts";
export { applyScaling, fitScaling, type Scaling, undoScaling } from "./data/scale.ts";
export { seedList, shardSeeds } from "./repro/seeds.ts";
export { type Dataset, headRows, loadDataset, parseCsv, row } from "./data/load.ts";
export { DataError, UsageError } from "./errors.ts";
export { encodeDataset, mse, pcaMse, reconstructDataset } from "./eval/metrics.ts";
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
} from "./model/autoencoder.ts";
export { loadConfiguredData, splitRows, type TrainedRun, trainRun } from "./run/train_run.ts";
export { evaluate } from "./report/evaluate.ts";
export { adamStep, createAdam } from "./engine/adam.ts";
export {
  chooseEngine,
  type EngineChoice,
  type EngineName,
  ENGINES,
  type FusedTrainer,
} from "./engine/fused/choice.ts";
export { createWasmTrainer } from "./engine/fused/wasm.ts";
export { createGpuTrainer } from "./engine/fused/webgpu.ts";
export { gpuSelfCheck } from "./engine/fused/self_check.ts";
export { type Rng, rng, STREAMS } from "./model/random.ts";
export { runFigures, type RunOutputs } from "./report/run_figures.ts";
export { imageGrid } from "./render/png.ts";
export { lineSvg, scatterSvg } from "./render/svg.ts";
export {
  loadModel,
  modelFiles,
  readManifest,
  type RunFiles,
  type RunManifest,
  writeRunFolder,
} from "./run/folder.ts";
export {
  type EpochInfo,
  klWeight,
  scheduledLr,
  train,
  type TrainResult,
  trainStep,
} from "./engine/train.ts";
export { bernoulliNll, gaussianKl, mseLoss, objective } from "./model/objectives.ts";
export { corrupt, corruption, normals } from "./model/noise.ts";
export { type VariantOutputs, variantOutputs } from "./eval/variants.ts";
export {
  encodeRows,
  loadRowsFor,
  loadRun,
  readScaling,
  reconstructRows,
  redrawRun,
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
export { mergeShards, runSeeds, summaryFiles } from "./repro/run_seeds.ts";
export { baselineDrift, makeBaseline, reproReport } from "./repro/study_report.ts";
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

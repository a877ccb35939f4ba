// The notebook end to end as two library calls: `trainRun` loads the data, picks the
// backend, trains and returns a run's files and manifest; `redrawRun` rebuilds the
// figures of a saved run from its model and data. Callers write the results.

import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "./backend.ts";
import { checkConfigForData, defaultRunName, modelFeatures, type TrainConfig } from "./config.ts";
import { type Dataset, loadDataset } from "./data.ts";
import { DataError } from "./errors.ts";
import { encodeDataset, mse, pcaMse, reconstructDataset } from "./metrics.ts";
import { type Autoencoder, createAutoencoder, disposeModel } from "./model.ts";
import { runFigures, type RunOutputs } from "./report.ts";
import { variantOutputs } from "./variants.ts";
import {
  loadModel,
  modelFiles,
  readManifest,
  type RunFiles,
  type RunManifest,
  sha256,
} from "./run.ts";
import { type EpochInfo, train } from "./train.ts";

/** Hooks and facts from the caller (the library reads no clock or environment itself). */
export interface RunHooks {
  /** Called after each epoch. */
  onEpoch?: (info: EpochInfo) => void;
  /** Called once the backend is chosen, before training. */
  onStart?: (info: { backend: string; adapter: string | null; reason: string }) => void;
  /** Seconds from some origin, for the manifest's timing (default: all zero). */
  clock?: () => number;
  /** Version strings to record (e.g. { deno: "2.9.6" }); tfjs is added. */
  versions?: Record<string, string>;
}

/** A trained run, ready to be written with writeRunFolder(). */
export interface TrainedRun {
  name: string;
  files: RunFiles;
  manifest: Omit<RunManifest, "files">;
}

/** Trains the configured autoencoder and returns its run folder's content. */
export async function trainRun(cfg: TrainConfig, hooks: RunHooks = {}): Promise<TrainedRun> {
  const clock = hooks.clock ?? (() => 0);
  const t0 = clock();
  const dataBytes = await Deno.readFile(cfg.data).catch(() => null);
  const data = await loadDataset(cfg.data);
  checkConfigForData(cfg, data.columns);
  const choice = await selectBackend(cfg.backend);
  hooks.onStart?.(choice);
  const t1 = clock();
  const name = cfg.name || defaultRunName(cfg);
  const model = createAutoencoder(modelFeatures(cfg, data.columns), {
    seed: cfg.seed,
    kind: cfg.model,
    topk: cfg.topk,
    inputScale: cfg.model === "vae" ? bernoulliScale(data) : 1,
  });
  try {
    const history = await train(model, data, {
      ...cfg,
      onEpoch: hooks.onEpoch,
      checkDevice: choice.check,
    });
    const t2 = clock();
    const epochs = history.map(({ epoch, loss, terms }) =>
      cfg.model === "vae" || cfg.model === "sae" ? { epoch, loss, ...terms } : { epoch, loss }
    );
    const { files, metrics } = await evaluate(model, data, { ...cfg, epochs });
    for (const [k, v] of await modelFiles(model)) files.set(k, v);
    choice.check();
    const manifest: Omit<RunManifest, "files"> = {
      config: { ...cfg, name },
      seed: cfg.seed,
      backend: choice.backend,
      backend_reason: choice.reason,
      adapter: choice.adapter,
      versions: { ...hooks.versions, tfjs: tf.version_core },
      data: {
        path: cfg.data,
        sha256: dataBytes ? await sha256(dataBytes) : "",
        rows: data.rows,
        columns: data.columns,
      },
      epochs,
      metrics,
      timing: { load: round(t1 - t0), train: round(t2 - t1), write: round(clock() - t2) },
    };
    return { name, files, manifest };
  } finally {
    disposeModel(model);
  }
}

/** Figures and metrics of a trained model on its data. */
export async function evaluate(
  model: Autoencoder,
  data: Dataset,
  options: { seed: number; epochs: RunOutputs["epochs"]; noise?: string },
): Promise<{ files: RunFiles; metrics: Record<string, number> }> {
  const latent = await encodeDataset(model, data);
  const reconstruction = await reconstructDataset(model, data);
  const variant = await variantOutputs(model, data, options);
  // The linear baseline with as many numbers per sample (sae: its mean active codes).
  const k = model.kind === "sae"
    ? Math.max(1, Math.round(variant.metrics.l0))
    : model.features.at(-1)!;
  const metrics = {
    reconstruction_mse: mse(data.x, reconstruction),
    pca_mse: pcaMse(data, Math.min(k, data.columns)),
    ...variant.metrics,
  };
  const files = runFigures({
    data,
    latent,
    reconstruction,
    epochs: options.epochs,
    pcaMse: metrics.pca_mse,
    kind: model.kind,
    variant,
    noise: options.noise,
  }, { seed: options.seed });
  return { files, metrics };
}

/** vae: the data's maximum, which scales values to [0, 1] Bernoulli means. */
function bernoulliScale(data: Dataset): number {
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of data.x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (lo < 0 || hi <= 0) {
    throw new DataError(
      `${data.source}: --model vae models values in [0, max] as Bernoulli means; ` +
        `the data's range is [${lo}, ${hi}]`,
    );
  }
  return hi;
}

/** Rebuilds a saved run's figures from its model/ and its data file (no training). */
export async function redrawRun(dir: string): Promise<RunFiles> {
  const manifest = await readManifest(dir);
  const dataPath = manifest.data.path;
  const bytes = await Deno.readFile(dataPath).catch(() => {
    throw new DataError(`${dataPath}: the run's data file is missing (named in ${dir}/run.json)`);
  });
  if (manifest.data.sha256 && (await sha256(bytes)) !== manifest.data.sha256) {
    throw new DataError(
      `${dataPath}: changed since the run was trained (sha256 differs from ${dir}/run.json)`,
    );
  }
  const data = await loadDataset(dataPath);
  // The same backend as training where it is a CPU one, so latent.csv comes out identical.
  await selectBackend(
    manifest.backend === "cpu" || manifest.backend === "wasm" ? manifest.backend : "auto",
  );
  const model = await loadModel(`${dir}/model`);
  try {
    if (model.features[0] !== data.columns) {
      throw new DataError(
        `${dir}/model: expects ${model.features[0]} columns, ${dataPath} has ${data.columns}`,
      );
    }
    const noise = (manifest.config as { noise?: string }).noise;
    const { files } = await evaluate(model, data, {
      seed: manifest.seed,
      epochs: manifest.epochs,
      noise,
    });
    return files;
  } finally {
    disposeModel(model);
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

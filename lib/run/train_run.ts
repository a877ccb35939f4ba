// The notebook end to end as library calls: `trainRun` loads the data, picks the
// backend, trains and returns a run's files and manifest; `redrawRun` rebuilds the
// figures of a saved run from its model and data. Callers write the results.

import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../engine/backend.ts";
import {
  type CheckpointData,
  checkpointPath,
  type FaultHook,
  readCheckpoint,
  writeCheckpoint,
} from "../engine/checkpoint.ts";
import {
  checkConfigForData,
  defaultRunName,
  defaultScale,
  modelFeatures,
  resolveEpochs,
  resolveOutput,
} from "../model/config_model.ts";
import { evaluate } from "../report/evaluate.ts";
import { createAutoencoder, disposeModel } from "../model/autoencoder.ts";
import { pageFor } from "./run_page.ts";
import { checkFinished } from "./finished.ts";
import { lstatOrNull } from "../safe_files.ts";
import { loadConfiguredData, type LoadedData } from "./configured_data.ts";
import { scaledSplit } from "./_scaled_split.ts";
import { runWarnings } from "./warnings.ts";
import { modelFiles, type RunFiles, type RunManifest } from "./folder.ts";
import type { ScaleKind } from "../data/scale.ts";
import { type EpochInfo, train } from "../engine/train.ts";
import { member } from "../model/family.ts";
import { configRecord } from "./config_record.ts";
import { evalSettings, type RunSpecs, trainSettings } from "./train_specs.ts";
import { bernoulliScale, convSpec, topkFor } from "./_model_shape.ts";
import { trainGraph } from "./_train_graph.ts";

export { loadConfiguredData, type LoadedData, readsSameData } from "./configured_data.ts";
export { splitRows } from "./split_rows.ts";
export { GRAPH_PHASE } from "./_train_graph.ts";

/** Hooks and facts from the caller (the library reads no clock or environment itself). */
export interface RunHooks {
  /** Called after each epoch. */
  onEpoch?: (info: EpochInfo) => void;
  /** Called once the backend is chosen, before training: `epochs` is the count it trains
   * (`--epochs auto` resolved for the `trainRows` training rows). */
  onStart?: (info: {
    backend: string;
    adapter: string | null;
    reason: string;
    epochs: number;
    trainRows: number;
  }) => void;
  /** Called while a large CSV streams in. */
  onLoad?: (p: { rows: number; bytes: number; totalBytes: number }) => void;
  /** Seconds from some origin, for the manifest's timing (default: all zero). */
  clock?: () => number;
  /** Version strings to record (e.g. { deno: "2.9.6" }); tfjs is added. */
  versions?: Record<string, string>;
  /** Called with the run's name and config before the data loads: check the target, take a lock. */
  prepare?: (name: string, config: Record<string, unknown>) => Promise<void>;
  /** Called when a checkpoint holding `epochs` epochs was read (for --resume) or written. */
  onCheckpoint?: (info: { path: string; epochs: number; read: boolean }) => void;
  /** Stops training at the next epoch boundary, after that epoch's checkpoint. */
  signal?: AbortSignal;
  /** Called before every epoch and training step; it may throw (Interrupted) to stop there. */
  checkStop?: (at: "epoch" | "step") => void;
  /**
   * Called during the phases after training ("latent codes", "PCA baseline", "figures",
   * "report page" …), and before it while pumap's neighbour graph is built (GRAPH_PHASE), with
   * the fraction done, at least every second or so of work; it may throw (Interrupted) to stop,
   * leaving the checkpoint as it was.
   */
  onProgress?: (phase: string, fraction: number) => void;
  /** Test hook: crashes or write failures injected at named points. */
  fault?: FaultHook;
  /**
   * The data already loaded by loadConfiguredData() for a config that readsSameData() as
   * this one (sweep, repro: a file read once, so a FIFO works); absent: read specs.data.
   */
  loaded?: LoadedData;
}

/** A trained run, ready to be written with writeRunFolder(). */
export interface TrainedRun {
  /** The run folder's name. */
  name: string;
  /** Its files by relative path: figures, latent.csv, model/, index.html. */
  files: RunFiles;
  /** run.json without its file hashes (written with the folder). */
  manifest: Omit<RunManifest, "files">;
  /** Where its checkpoint went (remove it once the run folder is written). */
  checkpoint: string;
}

/**
 * Trains the configured autoencoder and returns its run folder's content (write it with
 * writeRunFolder). `specs` is a config split by who reads it: specsOf() splits a flat TrainConfig
 * (what trainConfigFromArgs gives).
 *
 * @param hooks.onEpoch Called after each epoch. @default undefined
 * @param hooks.clock Seconds from some origin, for run.json's timing. @default all zero
 * @param hooks.signal Stops at the next epoch boundary. @default undefined
 * @param hooks.onProgress Called in the phases after training. @default undefined
 * (RunHooks lists the rest; each is optional and does nothing when left out.)
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("wasm");
 * const out = await Deno.makeTempDir();
 * const cfg = ae.trainConfigFromArgs(["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2"]
 *   .concat(["--backend", "wasm", "--out", out, "--name", "wine"]));
 * const losses: number[] = [];
 * const trained = await ae.trainRun(ae.specsOf(cfg), { onEpoch: (e) => losses.push(e.loss) });
 * assertEquals([trained.name, losses.length, trained.files.has("latent.csv")], ["wine", 2, true]);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function trainRun(specs: RunSpecs, hooks: RunHooks = {}): Promise<TrainedRun> {
  const clock = hooks.clock ?? (() => 0);
  const t0 = clock();
  const { model: m, train: t, runtime, run } = specs;
  let d = specs.data;
  const name = run.name || defaultRunName({ ...d, ...m, seed: t.seed });
  await hooks.prepare?.(name, configRecord({ ...specs, run: { ...run, name } }));
  const { data, sha256: dataSha, fileRows, fileClasses } = hooks.loaded ??
    await loadConfiguredData({ ...d, ...m }, hooks);
  if (hooks.loaded) checkConfigForData({ ...d, ...m }, data.columns);
  if (d.scale === "auto") { // IDX, NumPy, a PNG folder: images or a table, known once loaded
    d = { ...d, scale: defaultScale(m.model, { image: data.imageShape !== null }) };
  }
  // With --val-split, the scaling (and evaluate()'s PCA baseline) see the training rows only.
  const { order, scaling, scaled, split } = scaledSplit(data, {
    seed: t.seed,
    valSplit: t.valSplit,
    scale: d.scale as ScaleKind,
    path: d.data,
  });
  // run.json's config: scale and output resolved, shapes and noise as their flag text.
  const output = resolveOutput({ ...d, ...m });
  const config = configRecord({
    ...specs,
    data: d,
    model: { ...m, output },
    run: { ...run, name },
  });
  const ckpt = checkpointPath(run.out, name);
  const dataInfo = { path: d.data, sha256: dataSha, rows: data.rows, columns: data.columns };
  // --resume without a checkpoint: the run may have finished (its checkpoint is removed then).
  if (run.resume && !(await lstatOrNull(ckpt))) {
    await checkFinished(`${run.out}/${name}`, { config, data: dataInfo });
  }
  const image = data.imageShape !== null, trainRows = split.train.rows;
  const epochCount = resolveEpochs(t.epochs, { model: m.model, trainRows, image });
  const choice = await selectBackend(runtime.backend);
  hooks.onStart?.({ ...choice, epochs: epochCount, trainRows });
  const t1 = clock();
  const model = createAutoencoder(modelFeatures(m, data.columns), {
    seed: t.seed,
    kind: m.model,
    topk: topkFor(m.topk, data.columns),
    inputScale: member(m.model).bernoulliScale ? bernoulliScale(split.train) : 1,
    output,
    ...(m.arch === "conv" ? convSpec({ ...m, data: d.data }, data) : {}),
  });
  try {
    const resumeFrom = run.resume
      ? await resumeState(ckpt, { config, data: dataInfo, hooks })
      : undefined;
    const graph = member(m.model).neighbourGraph
      ? trainGraph(split.train, {
        ...t,
        blasLibrary: runtime.blasLibrary,
        onProgress: hooks.onProgress,
      })
      : undefined;
    const result = await train(model, split.train, {
      ...trainSettings(specs, epochCount),
      graph,
      validation: split.val,
      onEpoch: hooks.onEpoch,
      checkDevice: choice.check,
      signal: hooks.signal,
      checkStop: hooks.checkStop,
      onCheckpoint: async (state) => {
        await writeCheckpoint(ckpt, { config, data: dataInfo, state, fault: hooks.fault });
        hooks.onCheckpoint?.({ path: ckpt, epochs: state.epochs, read: false });
      },
      resumeFrom,
    });
    const t2 = clock();
    const epochs = result.history.map(({ epoch, loss, terms, valLoss }) => ({
      epoch,
      loss,
      ...(member(m.model).logsTerms ? terms : {}),
      ...(valLoss === undefined ? {} : { val_loss: valLoss }),
    }));
    const ev = await evaluate(model, data, {
      ...evalSettings(t),
      epochs,
      scaling,
      scaled,
      keptEpoch: result.bestEpoch,
      ...(t.valSplit ? { split: order } : {}),
      blas: result.blas,
      onProgress: hooks.onProgress,
      stoppedEarly: result.stoppedEarly,
    });
    const { files, metrics } = ev;
    hooks.onProgress?.("model files", 0);
    for (const [k, v] of await modelFiles(model)) files.set(k, v);
    files.set(
      "model/scaling.json",
      JSON.stringify({ ...scaling, columns: data.featureNames }, null, 2) + "\n",
    );
    choice.check();
    const manifest: Omit<RunManifest, "files"> = {
      config,
      seed: t.seed,
      backend: choice.backend,
      backend_reason: choice.reason,
      engine: result.engine.engine,
      engine_reason: result.engine.reason,
      adapter: choice.adapter,
      versions: { ...hooks.versions, tfjs: tf.version_core },
      data: { ...dataInfo, rows: fileRows },
      training: {
        ...(d.normalLabels?.length ? { normal_labels: d.normalLabels } : {}),
        ...(d.classNames?.length ? { class_labels: fileClasses } : {}), // what the names name
        train_rows: split.train.rows,
        ...(t.epochs === "auto" ? { epochs: epochCount } : {}),
        val_rows: split.val?.rows ?? 0,
        scaling: scaling.kind,
        constant_columns: scaling.constant.map((j) => data.featureNames[j]),
        dead_outputs: ev.deadOutputs.map((j) => data.featureNames[j]),
        ...(topkFor(m.topk, data.columns) === m.topk
          ? {}
          : { topk: topkFor(m.topk, data.columns) }),
        best_epoch: result.bestEpoch,
        stopped_early: result.stoppedEarly,
      },
      epochs,
      metrics,
      warnings: runWarnings({
        model: m.model,
        metrics,
        columns: data.columns,
        deadOutputs: ev.deadOutputs.map((j) => data.featureNames[j]),
        latent: m.latent,
        pcaComponents: ev.pcaComponents,
        earlyStop: {
          stopped: result.stoppedEarly,
          kept: result.bestEpoch,
          last: epochs.at(-1)?.epoch ?? 0,
          patience: t.earlyStop,
        },
      }),
      timing: { load: round(t1 - t0), train: round(t2 - t1), write: round(clock() - t2) },
    };
    hooks.onProgress?.("report page", 0);
    files.set("index.html", await pageFor(model, { name, manifest, data, ev, scaling }));
    hooks.onProgress?.("report page", 1);
    return { name, files, manifest, checkpoint: ckpt };
  } finally {
    disposeModel(model);
  }
}

async function resumeState(
  path: string,
  options: { config: Record<string, unknown>; data: CheckpointData; hooks: RunHooks },
) {
  const state = await readCheckpoint(path, options);
  options.hooks.onCheckpoint?.({ path, epochs: state.epochs, read: true });
  return state;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

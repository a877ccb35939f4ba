// A run folder: run.json (the manifest), the figures, latent.csv and model/ (tfjs
// weights-manifest format). Folders are written under a temporary name and renamed
// at the end, so a failed run never leaves a half-written folder behind.

import * as tf from "@tensorflow/tfjs";
import { DataError } from "../errors.ts";
import { checkReplaceable } from "./target.ts";
import {
  type Autoencoder,
  autoencoderFromValues,
  disposeModel,
  MODEL_KINDS,
  type ModelSpec,
  modelValues,
} from "../model/autoencoder.ts";

import type { RunFiles } from "../report/files.ts";

export type { RunFiles };

/** The manifest stored as run.json (see docs/train.md for each field). */
export interface RunManifest {
  /** The resolved configuration (every flag of train). */
  config: Record<string, unknown>;
  /** The seed of the weights, the shuffle and the noise. */
  seed: number;
  /** The tfjs backend that trained: webgpu, wasm or cpu. */
  backend: string;
  /** Why that backend (asked for, or what auto found). */
  backend_reason: string;
  /** fused (Wasm SIMD step) or graph (tfjs ops); absent in runs made before engines existed. */
  engine?: string;
  /** Why that engine. */
  engine_reason?: string;
  /** The WebGPU adapter; null when none was found or none was probed. */
  adapter: string | null;
  /** Versions of deno and tfjs. */
  versions: Record<string, string>;
  /** The data file: path, sha256 of its bytes, rows and columns. */
  data: { path: string; sha256: string; rows: number; columns: number };
  /** Rows used for training and validation, scaling, early stopping. */
  training?: Record<string, unknown>;
  /** Mean training loss per epoch, with val_loss and the loss terms where they exist. */
  epochs: { epoch: number; loss: number; [term: string]: number }[];
  /** reconstruction_mse, pca_mse and each model's own metrics. */
  metrics: Record<string, number>;
  /** Seconds to load, train and write. */
  timing: Record<string, number>;
  /** Each file of the run folder and its sha256. */
  files: Record<string, string>;
}

const MODEL_FORMAT = "mlp-autoencoder";

/** Serialises a model as tfjs artifacts: model.json (topology + weights manifest) and weights.bin. */
export async function modelFiles(model: Autoencoder): Promise<RunFiles> {
  const values = await modelValues(model);
  const layers = [...model.encoder, ...model.decoder];
  const named = values.flatMap(({ w, b }, l) => {
    const shape = layers[l].w.shape; // [fin, fout] (dense); a conv layer's own layout
    return [
      { name: `layer${l}.w`, tensor: tf.tensor(w, shape) },
      { name: `layer${l}.b`, tensor: tf.tensor1d(b) },
    ];
  });
  const { data, specs } = await tf.io.encodeWeights(named);
  tf.dispose(named.map((n) => n.tensor));
  const json = {
    format: MODEL_FORMAT,
    generatedBy: `tfjs ${tf.version_core}`,
    modelTopology: {
      kind: model.kind,
      features: model.features,
      topk: model.topk,
      inputScale: model.inputScale,
      output: model.output,
      ...(model.arch === "conv"
        ? { arch: model.arch, channels: model.channels, imageShape: model.imageShape }
        : {}),
    },
    weightsManifest: [{ paths: ["weights.bin"], weights: specs }],
  };
  return new Map<string, Uint8Array | string>([
    ["model/model.json", JSON.stringify(json, null, 2) + "\n"],
    ["model/weights.bin", new Uint8Array(data)],
  ]);
}

/** Loads `<dir>/model.json` + weights; a missing or inconsistent file is a DataError. */
export async function loadModel(dir: string): Promise<Autoencoder> {
  const jsonPath = `${dir}/model.json`;
  const text = await readText(jsonPath);
  let json: {
    format?: string;
    modelTopology?: { features?: number[] } & ModelSpec;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  try {
    json = JSON.parse(text) ?? {};
  } catch (e) {
    throw new DataError(`${jsonPath}: not valid JSON (${(e as Error).message})`);
  }
  const features = json.modelTopology?.features;
  const group = json.weightsManifest?.[0];
  const kind = json.modelTopology?.kind ?? "ae";
  if (
    json.format !== MODEL_FORMAT || !Array.isArray(features) || !group ||
    !MODEL_KINDS.includes(kind)
  ) {
    throw new DataError(
      `${jsonPath}: not a model written by this toolkit (format '${json.format}')`,
    );
  }
  const binPath = `${dir}/${group.paths[0]}`;
  const bin = await readBytes(binPath);
  const expected = group.weights.reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (bin.byteLength !== expected) {
    throw new DataError(
      `${binPath}: holds ${bin.byteLength} bytes; model.json expects ${expected}`,
    );
  }
  const map = tf.io.decodeWeights(bin.slice().buffer, group.weights);
  try {
    const { topk, inputScale, output, outputRelu, arch, channels, imageShape } = json
      .modelTopology!; // outputRelu: old files
    const layers = arch === "conv" ? 2 * ((channels?.length ?? 0) + 1) : 2 * (features.length - 1);
    const values = Array.from({ length: layers }, (_, l) => {
      const w = map[`layer${l}.w`], b = map[`layer${l}.b`];
      if (!w || !b) throw new DataError(`${jsonPath}: weights of layer ${l} are missing`);
      const v = { w: w.dataSync(), b: b.dataSync() };
      if (!v.w.every(Number.isFinite) || !v.b.every(Number.isFinite)) {
        throw new DataError(`${binPath}: layer ${l} holds a weight that is NaN or infinite`);
      }
      return v;
    });
    const model = autoencoderFromValues(features, values, {
      kind,
      topk,
      inputScale,
      output,
      outputRelu,
      arch,
      channels,
      imageShape,
    });
    // Same sizes in another shape (e.g. [8,13] for [13,8]) would load silently transposed.
    [...model.encoder, ...model.decoder].forEach((layer, l) => {
      const got = map[`layer${l}.w`].shape, want = layer.w.shape;
      if (got.join() !== want.join()) {
        disposeModel(model);
        throw new DataError(
          `${jsonPath}: layer ${l}'s weights are [${got}]; the features [${features}] need [${want}]`,
        );
      }
    });
    return model;
  } catch (e) {
    if (e instanceof RangeError) throw new DataError(`${jsonPath}: ${e.message}`);
    throw e;
  } finally {
    tf.dispose(Object.values(map));
  }
}

/** Hex SHA-256 of bytes or text. */
export async function sha256(content: Uint8Array | string): Promise<string> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Writes `files` to `<parent>/<name>/` atomically: a temporary folder renamed into place.
 * An older folder of that name is replaced only if this toolkit wrote it (see
 * checkReplaceable); anything else there is a DataError and stays untouched. `index`
 * (e.g. run.json) is written last from the files' sha256 hashes. Returns the folder's path.
 */
export async function writeFolder(
  parent: string,
  name: string,
  options: {
    files: RunFiles;
    index?: (hashes: Record<string, string>) => [string, string];
    /** The file that marks an older folder as ours. @default "run.json" */
    marker?: string;
    /** The run's config: an older run folder of other flags is replaced only with `force`. @default none */
    config?: Record<string, unknown>;
    /** Replace an older run folder of other flags. @default false */
    force?: boolean;
  },
): Promise<string> {
  await Deno.mkdir(parent, { recursive: true });
  await checkReplaceable(`${parent}/${name}`, options);
  const tmp = await Deno.makeTempDir({ dir: parent, prefix: `.${name}.partial-` });
  await Deno.chmod(tmp, 0o755); // makeTempDir creates 0700; a run folder is for sharing
  const target = `${parent}/${name}`;
  try {
    const hashes: Record<string, string> = {};
    for (const [rel, content] of [...options.files].sort(([a], [b]) => a.localeCompare(b))) {
      const path = `${tmp}/${rel}`;
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      if (typeof content === "string") await Deno.writeTextFile(path, content);
      else await Deno.writeFile(path, content);
      hashes[rel] = await sha256(content);
    }
    if (options.index) {
      const [file, text] = options.index(hashes);
      await Deno.writeTextFile(`${tmp}/${file}`, text);
    }
    await replaceFolder(tmp, target);
    return target;
  } catch (e) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw e;
  }
}

/** Writes a run folder: `files` plus run.json (its `files` = name → sha256), atomically. */
export function writeRunFolder(
  parent: string,
  name: string,
  options: {
    files: RunFiles;
    manifest: Omit<RunManifest, "files">;
    /** Replace an older run folder of other flags. @default false */
    force?: boolean;
  },
): Promise<string> {
  return writeFolder(parent, name, {
    files: options.files,
    config: options.manifest.config,
    force: options.force,
    index: (
      hashes,
    ) => ["run.json", JSON.stringify({ ...options.manifest, files: hashes }, null, 2) + "\n"],
  });
}

/** Reads and checks `<dir>/run.json`. */
export async function readManifest(dir: string): Promise<RunManifest> {
  const path = `${dir}/run.json`;
  let m: RunManifest;
  try {
    m = JSON.parse(await readText(path));
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof m !== "object" || m === null || typeof m.config !== "object" || !m.data?.path) {
    throw new DataError(`${path}: missing 'config' or 'data'; not a run manifest`);
  }
  return m;
}

async function replaceFolder(from: string, to: string): Promise<void> {
  const old = `${from}-old`;
  let hadOld = false;
  try {
    await Deno.rename(to, old);
    hadOld = true;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  await Deno.rename(from, to);
  if (hadOld) await Deno.remove(old, { recursive: true });
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new DataError(`${path}: file not found; the run folder is incomplete`);
    }
    throw new DataError(`${path}: cannot read: ${(e as Error).message}`);
  }
}

async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(path));
}

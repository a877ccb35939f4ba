// A model as files: model/model.json (the tfjs weights-manifest format, with this toolkit's
// topology) and model/weights.bin, written from an Autoencoder and read back with every
// size, shape and value checked.

import * as tf from "@tensorflow/tfjs";
import { DataError } from "../errors.ts";
import {
  type Autoencoder,
  autoencoderFromValues,
  disposeModel,
  MODEL_KINDS,
  type ModelSpec,
  modelValues,
} from "../model/autoencoder.ts";

import type { RunFiles } from "../report/files.ts";

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

/** A file of a run folder as text; a missing or unreadable file is a DataError. */
export async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(path));
}

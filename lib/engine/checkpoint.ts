// Checkpoints of an interrupted run: after every epoch the training state (weights,
// Adam's moments, history, best weights) goes to ONE file `<out>/.<name>.ckpt`, written
// to a fresh temporary file, flushed, and renamed over the old one; `--resume` reads it back
// if its config and data match. A torn or edited file is "corrupt", never "missing".

import { DataError } from "../errors.ts";
import type { FaultHook } from "../safe_files.ts";
import { trainedNoiseText } from "../model/noise.ts";
import { replaceFile } from "../atomic_write.ts";
import { sha256Digest } from "../data/sha256.ts";
import type { TrainState } from "./train.ts";

export type { FaultHook };

/** The data a checkpoint was made with (checked on resume). */
export interface CheckpointData {
  path: string;
  sha256: string;
  rows: number;
  columns: number;
}

const MAGIC = new TextEncoder().encode("AECKPT02"); // 8 bytes
const HEAD = 16; // magic, u32 json bytes, u32 float count
const SUM = 32; // sha256 of everything before it

/** The checkpoint file of a run. */
export function checkpointPath(out: string, name: string): string {
  return `${out}/.${name}.ckpt`;
}

/**
 * Writes `state` with the run's config and data to `path` atomically: the bytes go to a
 * fresh `<file>.partial-<suffix>` (created exclusively, never through a link), are flushed
 * to disk, and the file is renamed over the old checkpoint, so a crash or a full disk at any
 * moment leaves the previous checkpoint whole. A link or a folder at `path` is refused.
 */
export async function writeCheckpoint(
  path: string,
  options: {
    config: Record<string, unknown>;
    data: CheckpointData;
    state: TrainState;
    /** Test hook (`checkpoint-write` mid-file, `checkpoint-rename`). @default none */
    fault?: FaultHook;
  },
): Promise<void> {
  const bytes = await encode(options);
  const dir = path.slice(0, path.lastIndexOf("/")) || ".";
  const failure = (e: unknown) =>
    new DataError((f) =>
      `${path}: could not write the checkpoint (${(e as Error).message}); the previous one ` +
      `is kept (free some space or make ${dir} writable, then ${f("resume")})`
    );
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (e) {
    throw failure(e);
  }
  // .<name>.ckpt.partial-<suffix>, flushed, renamed, the folder flushed; a link or a folder at
  // `path` is replaceFile()'s DataError naming it.
  await replaceFile(path, {
    content: bytes,
    sync: true,
    failure,
    fault: options.fault,
    point: "checkpoint",
  });
}

/** Reads a checkpoint; a missing, corrupt, or other-config/other-data one is a DataError. */
export async function readCheckpoint(
  path: string,
  options: { config: Record<string, unknown>; data: CheckpointData },
): Promise<TrainState> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new DataError((f) =>
        `${path}: no checkpoint to resume (run without ${f("resume")} to start afresh)`
      );
    }
    throw new DataError(`${path}: cannot read the checkpoint: ${(e as Error).message}`);
  }
  const { meta, floats } = await decode(bytes, path);
  // The first flag that differs is named: an old run resumed with today's defaults says which.
  const made = meta.config, given = comparable(options.config);
  const shown = (v: unknown) => JSON.stringify(v) ?? "none";
  const key = Object.keys({ ...made, ...given }).find((k) => shown(made[k]) !== shown(given[k]));
  if (key !== undefined) {
    throw new DataError(
      `${path}: the checkpoint was made with other flags (${key} ${shown(made[key])}, now ${
        shown(given[key])
      }); resume with the same flags`,
    );
  }
  const was = meta.data, now = options.data;
  if (was.sha256 !== now.sha256 || was.rows !== now.rows || was.columns !== now.columns) {
    throw new DataError((f) =>
      `${now.path}: not the data the checkpoint was made with (${was.rows} rows × ${was.columns} ` +
      `columns, sha256 ${was.sha256.slice(0, 12)}…; now ${now.rows} × ${now.columns}, ` +
      `${now.sha256.slice(0, 12)}…); resume with that data or run without ${f("resume")}`
    );
  }
  let at = 0;
  const take = () => meta.sizes.map((n) => floats.slice(at, at += n));
  const weights = take(), m = take(), v = take();
  const best = meta.best ? { ...meta.best, weights: take() } : null;
  if (at !== floats.length) throw corrupt(path, "its arrays do not match its header");
  return { epochs: meta.epochs, history: meta.history, weights, adam: { t: meta.t, m, v }, best };
}

/**
 * The config without the flags that may differ between a run and its resumption, its noise as
 * trained (trainedNoiseText: an old pumap record's noise reads as gaussian:0).
 */
export function comparable(config: Record<string, unknown>): Record<string, unknown> {
  const { resume: _r, backend: _b, engine: _e, threads: _t, blas: _l, blasLibrary: _bl, ...rest } =
    config;
  return "noise" in rest ? { ...rest, noise: trainedNoiseText(rest) } : rest;
}

async function encode(
  options: { config: Record<string, unknown>; data: CheckpointData; state: TrainState },
): Promise<Uint8Array> {
  const { state } = options;
  const arrays = [
    ...state.weights,
    ...state.adam.m,
    ...state.adam.v,
    ...(state.best?.weights ?? []),
  ];
  const count = arrays.reduce((s, a) => s + a.length, 0);
  const meta: Meta = {
    config: comparable(options.config),
    data: options.data,
    epochs: state.epochs,
    history: state.history,
    t: state.adam.t,
    sizes: state.weights.map((w) => w.length),
    best: state.best ? { loss: state.best.loss, epoch: state.best.epoch } : null,
  };
  let json = new TextEncoder().encode(JSON.stringify(meta));
  const pad = (4 - json.length % 4) % 4;
  if (pad) json = new TextEncoder().encode(JSON.stringify(meta) + " ".repeat(pad));
  const bytes = new Uint8Array(HEAD + json.length + 4 * count + SUM);
  bytes.set(MAGIC);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, json.length, true);
  view.setUint32(12, count, true);
  bytes.set(json, HEAD);
  const floats = new Float32Array(bytes.buffer, HEAD + json.length, count);
  let at = 0;
  for (const a of arrays) {
    floats.set(a, at);
    at += a.length;
  }
  const body = bytes.subarray(0, bytes.length - SUM);
  bytes.set(await sha256Digest(body), body.length);
  return bytes;
}

async function decode(
  bytes: Uint8Array,
  path: string,
): Promise<{ meta: Meta; floats: Float32Array }> {
  if (bytes.length < HEAD + SUM || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw corrupt(path, "not a checkpoint of this version");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonBytes = view.getUint32(8, true), count = view.getUint32(12, true);
  if (HEAD + jsonBytes + 4 * count + SUM !== bytes.length) {
    throw corrupt(
      path,
      `${bytes.length} bytes, its header announces ${HEAD + jsonBytes + 4 * count + SUM}`,
    );
  }
  const body = bytes.slice(0, bytes.length - SUM);
  const sum = await sha256Digest(body);
  if (sum.some((b, i) => bytes[body.length + i] !== b)) throw corrupt(path, "checksum mismatch");
  const meta = JSON.parse(new TextDecoder().decode(body.subarray(HEAD, HEAD + jsonBytes)));
  return { meta, floats: new Float32Array(body.buffer, HEAD + jsonBytes, count) };
}

/** The JSON part of a checkpoint. */
interface Meta {
  config: Record<string, unknown>;
  data: CheckpointData;
  epochs: number;
  history: TrainState["history"];
  t: number;
  sizes: number[];
  best: { loss: number; epoch: number } | null;
}

function corrupt(path: string, why: string): DataError {
  return new DataError((f) =>
    `${path}: corrupt checkpoint (${why}); delete it and run without ${f("resume")} to start afresh`
  );
}

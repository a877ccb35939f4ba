// Checkpoints of an interrupted run: after every epoch the training state (weights,
// Adam's moments, history, best weights) goes to `<out>/.<name>.checkpoint/`, written
// atomically; `--resume` reads it back if its config matches.

import { DataError } from "./errors.ts";
import type { TrainState } from "./train.ts";

/** The checkpoint folder of a run. */
export function checkpointDir(out: string, name: string): string {
  return `${out}/.${name}.checkpoint`;
}

/** Writes `state` with the run's config; replaces the previous checkpoint atomically. */
export async function writeCheckpoint(
  dir: string,
  options: { config: Record<string, unknown>; state: TrainState },
): Promise<void> {
  const { state } = options;
  const arrays = [
    ...state.weights,
    ...state.adam.m,
    ...state.adam.v,
    ...(state.best?.weights ?? []),
  ];
  const floats = new Float32Array(arrays.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    floats.set(a, at);
    at += a.length;
  }
  const bytes = new Uint8Array(floats.buffer);
  const meta = {
    config: comparable(options.config),
    epochs: state.epochs,
    history: state.history,
    t: state.adam.t,
    sizes: state.weights.map((w) => w.length),
    best: state.best ? { loss: state.best.loss, epoch: state.best.epoch } : null,
  };
  const tmp = `${dir}.partial`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  await Deno.mkdir(tmp, { recursive: true });
  await Deno.writeFile(`${tmp}/state.bin`, bytes);
  await Deno.writeTextFile(`${tmp}/state.json`, JSON.stringify(meta));
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.rename(tmp, dir);
}

/** Reads a checkpoint; a missing one or one from another config is a DataError. */
export async function readCheckpoint(
  dir: string,
  options: { config: Record<string, unknown> },
): Promise<TrainState> {
  let meta, bytes: Uint8Array;
  try {
    meta = JSON.parse(await Deno.readTextFile(`${dir}/state.json`));
    bytes = await Deno.readFile(`${dir}/state.bin`);
  } catch {
    throw new DataError(`${dir}: no checkpoint to resume (run without --resume to start afresh)`);
  }
  const want = JSON.stringify(comparable(options.config));
  if (JSON.stringify(meta.config) !== want) {
    throw new DataError(
      `${dir}: the checkpoint was made with other flags; resume with the same flags`,
    );
  }
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let at = 0;
  const take = () => (meta.sizes as number[]).map((n) => floats.slice(at, at += n));
  const weights = take(), m = take(), v = take();
  const best = meta.best ? { ...meta.best, weights: take() } : null;
  if (at !== floats.length) throw new DataError(`${dir}/state.bin: size does not match state.json`);
  return { epochs: meta.epochs, history: meta.history, weights, adam: { t: meta.t, m, v }, best };
}

/** The config without the flags that may differ between a run and its resumption. */
function comparable(config: Record<string, unknown>): Record<string, unknown> {
  const { resume: _r, backend: _b, engine: _e, threads: _t, blas: _l, ...rest } = config;
  return rest;
}

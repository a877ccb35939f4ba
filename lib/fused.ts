// The fused training step of the plain MLP autoencoder (ae, dae): forward pass, MSE,
// hand-written backward and one Adam update over a flat parameter buffer, run by the
// SIMD kernels of lib/kernels/mlp.c (a few Wasm calls per layer instead of ~200 tfjs ops).

import * as tf from "@tensorflow/tfjs";
import { ADAM } from "./adam.ts";
import type { Dataset } from "./data.ts";
import { UsageError } from "./errors.ts";
import { MLP_WASM } from "./kernels/mlp_wasm.ts";
import type { Autoencoder } from "./model.ts";

/** Engines `--engine` accepts: `auto` is fused where it applies, else graph. */
export const ENGINES = ["auto", "fused", "graph"] as const;
/** An engine name accepted by `--engine`. */
export type EngineName = typeof ENGINES[number];

/** The engine a run trains with, and why. */
export interface EngineChoice {
  engine: "fused" | "graph";
  reason: string;
}

/** Picks the engine for `model` on the active tfjs backend; `fused` where it cannot run is a UsageError. */
export function chooseEngine(
  model: Autoencoder,
  options: { engine?: EngineName; backend: string },
): EngineChoice {
  const why = model.kind !== "ae" && model.kind !== "dae"
    ? `--model ${model.kind} has no fused step`
    : options.backend !== "wasm"
    ? `the fused step is the wasm backend's fast path, and the backend is ${options.backend}`
    : null;
  const engine = options.engine ?? "auto";
  if (engine === "graph") return { engine, reason: "--engine graph: tfjs ops with autodiff" };
  if (why === null) return { engine: "fused", reason: "fused Wasm SIMD step (lib/kernels/mlp.c)" };
  if (engine === "fused") throw new UsageError(`--engine fused cannot run: ${why}`);
  return { engine: "graph", reason: `tfjs ops with autodiff: ${why}` };
}

/** A model's weights and Adam moments in Wasm memory, trained a batch per call. */
export interface FusedTrainer {
  /** Adam steps taken. */
  t: number;
  /** One Adam step on the given data rows; returns the batch's mean squared error. */
  step(
    rows: Int32Array,
    options: { lr: number; noise?: { op: "add" | "mul"; values: Float32Array } },
  ): number;
  /** Copies the current weights into the model's tfjs variables. */
  writeTo(model: Autoencoder): void;
  /** Adam's step count and moments, one array per variable (for checkpoints). */
  adamState(): { t: number; m: Float32Array[]; v: Float32Array[] };
  /** Restores adamState() output. */
  restoreAdam(state: { t: number; m: ArrayLike<number>[]; v: ArrayLike<number>[] }): void;
}

interface Kernels {
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, acc: number): void;
  transpose(src: number, dst: number, r: number, c: number): void;
  gather(x: number, idx: number, out: number, n: number, d: number): void;
  corrupt(x: number, noise: number, out: number, n: number, mul: number): void;
  bias_act(z: number, b: number, m: number, n: number, relu: number): void;
  mse(y: number, t: number, dy: number, n: number): number;
  relu_back(dy: number, y: number, n: number): void;
  colsum(dz: number, db: number, m: number, n: number): void;
  adam(...args: number[]): void;
}

const MODULE = new WebAssembly.Module(Uint8Array.from(atob(MLP_WASM), (c) => c.charCodeAt(0)));
const PAGE = 65536;
/** Bytes below this belong to the module's stack. */
const RESERVED = 2 * PAGE;

/** Loads `model`'s weights and all of `data` into a fresh Wasm memory, ready to train. */
export function createFusedTrainer(
  model: Autoencoder,
  data: Dataset,
  options: { batchSize: number },
): FusedTrainer {
  const d = data.columns, n = Math.min(options.batchSize, data.rows);
  // Layout in floats: parameters, grads and moments flat, in model.variables' order.
  const sizes = model.variables.map((v) => v.size);
  const offsets: number[] = [];
  let total = 0;
  for (const size of sizes) offsets.push(total), total += size;
  const layers = [...model.encoder, ...model.decoder].map(({ w, relu }, l) => {
    const [fin, fout] = w.shape as [number, number];
    return { fin, fout, relu, w: offsets[2 * l]!, b: offsets[2 * l + 1]! };
  });
  let top = RESERVED / 4;
  const alloc = (floats: number) => {
    const at = top;
    top += Math.ceil(floats / 4) * 4;
    return at;
  };
  const [P, G, M, V] = [alloc(total), alloc(total), alloc(total), alloc(total)];
  const X = alloc(data.rows * d); // [rows, d]
  const idx = alloc(n);
  const clean = alloc(n * d), noisy = alloc(n * d), noise = alloc(n * d); // [batch, d]
  const acts = layers.map(({ fout }) => alloc(n * fout)); // [batch, fout] per layer
  const widest = Math.max(...layers.map(({ fin, fout }) => Math.max(fin, fout)));
  const grad = [alloc(n * widest), alloc(n * widest)] as const; // ping-pong [batch, width]
  const scratch = alloc(widest * Math.max(widest, n)); // transposes
  const memory = new WebAssembly.Memory({ initial: Math.ceil((top * 4) / PAGE) });
  const k = new WebAssembly.Instance(MODULE, { env: { memory } }).exports as unknown as Kernels;
  const f32 = new Float32Array(memory.buffer), i32 = new Int32Array(memory.buffer);
  model.variables.forEach((v, i) => f32.set(v.dataSync() as Float32Array, P + offsets[i]!));
  f32.set(data.x, X);
  const B = (floats: number) => floats * 4; // byte offset of a float offset
  const slice = (at: number, i: number) =>
    f32.subarray(at + offsets[i]!, at + offsets[i]! + sizes[i]!);

  const trainer: FusedTrainer = {
    t: 0,
    step(rows, { lr, noise: corruption }) {
      const m = rows.length;
      i32.set(rows, idx);
      k.gather(B(X), B(idx), B(clean), m, d);
      let input = clean;
      if (corruption) {
        f32.set(corruption.values.subarray(0, m * d), noise);
        k.corrupt(B(clean), B(noise), B(noisy), m * d, corruption.op === "mul" ? 1 : 0);
        input = noisy;
      }
      let h = input; // [m, d]
      layers.forEach(({ fin, fout, relu, w, b }, l) => { // [m, fin] → [m, fout]
        k.matmul(B(h), B(P + w), B(acts[l]!), m, fin, fout, 0);
        k.bias_act(B(acts[l]!), B(P + b), m, fout, relu ? 1 : 0);
        h = acts[l]!;
      });
      const loss = k.mse(B(h), B(clean), B(grad[0]), m * d) / (m * d);
      for (let l = layers.length - 1, g = 0; l >= 0; l--, g ^= 1) {
        const { fin, fout, relu, w, b } = layers[l]!;
        if (relu) k.relu_back(B(grad[g]), B(acts[l]!), m * fout); // dZ [m, fout]
        const below = l > 0 ? acts[l - 1]! : input; // [m, fin]
        k.transpose(B(below), B(scratch), m, fin); // [fin, m]
        k.matmul(B(scratch), B(grad[g]), B(G + w), fin, m, fout, 0); // dW [fin, fout]
        k.colsum(B(grad[g]), B(G + b), m, fout); // db [fout]
        if (l === 0) break;
        k.transpose(B(P + w), B(scratch), fin, fout); // Wᵀ [fout, fin]
        k.matmul(B(grad[g]), B(scratch), B(grad[g ^ 1]), m, fout, fin, 0); // dH [m, fin]
      }
      trainer.t += 1;
      const c1 = 1 - ADAM.beta1 ** trainer.t, c2 = 1 - ADAM.beta2 ** trainer.t;
      const { beta1, beta2, eps } = ADAM;
      k.adam(
        B(P),
        B(G),
        B(M),
        B(V),
        total,
        beta1,
        1 - beta1,
        beta2,
        1 - beta2,
        eps,
        Math.sqrt(c2),
        lr / c1,
      );
      return loss;
    },
    writeTo(target) {
      tf.tidy(() => target.variables.forEach((v, i) => v.assign(tf.tensor(slice(P, i), v.shape))));
    },
    adamState() {
      const read = (at: number) => sizes.map((_, i) => slice(at, i).slice());
      return { t: trainer.t, m: read(M), v: read(V) };
    },
    restoreAdam(state) {
      trainer.t = state.t;
      sizes.forEach((_, i) => {
        slice(M, i).set(state.m[i]!);
        slice(V, i).set(state.v[i]!);
      });
    },
  };
  return trainer;
}

// A CPU fused trainer's parameters, gradients and Adam moments as they sit in its Wasm memory:
// copied into a model's variables, read out, saved and restored. Shared by the MLP trainer
// (wasm.ts) and the conv trainer (conv_trainer.ts), whose layouts both place P, G, M and V.

import * as tf from "@tensorflow/tfjs";
import type { FusedTrainer } from "./trainer.ts";

/** Where the four arrays start in the memory, and each variable's offset and size within them. */
export interface ParamLayout {
  P: number;
  G: number;
  M: number;
  V: number;
  offsets: readonly number[];
  sizes: readonly number[];
}

/**
 * The trainer methods that move parameters in and out of `f32` laid out as `lay`; `step` gives
 * the trainer whose Adam step count (`t`) is saved and restored.
 */
export function paramMethods(
  f32: Float32Array,
  lay: ParamLayout,
  step: () => { t: number },
): Pick<FusedTrainer, "writeTo" | "grads" | "adamState" | "restoreAdam"> {
  const { P, G, M, V, offsets, sizes } = lay;
  const slice = (at: number, i: number) =>
    f32.subarray(at + offsets[i]!, at + offsets[i]! + sizes[i]!);
  const read = (at: number) => sizes.map((_, i) => slice(at, i).slice());
  return {
    writeTo(target) {
      tf.tidy(() =>
        target.variables.forEach((v, i) => v.assign(tf.tensor(slice(P, i).slice(), v.shape)))
      );
    },
    grads: () => Promise.resolve(read(G)),
    adamState: () => Promise.resolve({ t: step().t, m: read(M), v: read(V) }),
    restoreAdam(state) {
      step().t = state.t;
      sizes.forEach((_, i) => {
        slice(M, i).set(state.m[i]!);
        slice(V, i).set(state.v[i]!);
      });
    },
  };
}

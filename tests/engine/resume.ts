// Shared by the training tests: interrupt a run after its second checkpoint, resume it from
// that state in a differently initialised model, and require the uninterrupted run's result.

import { assertEquals } from "@std/assert";
import type { FloatDataset } from "../../lib/data/load.ts";
import {
  createAutoencoder,
  disposeModel,
  type ModelSpec,
  modelValues,
} from "../../lib/model/autoencoder.ts";
import { train, type TrainOptions, type TrainState } from "../../lib/engine/train.ts";

/**
 * Asserts that a resumed run of [64,16,2] ends bit for bit where an uninterrupted one ends.
 * @param spec The model's kind and output (its seeds are the helper's). @default {}
 */
export async function assertResumesExactly(
  data: FloatDataset,
  options: TrainOptions,
  spec: ModelSpec = {},
): Promise<void> {
  const straight = createAutoencoder([64, 16, 2], { ...spec, seed: 9 });
  const a = await train(straight, data, options);
  let saved: TrainState | null = null;
  const interrupted = createAutoencoder([64, 16, 2], { ...spec, seed: 9 });
  await train(interrupted, data, {
    ...options,
    onCheckpoint: (s) => {
      saved = s;
      if (s.epochs === 2) throw new Error("interrupted");
      return Promise.resolve();
    },
  }).catch((e) => assertEquals(e.message, "interrupted"));
  disposeModel(interrupted);
  const resumed = createAutoencoder([64, 16, 2], { ...spec, seed: 123 }); // all comes from the state
  const b = await train(resumed, data, { ...options, resumeFrom: saved! });
  const history = (r: typeof a) => r.history.map((e) => [e.loss, e.valLoss, e.steps]);
  assertEquals(history(b), history(a));
  assertEquals(await modelValues(resumed), await modelValues(straight));
  [straight, resumed].forEach(disposeModel);
}

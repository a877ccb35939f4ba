// The training loop's parts: an epoch's report (and the divergence error) and early
// stopping's bookkeeping, each without running the loop.

import { assertEquals, assertThrows } from "@std/assert";
import { selectBackend } from "../../lib/engine/backend.ts";
import { EarlyStop, epochInfo } from "../../lib/engine/_train_parts.ts";
import { createAutoencoder, disposeModel } from "../../lib/model/autoencoder.ts";
import type { EpochInfo } from "../../lib/engine/train_options.ts";

await selectBackend("cpu");

Deno.test("epochInfo() means the sums over steps; the validation loss comes last", () => {
  const info = epochInfo(3, [20, 12, 8, 10], {
    names: ["recon", "kl"],
    stepsPerEpoch: 4,
    steps: 16,
    validation: true,
  });
  assertEquals([info.epoch, info.loss, info.terms, info.valLoss, info.steps], [
    3,
    5,
    { recon: 3, kl: 2 },
    2.5,
    16,
  ]);
});

Deno.test("epochInfo() names the epoch where the loss or the validation loss is not finite", () => {
  const o = { names: ["mse"], stepsPerEpoch: 2, steps: 4, validation: true };
  assertThrows(
    () => epochInfo(7, [NaN, NaN, 1], o),
    Error,
    "training diverged at epoch 7: mean loss is NaN",
  );
  assertThrows(() => epochInfo(2, [1, 1, Infinity], o), Error, "epoch 2");
});

Deno.test("EarlyStop keeps the best epoch and stops after `patience` epochs without one", async () => {
  const model = createAutoencoder([4, 2], { seed: 1 });
  const at = (epoch: number, loss: number): EpochInfo => ({
    epoch,
    loss,
    terms: {},
    steps: 0,
    liveTensors: 0,
  });
  try {
    const stop = new EarlyStop(2);
    const seen: [number | null, boolean][] = [];
    for (const [epoch, loss] of [[0, 5], [1, 4], [2, 4.5], [3, 4.2]]) {
      await stop.watch(model, at(epoch, loss));
      seen.push([stop.bestEpoch, stop.stopped]);
    }
    assertEquals(seen, [[0, false], [1, false], [1, false], [1, true]]);
    assertEquals(stop.best!.weights.length, model.variables.length);
    const off = new EarlyStop(0, { loss: 1, epoch: 4, weights: [[1]] });
    await off.watch(model, at(5, 0.5));
    assertEquals([off.bestEpoch, off.stopped, off.best!.epoch], [null, false, 4]);
  } finally {
    disposeModel(model);
  }
});

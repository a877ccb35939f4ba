// The output activation of ae/dae (issue 12): relu, linear or sigmoid in the model, its file and
// the engine choice; data it can never reach is refused; ReLU outputs dead on all rows are found.

import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { selectBackend } from "../../lib/engine/backend.ts";
import { parseCsv } from "../../lib/data/load.ts";
import { ConfigError, DataError } from "../../lib/errors.ts";
import { deadUnits, evaluate } from "../../lib/report/evaluate.ts";
import { chooseEngine } from "../../lib/engine/fused/choice.ts";
import {
  autoencoderFromValues,
  createAutoencoder,
  disposeModel,
  modelValues,
  reconstruct,
} from "../../lib/model/autoencoder.ts";
import { loadModel, modelFiles } from "../../lib/run/folder.ts";
import { checkOutputRange } from "../../lib/engine/train.ts";

await selectBackend("cpu");

Deno.test("createAutoencoder: output relu (default), linear or sigmoid ends the decoder", () => {
  for (
    const [output, lastRelu] of [["relu", true], ["linear", false], ["sigmoid", false]] as const
  ) {
    const m = createAutoencoder([4, 3, 2], { seed: 1, output });
    assertEquals([m.output, m.decoder.at(-1)!.relu], [output, lastRelu]);
    disposeModel(m);
  }
  const d = createAutoencoder([4, 3, 2], { seed: 1 });
  assertEquals(d.output, "relu");
  disposeModel(d);
  assertThrows(
    () => createAutoencoder([4, 2], { seed: 1, kind: "vae", output: "relu" }),
    RangeError,
  );
});

Deno.test("output sigmoid: reconstructions are sigmoid(decoder) in (0, 1)", () => {
  const values = [
    { w: [1, 0, 0, 1, 1, 1], b: [0, 0] }, // [3, 2]
    { w: [5, -5, 0, 0, -5, 5], b: [0, 0, 0] }, // [2, 3]
  ];
  const lin = autoencoderFromValues([3, 2], values, { output: "linear" });
  const sig = autoencoderFromValues([3, 2], values, { output: "sigmoid" });
  const x = tf.tensor2d([[1, 2, 3]]);
  const [a, b] = [reconstruct(lin, x).dataSync(), reconstruct(sig, x).dataSync()];
  a.forEach((v, i) => assertAlmostEquals(b[i], 1 / (1 + Math.exp(-v)), 1e-6));
  tf.dispose(x);
  [lin, sig].forEach(disposeModel);
});

Deno.test("model.json records the output; old files with outputRelu still load", async () => {
  const dir = await Deno.makeTempDir();
  const m = createAutoencoder([6, 5, 2], { seed: 3, output: "sigmoid" });
  const files = await modelFiles(m);
  const json = JSON.parse(files.get("model/model.json") as string);
  assertEquals(json.modelTopology.output, "sigmoid");
  await Deno.mkdir(`${dir}/model`);
  await Deno.writeFile(`${dir}/model/weights.bin`, files.get("model/weights.bin") as Uint8Array);
  for (
    const [topology, want] of [[{ output: "sigmoid" }, "sigmoid"], [
      { outputRelu: false },
      "linear",
    ], [{ outputRelu: true }, "relu"]] as const
  ) {
    const old = {
      ...json,
      modelTopology: { kind: "ae", features: [6, 5, 2], topk: 0, inputScale: 1, ...topology },
    };
    await Deno.writeTextFile(`${dir}/model/model.json`, JSON.stringify(old));
    const back = await loadModel(`${dir}/model`);
    assertEquals(back.output, want);
    assertEquals(await modelValues(back), await modelValues(m));
    disposeModel(back);
  }
  disposeModel(m);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("chooseEngine: linear and relu outputs train fused; sigmoid falls back to graph, saying why", () => {
  const make = (output: "relu" | "linear" | "sigmoid") =>
    createAutoencoder([4, 3, 2], { seed: 1, output });
  for (const output of ["relu", "linear"] as const) {
    const m = make(output);
    assertEquals(chooseEngine(m, { backend: "wasm" }).engine, "fused");
    disposeModel(m);
  }
  const s = make("sigmoid");
  const choice = chooseEngine(s, { backend: "wasm" });
  assertEquals(choice.engine, "graph");
  assertStringIncludes(choice.reason, "--output sigmoid has no fused step");
  assertThrows(
    () => chooseEngine(s, { backend: "wasm", engine: "fused" }),
    ConfigError,
    "engine fused cannot run: output sigmoid has no fused step",
  );
  disposeModel(s);
});

Deno.test("train refuses targets the output activation cannot reach, naming row and column", () => {
  const data = parseCsv("a,b\n0.5,0.25\n0.1,-0.2\n", { source: "t.csv" });
  const relu = createAutoencoder([2, 1], { seed: 1 });
  assertThrows(
    () => checkOutputRange(relu, data),
    DataError,
    "t.csv: the model's relu output cannot reach -0.2",
  );
  const sigmoid = createAutoencoder([2, 1], { seed: 1, output: "sigmoid" });
  assertThrows(() => checkOutputRange(sigmoid, data), DataError, "column 'b'");
  const linear = createAutoencoder([2, 1], { seed: 1, output: "linear" });
  checkOutputRange(linear, data);
  [relu, sigmoid, linear].forEach(disposeModel);
});

Deno.test("evaluate finds ReLU outputs that are 0 on every row where the data is not", async () => {
  const data = parseCsv("a,b,c\n1,2,0\n3,4,0\n", { source: "t.csv" });
  // Identity-like encoder; the decoder's bias kills output b (−100) and c is 0 in the data.
  const m = autoencoderFromValues([3, 3], [
    { w: [1, 0, 0, 0, 1, 0, 0, 0, 1], b: [0, 0, 0] },
    { w: [1, 0, 0, 0, 1, 0, 0, 0, 1], b: [0, -100, -100] },
  ]);
  const ev = await evaluate(m, data, { seed: 1, epochs: [] });
  assertEquals(ev.deadOutputs, [1]);
  assertEquals(deadUnits(new Float32Array([1, 0, 0, 2, 0, 0]), data), [1]);
  disposeModel(m);
});

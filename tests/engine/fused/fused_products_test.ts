// Who computes the fused Wasm step's products: helper threads give one thread's results, fewer
// permissions mean one thread and no OpenBLAS (and say so), and --blas matches the Wasm kernels,
// is refused where the fused step does not run, and is named in run.json.

import { assertEquals, assertLess, assertMatch, assertRejects } from "@std/assert";
import { selectBackend } from "../../../lib/engine/backend.ts";
import { ConfigError } from "../../../lib/errors.ts";
import { createWasmTrainer } from "../../../lib/engine/fused/wasm.ts";
import { createAutoencoder, disposeModel, modelValues } from "../../../lib/model/autoencoder.ts";
import { epochOrder, train } from "../../../lib/engine/train.ts";
import { cli } from "../../cli.ts";
import { tempDir } from "../../temp.ts";
import { cases, maxRelDiff, small, table, trainWith, withBlas } from "./_fused_cases.ts";

Deno.test("createWasmTrainer() shares large products among threads, with one thread's results", async () => {
  await selectBackend("wasm");
  const data = table(150, 256); // batches of 64: [64,256]·[256,128] is 2^21 multiply-adds
  const run = async (threads: number) => {
    const m = createAutoencoder([256, 128, 8], { seed: 4, outputRelu: false });
    const trainer = await createWasmTrainer(m, data, { batchSize: 64, threads });
    const losses: number[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      const order = epochOrder(data.rows, { seed: 1, epoch });
      losses.push((await trainer.epoch(order, { batchSize: 64, lrAt: () => 1e-3 }))[0]);
    }
    trainer.writeTo(m);
    const w = await modelValues(m);
    trainer.dispose();
    disposeModel(m);
    return { threads: trainer.threads, losses, w };
  };
  const [one, two, three] = [await run(1), await run(2), await run(3)];
  assertEquals([one.threads, two.threads, three.threads], [1, 2, 3]);
  assertEquals(two, { ...one, threads: 2 });
  assertEquals(three, { ...one, threads: 3 });
});

Deno.test("without --allow-read one thread, without --allow-ffi no OpenBLAS, and both say so", async () => {
  const run = async (perms: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...perms, "tests/engine/fused/threads_child.ts"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    return JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
  };
  const noFfi = "needs Deno's --allow-ffi permission";
  assertEquals(await run([]), { threads: 1, finite: true, blas: noFfi });
  assertEquals(await run(["--allow-read"]), { threads: 2, finite: true, blas: noFfi });
});

Deno.test({
  name: 'train({ blas: "on" }) matches the Wasm kernels within float rounding (2 epochs, 1e-4)',
  ...withBlas,
  fn: async () => {
    for (const [, data, options] of cases) {
      const wasm = await trainWith("fused", data, options);
      const withOpenBlas = await trainWith("fused", data, {
        ...options,
        train: { ...options.train, blas: "on", threads: 1 },
      });
      const dl = maxRelDiff(wasm.losses, withOpenBlas.losses);
      const dw = maxRelDiff(wasm.w, withOpenBlas.w);
      assertLess(dl, 1e-4, "losses' relative difference");
      assertLess(dw, 1e-4, "weights' relative difference");
    }
  },
});

Deno.test('train({ blas: "on" }) is a ConfigError naming the fields where the fused Wasm step does not run', async () => {
  await selectBackend("wasm");
  const m = createAutoencoder([64, 8, 2], { seed: 1 });
  await assertRejects(
    () =>
      train(m, small, { epochs: 1, batchSize: 64, lr: 1e-3, seed: 1, engine: "graph", blas: "on" }),
    ConfigError,
    "blas speeds up the fused step on the wasm backend, not engine graph backend wasm",
  );
  disposeModel(m);
});

Deno.test({
  name: "train --blas writes a run whose run.json names OpenBLAS; results stay deterministic",
  ...withBlas,
  fn: async () => {
    await using tmp = await tempDir();
    const out = tmp.path;
    const args = ["train", "--data", "data/wine.csv", "--hidden", "8", "--epochs", "20", "--blas"];
    const [a, b] = [
      await cli(...args, "--out", `${out}/a`),
      await cli(...args, "--out", `${out}/b`),
    ];
    assertEquals([a.code, b.code], [0, 0], a.stderr + b.stderr);
    const run = (d: string) =>
      JSON.parse(Deno.readTextFileSync(`${out}/${d}/wine-ae-8x2-s34/run.json`));
    assertEquals([run("a").engine, run("a").config.blas], ["fused", "on"]);
    assertMatch(run("a").engine_reason, /products by (oneDNN [\d.]+|OpenBLAS) \(\w+ kernels\)/);
    assertEquals(run("b").files, run("a").files);
  },
});

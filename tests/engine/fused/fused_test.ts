import * as tf from "@tensorflow/tfjs";
import {
  assertEquals,
  assertLess,
  assertLessOrEqual,
  assertMatch,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import { describeAdapter, selectBackend } from "../../../lib/engine/backend.ts";
import { openBlas } from "../../../lib/engine/fused/blas.ts";
import { type FloatDataset, floatDataset, headRows, loadDataset } from "../../../lib/data/load.ts";
import { ConfigError } from "../../../lib/errors.ts";
import { chooseEngine, type EngineName } from "../../../lib/engine/fused/choice.ts";
import type { FusedEpochOptions } from "../../../lib/engine/fused/trainer.ts";
import { gpuSelfCheck } from "../../../lib/engine/fused/self_check.ts";
import { createGpuTrainer, gpuTooBig } from "../../../lib/engine/fused/webgpu.ts";
import { createWasmTrainer, wasmTooBig } from "../../../lib/engine/fused/wasm.ts";
import { SOURCE_SHA256 } from "../../../lib/engine/fused/kernels/mlp_wasm.ts";
import {
  type Autoencoder,
  createAutoencoder,
  disposeModel,
  type ModelSpec,
  modelValues,
  reconstruct,
} from "../../../lib/model/autoencoder.ts";
import { normals } from "../../../lib/model/noise.ts";
import { mseLoss, objective, type ObjectiveOptions } from "../../../lib/model/objectives.ts";
import { rng } from "../../../lib/model/random.ts";
import { sha256 } from "../../../lib/data/sha256.ts";
import { cli } from "../../cli.ts";
import { assertResumesExactly } from "../resume.ts";
import { epochOrder, train, type TrainOptions } from "../../../lib/engine/train.ts";
import { tempDir } from "../../temp.ts";

const adapter = await describeAdapter();
const { blas } = openBlas();
if (blas === null && Deno.env.get("AE_REQUIRE_BLAS")) {
  throw new Error(`AE_REQUIRE_BLAS is set but OpenBLAS cannot be used: ${openBlas().why}`);
}
/** --blas tests run where OpenBLAS loads (CI installs libopenblas0). */
const withBlas = { ignore: blas === null };
/** WebGPU tests run where navigator.gpu finds an adapter (CI: Mesa's llvmpipe). */
const gpu = { ignore: adapter === null, sanitizeResources: false, sanitizeOps: false };
const digits = floatDataset(await loadDataset("data/digits.csv"));
const small = headRows(digits, 150); // 150 rows = 2×64 + 22: a short last batch

/** Standard-normal table data (negative values), `rows` × `columns`. */
function table(rows: number, columns: number): FloatDataset {
  const r = rng(5, 0);
  const x = Float32Array.from({ length: rows * columns }, () => r.normal());
  return { ...small, x, rows, columns, imageShape: null, featureNames: [], labels: null };
}

/** Trains the same init with one engine; returns losses, weights and the engine used. */
async function trainWith(
  engine: EngineName,
  data: FloatDataset,
  options: {
    features: number[];
    spec?: ModelSpec;
    train?: Partial<TrainOptions>;
    backend?: "wasm" | "webgpu";
  },
) {
  const choice = await selectBackend(options.backend ?? "wasm");
  const m = createAutoencoder(options.features, { seed: 3, ...options.spec });
  const r = await train(m, data, {
    epochs: 2,
    batchSize: 64,
    lr: 1e-3,
    seed: 34,
    ...options.train,
    engine,
    checkDevice: choice.check,
  });
  const w = (await modelValues(m)).flatMap(({ w, b }) => [...w, ...b]);
  disposeModel(m);
  return { losses: r.history.map((h) => h.loss), w, engine: r.engine.engine, history: r.history };
}

function maxRelDiff(a: number[], b: number[]): number {
  const scale = Math.max(1e-3, ...a.map(Math.abs));
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]) / scale));
}

const cases: [string, FloatDataset, Parameters<typeof trainWith>[2]][] = [
  ["ae [64,128,128,2] on digits", small, { features: [64, 128, 128, 2] }],
  [
    "ae [20,12,9,3] on a table, linear output, batch 10 (edge shapes)",
    table(57, 20),
    { features: [20, 12, 9, 3], spec: { outputRelu: false }, train: { batchSize: 10 } },
  ],
  [
    "dae gaussian:4 with a cosine schedule",
    small,
    {
      features: [64, 32, 2],
      spec: { kind: "dae" },
      train: { noise: { kind: "gaussian", amount: 4 }, lrSchedule: "cosine" },
    },
  ],
  ["dae mask:0.3", small, {
    features: [64, 32, 2],
    spec: { kind: "dae" },
    train: { noise: { kind: "mask", amount: 0.3 } },
  }],
];
for (const [name, data, options] of cases) {
  Deno.test(`train() fused engine matches the tfjs graph engine on wasm: ${name}`, async () => {
    const graph = await trainWith("graph", data, options);
    const fused = await trainWith("fused", data, options);
    assertEquals([graph.engine, fused.engine], ["graph", "fused"]);
    const dl = maxRelDiff(graph.losses, fused.losses), dw = maxRelDiff(graph.w, fused.w);
    assertLess(dl, 1e-5, `losses differ by ${dl} (relative)`);
    assertLess(dw, 1e-6, `weights differ by ${dw} (relative to the largest)`);
  });
  Deno.test({
    name: `train() fused engine on webgpu matches the fused wasm engine: ${name}`,
    ...gpu,
    fn: async () => {
      const cpu = await trainWith("fused", data, options);
      const webgpu = await trainWith("fused", data, { ...options, backend: "webgpu" });
      assertEquals(webgpu.engine, "fused");
      const dl = maxRelDiff(cpu.losses, webgpu.losses), dw = maxRelDiff(cpu.w, webgpu.w);
      assertLess(dl, 1e-5, `losses differ by ${dl} (relative)`);
      assertLess(dw, 1e-5, `weights differ by ${dw} (relative to the largest)`);
    },
  });
}

for (const backend of ["wasm", "webgpu"] as const) {
  Deno.test({
    name: `train() fused engine on ${backend} keeps tf.memory().numTensors flat and frees its own`,
    ...(backend === "webgpu" ? gpu : {}),
    fn: () => leakCheck(backend),
  });
  Deno.test({
    name:
      `train() fused engine on ${backend} resumes from a checkpoint bit for bit (val loss, cosine lr)`,
    ...(backend === "webgpu" ? gpu : {}),
    fn: () => resumeCheck(backend),
  });
}

async function leakCheck(backend: "wasm" | "webgpu") {
  await selectBackend(backend);
  const before = tf.memory().numTensors;
  const { history } = await trainWith("fused", small, {
    features: [64, 16, 2],
    train: { epochs: 4 },
    backend,
  });
  assertEquals(
    new Set(history.map((e) => e.liveTensors)).size,
    1,
    `${history.map((e) => e.liveTensors)}`,
  );
  assertEquals(tf.memory().numTensors, before);
}

async function resumeCheck(backend: "wasm" | "webgpu") {
  await selectBackend(backend);
  const base: TrainOptions = {
    epochs: 4,
    batchSize: 64,
    lr: 1e-3,
    seed: 34,
    lrSchedule: "cosine",
    validation: headRows(digits, 50),
    engine: "fused",
  };
  await assertResumesExactly(small, base);
}

Deno.test("train() fused engine stops with an error when the loss becomes NaN", async () => {
  await selectBackend("wasm");
  const m = createAutoencoder([64, 16, 2], { seed: 1 });
  const huge = { ...small, x: small.x.map((v) => v * 1e30) };
  let message = "";
  await train(m, huge, { epochs: 2, batchSize: 64, lr: 1e10, seed: 1, engine: "fused" })
    .catch((e) => (message = e.message));
  assertMatch(message, /training diverged at epoch 0: mean loss is (NaN|Infinity)/);
  disposeModel(m);
});

Deno.test("chooseEngine() picks fused for ae/dae (and vae/sae on wasm), else graph, and says why", () => {
  const ae = createAutoencoder([8, 4, 2], { seed: 1 });
  const vae = createAutoencoder([8, 4, 2], { seed: 1, kind: "vae" });
  const sae = createAutoencoder([8, 16], { seed: 1, kind: "sae" });
  assertEquals(chooseEngine(ae, { backend: "wasm" }).engine, "fused");
  assertEquals(chooseEngine(ae, { backend: "wasm", engine: "graph" }).engine, "graph");
  assertEquals(chooseEngine(vae, { backend: "wasm" }).engine, "fused");
  assertEquals(chooseEngine(vae, { backend: "webgpu" }), {
    engine: "graph",
    reason: "tfjs ops with autodiff: --model vae has no fused WebGPU step",
  });
  assertEquals(chooseEngine(sae, { backend: "wasm" }).engine, "fused");
  assertEquals(chooseEngine(sae, { backend: "webgpu" }), {
    engine: "graph",
    reason: "tfjs ops with autodiff: --model sae has no fused WebGPU step",
  });
  assertEquals(chooseEngine(ae, { backend: "webgpu" }).engine, "fused");
  assertEquals(chooseEngine(ae, { backend: "webgpu", tooBig: "too big" }), {
    engine: "graph",
    reason: "tfjs ops with autodiff: too big",
  });
  assertThrows(
    () => chooseEngine(ae, { backend: "cpu", engine: "fused" }),
    ConfigError,
    "engine fused cannot run: the cpu backend is the plain reference",
  );
  [ae, vae, sae].forEach(disposeModel);
});

Deno.test("lib/engine/fused/kernels/mlp_wasm.ts was built from the current lib/engine/fused/kernels/mlp.c (deno task kernels)", async () => {
  assertEquals(await sha256(await Deno.readFile("lib/engine/fused/kernels/mlp.c")), SOURCE_SHA256);
});

Deno.test({
  name: "gpuTooBig() names the buffer a run needs when it exceeds the device's limit",
  ...gpu,
  fn: async () => {
    await selectBackend("webgpu");
    const m = createAutoencoder([64, 8, 2], { seed: 1 });
    assertEquals(gpuTooBig(m, small, 64), null);
    const huge = { ...small, rows: 2 ** 22, x: new Float32Array(0) }; // 4M × 64 floats
    const why = gpuTooBig(m, huge, 64) ?? "";
    assertMatch(why, /^the run needs a \d+ MB storage buffer; the device allows \d+ MB$/);
    disposeModel(m);
  },
});

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

Deno.test({
  name: "gpuSelfCheck() passes on this device and is computed once per device",
  ...gpu,
  fn: async () => {
    await selectBackend("webgpu");
    const first = gpuSelfCheck();
    assertEquals(await first, null);
    assertStrictEquals(gpuSelfCheck(), first, "a second call returns the same promise");
  },
});

// Adam hides a gradient scaled by a constant (its step is m/sqrt(v)), so weights alone cannot
// prove the backward pass: the kernels' gradients are compared with tfjs autodiff directly.
for (const backend of ["wasm", "webgpu", "wasm-blas"] as const) {
  Deno.test({
    name: `FusedTrainer.grads() on ${backend} equals tfjs autodiff's gradients of the MSE`,
    ...(backend === "webgpu" ? gpu : backend === "wasm-blas" ? withBlas : {}),
    fn: async () => {
      await selectBackend(backend === "webgpu" ? "webgpu" : "wasm");
      const data = table(10, 20);
      for (const outputRelu of [true, false]) {
        const m = createAutoencoder([20, 12, 9, 3], { seed: 2, outputRelu });
        const x = tf.tensor2d(data.x, [10, 20]);
        const { value, grads } = tf.variableGrads(() => mseLoss(x, reconstruct(m, x)), m.variables);
        const want = await Promise.all(m.variables.map((v) => grads[v.name].data()));
        const trainer = backend === "webgpu"
          ? await createGpuTrainer(m, data, { batchSize: 10, noise: null })
          : await createWasmTrainer(m, data, {
            batchSize: 10,
            threads: 1,
            blas: backend === "wasm-blas" ? blas! : undefined,
          });
        const order = Int32Array.from({ length: 10 }, (_, i) => i);
        const [loss] = await trainer.epoch(order, { batchSize: 10, lrAt: () => 1e-3 });
        const got = await trainer.grads();
        const ref = (await value.data())[0];
        assertLessOrEqual(Math.abs(loss - ref), 1e-5 * ref, `loss ${loss} vs ${ref}`);
        want.forEach((w, i) => {
          const scale = Math.max(1e-3, ...[...w].map(Math.abs));
          const worst = Math.max(...[...w].map((v, j) => Math.abs(v - got[i][j]))) / scale;
          assertLess(worst, 1e-5, `variable ${i} (output ReLU ${outputRelu}): ${worst}`);
        });
        trainer.dispose();
        tf.dispose([x, value, ...Object.values(grads)]);
        disposeModel(m);
      }
    },
  });
}

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

Deno.test("wasmTooBig() names the memory a run needs beyond 4 GiB", async () => {
  await selectBackend("wasm");
  const m = createAutoencoder([784, 8, 2], { seed: 1 });
  assertEquals(wasmTooBig(m, small, 64), null);
  const huge = { ...small, rows: 1_400_000, columns: 784, x: new Float32Array(0) }; // data alone 4187 MiB
  assertEquals(
    wasmTooBig(m, huge, 64),
    "the run needs 4191 MB of Wasm memory; at most 4095 MB fit",
  );
  disposeModel(m);
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

/** A seeded random autoencoder config: widths 1–40, 1–90 rows, batch 1–70, ae or dae. */
function randomCase(r: ReturnType<typeof rng>) {
  const d = 1 + r.int(40), rows = 1 + r.int(90);
  const features = [d, ...Array.from({ length: 1 + r.int(3) }, () => 1 + r.int(40)), 1 + r.int(5)];
  const x = Float32Array.from({ length: rows * d }, () => r.normal());
  const kind = r.next() < 0.3 ? "dae" as const : "ae" as const;
  const outputRelu = r.next() < 0.5;
  if (outputRelu) x.forEach((v, i) => x[i] = Math.abs(v)); // train() refuses what a ReLU can't reach
  return {
    data: { ...table(rows, d), x },
    options: {
      features,
      spec: { kind, outputRelu },
      train: {
        batchSize: 1 + r.int(70),
        lr: 1e-2,
        noise: kind === "dae" ? { kind: "mask" as const, amount: 0.3 } : undefined,
      },
    },
  };
}

Deno.test("train() fused engine equals the graph engine on wasm for 12 random shapes", async () => {
  const r = rng(123, 7);
  for (let trial = 0; trial < 12; trial++) {
    const { data, options } = randomCase(r);
    const [graph, fused] = [
      await trainWith("graph", data, options),
      await trainWith("fused", data, options),
    ];
    const dw = maxRelDiff(graph.w, fused.w);
    assertLess(dw, 1e-6, `${JSON.stringify(options)}: weights differ by ${dw}`);
  }
});

Deno.test({
  name: "train() fused engine on webgpu equals the wasm one for 6 random shapes",
  ...gpu,
  fn: async () => {
    const r = rng(321, 7);
    for (let trial = 0; trial < 6; trial++) {
      const { data, options } = randomCase(r);
      const cpu = await trainWith("fused", data, options);
      const webgpu = await trainWith("fused", data, { ...options, backend: "webgpu" });
      const dw = maxRelDiff(cpu.w, webgpu.w);
      assertLess(dw, 1e-5, `${JSON.stringify(options)}: weights differ by ${dw}`);
    }
  },
});

/** Trains `options` with both engines on wasm; losses, terms and weights must agree to 1e-5. */
async function assertFusedMatchesGraph(options: Parameters<typeof trainWith>[2]) {
  const graph = await trainWith("graph", small, options);
  const fused = await trainWith("fused", small, options);
  assertEquals([graph.engine, fused.engine], ["graph", "fused"]);
  const terms = (r: typeof graph) => r.history.flatMap((h) => [h.loss, ...Object.values(h.terms)]);
  const dl = maxRelDiff(terms(graph), terms(fused)), dw = maxRelDiff(graph.w, fused.w);
  assertLess(dl, 1e-5, `losses differ by ${dl} (relative)`);
  assertLess(dw, 1e-5, `weights differ by ${dw} (relative to the largest)`);
}

/**
 * One fused Wasm step on the first 10 digits, in order, against tfjs autodiff of the
 * model's objective on the same batch: loss, terms and gradients to 1e-5.
 */
async function assertGradsMatchAutodiff(
  m: Autoencoder,
  options: { eps?: Float32Array; objective: ObjectiveOptions; epoch: Partial<FusedEpochOptions> },
) {
  await selectBackend("wasm");
  const data = headRows(digits, 10);
  const x = tf.tensor2d(data.x, [10, 64]);
  const eps = options.eps ? tf.tensor2d(options.eps, [10, options.eps.length / 10]) : undefined;
  const o = () => objective(m, { x, ...(eps ? { eps } : {}) }, options.objective);
  const { value, grads } = tf.variableGrads(() => o().loss, m.variables);
  const want = await Promise.all(m.variables.map((v) => grads[v.name].data()));
  const terms = tf.tidy(() => Object.entries(o().terms).map(([k, t]) => [k, t.dataSync()[0]]));
  const trainer = await createWasmTrainer(m, data, { batchSize: 10, threads: 1 });
  const order = Int32Array.from({ length: 10 }, (_, i) => i);
  const sums = await trainer.epoch(order, { batchSize: 10, lrAt: () => 1e-3, ...options.epoch });
  assertEquals(trainer.terms, terms.map(([k]) => k));
  const expected = [(await value.data())[0], ...terms.map(([, v]) => v as number)];
  assertLess(maxRelDiff(expected, sums), 1e-5, `${sums} vs ${expected}`);
  const got = await trainer.grads();
  want.forEach((w, i) => {
    const worst = maxRelDiff([...w], [...got[i]]);
    assertLess(worst, 1e-5, `variable ${i}: ${worst}`);
  });
  trainer.dispose();
  tf.dispose([x, value, ...Object.values(grads), ...(eps ? [eps] : [])]);
  disposeModel(m);
}

Deno.test("train() fused engine matches the graph engine for vae (KL warm-up, beta 0.5)", () =>
  assertFusedMatchesGraph({
    features: [64, 32, 2],
    spec: { kind: "vae", inputScale: 16 },
    train: { beta: 0.5, klWarmup: 3, epochs: 4 },
  }));

Deno.test("FusedTrainer.grads() for vae equals tfjs autodiff's gradients of recon + beta · KL", () => {
  const eps = normals(10, 3, { seed: 1, epoch: 0, step: 0 });
  return assertGradsMatchAutodiff(
    createAutoencoder([64, 12, 3], { seed: 2, kind: "vae", inputScale: 16 }),
    { eps, objective: { beta: 0.7 }, epoch: { epsAt: () => eps, beta: 0.7 } },
  );
});

for (const [topk, l1] of [[16, 0], [0, 0.1], [5, 0.05]] as const) {
  Deno.test(`train() fused engine matches the graph engine for sae (top-k ${topk}, L1 ${l1})`, () =>
    assertFusedMatchesGraph({
      features: [64, 256],
      spec: { kind: "sae", topk },
      train: { l1, epochs: 3 },
    }));
}

Deno.test("FusedTrainer.grads() for sae equals tfjs autodiff's gradients of MSE + L1 (top-k 5)", () =>
  assertGradsMatchAutodiff(createAutoencoder([64, 24], { seed: 2, kind: "sae", topk: 5 }), {
    objective: { l1: 0.3 },
    epoch: { l1: 0.3 },
  }));

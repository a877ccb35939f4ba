// WebGPU is proven here on Mesa's software adapter (llvmpipe): the same model trained a
// few steps on webgpu and on the CPU backend must agree, and WebGPU validation errors,
// which tfjs swallows, must surface as failures.

import * as tf from "@tensorflow/tfjs";
import { assertEquals, assertLess, assertMatch, assertThrows } from "@std/assert";
import { describeAdapter, parityError, selectBackend } from "../../lib/engine/backend.ts";
import { floatDataset, headRows, loadDataset } from "../../lib/data/load.ts";
import {
  createAutoencoder,
  disposeModel,
  type ModelKind,
  modelValues,
} from "../../lib/model/autoencoder.ts";
import type { EngineName } from "../../lib/engine/fused/choice.ts";
import { train } from "../../lib/engine/train.ts";
import { PERMS } from "../cli.ts";

const adapter = await describeAdapter();
if (adapter === null && Deno.env.get("AE_REQUIRE_WEBGPU")) {
  throw new Error("AE_REQUIRE_WEBGPU is set but navigator.gpu found no adapter (install Mesa)");
}
const gpu = { ignore: adapter === null, sanitizeResources: false, sanitizeOps: false };
const digits = floatDataset(await loadDataset("data/digits.csv"));
const small = headRows(digits, 256);

/** Trains 2 epochs (8 steps) from seed 7 and returns losses and weights. */
async function trainOn(
  backend: "cpu" | "wasm" | "webgpu",
  kind: ModelKind = "ae",
  engine: EngineName = "auto",
) {
  const choice = await selectBackend(backend);
  const features = kind === "sae" ? [64, 256] : [64, 128, 128, 2];
  const m = createAutoencoder(features, { seed: 7, kind, topk: 16, inputScale: 16 });
  const { history: h } = await train(m, small, {
    epochs: 2,
    batchSize: 64,
    lr: 1e-3,
    seed: 7,
    noise: { kind: "gaussian", amount: 6 },
    checkDevice: choice.check,
    engine,
  });
  const w = await modelValues(m);
  disposeModel(m);
  return { losses: h.map((e) => e.loss), w: w.flatMap(({ w, b }) => [...w, ...b]) };
}

function maxAbsDiff(a: number[], b: number[]): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

Deno.test("parityError() passes on the cpu and wasm backends", async () => {
  for (const b of ["cpu", "wasm"] as const) {
    await selectBackend(b);
    assertEquals(await parityError(), null, b);
  }
});

Deno.test("wasm and cpu backends train to the same numbers (tolerance 1e-5)", async () => {
  const [cpu, wasm] = [await trainOn("cpu"), await trainOn("wasm")];
  assertLess(maxAbsDiff(cpu.losses, wasm.losses), 1e-5 * cpu.losses[0], "largest loss difference");
  assertLess(maxAbsDiff(cpu.w, wasm.w), 1e-5, "largest weight difference");
});

Deno.test({
  name:
    "webgpu trains to the CPU's numbers: 8 steps, losses within 1e-4 relative, weights within 1e-4",
  ...gpu,
  fn: async () => {
    const [cpu, webgpu] = [await trainOn("cpu"), await trainOn("webgpu")];
    const lossDiff = maxAbsDiff(cpu.losses, webgpu.losses) / cpu.losses[0];
    const wDiff = maxAbsDiff(cpu.w, webgpu.w);
    assertLess(lossDiff, 1e-4, "loss relative difference");
    assertLess(wDiff, 1e-4, "largest weight difference");
    assertLess(webgpu.losses[1], webgpu.losses[0], "the second epoch's loss");
  },
});

for (
  const [kind, engine] of [["ae", "graph"], ["vae"], ["dae"], ["dae", "graph"], ["sae"]] as const
) {
  Deno.test({
    name: `webgpu trains --model ${kind}${
      engine ? ` --engine ${engine}` : ""
    } to the CPU's numbers (8 steps, 1e-4)`,
    ...gpu,
    fn: async () => {
      const cpu = await trainOn("cpu", kind);
      const webgpu = await trainOn("webgpu", kind, engine);
      const lossDiff = maxAbsDiff(cpu.losses, webgpu.losses) / Math.abs(cpu.losses[0]);
      const wDiff = maxAbsDiff(cpu.w, webgpu.w);
      assertLess(lossDiff, 1e-4, "loss relative difference");
      assertLess(wDiff, 1e-4, "largest weight difference");
      assertLess(webgpu.losses[1], webgpu.losses[0], "the second epoch's loss");
    },
  });
}

Deno.test({
  name: "selectBackend('webgpu') turns a swallowed WebGPU validation error into a thrown Error",
  ...gpu,
  fn: async () => {
    const choice = await selectBackend("webgpu");
    assertEquals(choice.backend, "webgpu");
    choice.check(); // nothing reported yet
    const device = (tf.backend() as unknown as { device: GPUDevice }).device;
    // tf.addN over n tensors binds n + 1 storage buffers (n inputs, one output). With n set to
    // the device's own limit the shader is invalid on every device, and tfjs silently returns
    // garbage. Our listener (registered by selectBackend, so before this one) must catch it.
    const n = device.limits.maxStorageBuffersPerShaderStage;
    const reported = new Promise<string>((resolve) =>
      device.addEventListener(
        "uncapturederror",
        (e) => resolve((e as GPUUncapturedErrorEvent).error.message),
        { once: true },
      )
    );
    const parts = Array.from({ length: n }, (_, i) => tf.fill([4], i));
    const sum = tf.addN(parts);
    await sum.data();
    const message = await reported; // the device's own error event: no timer to race
    assertMatch(message, /storage ?buffers?/i, `n = ${n}`);
    assertThrows(() => choice.check(), Error, "WebGPU reported");
    choice.check(); // errors are reported once
    tf.dispose([...parts, sum]);
    await selectBackend("cpu");
  },
});

Deno.test("selectBackend('cpu') and ('wasm') never ask navigator.gpu for an adapter", async () => {
  // A probe starts a graphics driver that must be torn down at exit (on Mesa's EGL that
  // teardown has aborted test processes); a CPU run has no reason to start one.
  const gpu = (globalThis.navigator as Navigator).gpu;
  const original = gpu.requestAdapter;
  let calls = 0;
  gpu.requestAdapter = (...args) => (calls++, original.apply(gpu, args));
  try {
    for (const b of ["cpu", "wasm"] as const) {
      const choice = await selectBackend(b);
      assertEquals([choice.backend, choice.adapter, calls], [b, null, 0]);
    }
  } finally {
    gpu.requestAdapter = original;
  }
});

Deno.test("train prints no driver lines of Mesa's on stderr (XDG_RUNTIME_DIR unset)", async () => {
  const env = Deno.env.toObject();
  delete env.XDG_RUNTIME_DIR;
  const tmp = await Deno.makeTempDir();
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...PERMS, "main.ts", "train", "--data", "data/wine.csv", "--hidden", "4"]
        .concat(["--epochs", "1", "--out", tmp]),
      env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    // Only the run's own guardrail lines (this 1-epoch model is worse than PCA) may appear.
    const lines = new TextDecoder().decode(out.stderr).split("\n")
      .filter((l) => l !== "" && !l.startsWith("warning: "));
    assertEquals([out.code, lines], [0, []]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("selectBackend('auto') skips a software adapter and says why", {
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const choice = await selectBackend("auto");
  if (adapter === null || adapter.software) {
    assertEquals(choice.backend, "wasm");
    assertEquals(
      choice.reason,
      adapter ? "the WebGPU adapter is a software renderer" : "no WebGPU adapter",
    );
  } else {
    assertEquals(choice.backend, "webgpu");
  }
  assertEquals(choice.adapter, adapter?.text ?? null);
});

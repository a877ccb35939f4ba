// Which engine trains: chooseEngine()'s pick and reason for each model and backend, the sizes
// beyond which a run does not fit (gpuTooBig, wasmTooBig) and the WebGPU self-check.

import { assertEquals, assertMatch, assertStrictEquals, assertThrows } from "@std/assert";
import { selectBackend } from "../../../lib/engine/backend.ts";
import { ConfigError } from "../../../lib/errors.ts";
import { chooseEngine } from "../../../lib/engine/fused/choice.ts";
import { gpuSelfCheck } from "../../../lib/engine/fused/self_check.ts";
import { gpuTooBig } from "../../../lib/engine/fused/webgpu.ts";
import { wasmTooBig } from "../../../lib/engine/fused/wasm.ts";
import { createAutoencoder, disposeModel } from "../../../lib/model/autoencoder.ts";
import { gpu, small } from "./_fused_cases.ts";

// chooseEngine()'s test builds models on whichever backend tfjs holds, and none is ready until
// one is selected (tfjs would pick webgpu, not yet initialised): start this module on wasm.
await selectBackend("wasm");

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

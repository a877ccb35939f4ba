// The fused step against the tfjs graph engine on wasm (losses to 1e-5, weights to 1e-6), and
// on webgpu against the fused wasm step: the shared cases, random shapes, and vae and sae
// (KL warm-up, top-k, L1) with their loss terms.

import { assertEquals, assertLess } from "@std/assert";
import { rng } from "../../../lib/model/random.ts";
import { cases, gpu, maxRelDiff, small, table, trainWith } from "./_fused_cases.ts";

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

Deno.test("train() fused engine matches the graph engine for vae (KL warm-up, beta 0.5)", () =>
  assertFusedMatchesGraph({
    features: [64, 32, 2],
    spec: { kind: "vae", inputScale: 16 },
    train: { beta: 0.5, klWarmup: 3, epochs: 4 },
  }));

for (const [topk, l1] of [[16, 0], [0, 0.1], [5, 0.05]] as const) {
  Deno.test(`train() fused engine matches the graph engine for sae (top-k ${topk}, L1 ${l1})`, () =>
    assertFusedMatchesGraph({
      features: [64, 256],
      spec: { kind: "sae", topk },
      train: { l1, epochs: 3 },
    }));
}

// Where an epoch of the fused MLP step goes: `deno run -A tools/mlp_profile.ts
// [onednn|openblas|exact]` trains the bench's Fashion-MNIST vae (784→512→2, batch 256, all 60,000 images, one thread) for
// one epoch of the step and Adam alone, timing every kernel call and product; prints the shares
// and the epoch's product FLOPs (docs/speed.md).

import { selectBackend } from "../lib/engine/backend.ts";
import { FASHION_TRAIN, WORKLOADS } from "../lib/engine/bench_plan.ts";
import { systemBlas } from "../lib/engine/fused/blas.ts";
import { wasmMemory } from "../lib/engine/fused/_wasm_memory.ts";
import { adamStep, aeStep } from "../lib/engine/fused/_wasm_step.ts";
import { loadDataset } from "../lib/data/load.ts";
import { applyScaling, fitScaling } from "../lib/data/scale.ts";
import { createAutoencoder } from "../lib/model/autoencoder.ts";
import { rng } from "../lib/model/random.ts";

await selectBackend("wasm");
const { features, batchSize, spec } = WORKLOADS["fashion-vae"];
const all = await loadDataset(FASHION_TRAIN);
const x = applyScaling(all.x, fitScaling(all.x, { columns: all.columns, kind: "range" }));
const data = { ...all, x, labels: null };
const library = ({ onednn: "onednn", openblas: "openblas" } as const)[Deno.args[0]] ?? "auto";
const blas = Deno.args[0] === "exact" ? undefined : systemBlas(library).blas ?? undefined;
const model = createAutoencoder(features, { ...spec, seed: 34 });
const s = await wasmMemory(model, data, { batchSize, threads: 1, blas });
const times = new Map<string, number>();
const time = (key: string, t: number) =>
  times.set(key, (times.get(key) ?? 0) + performance.now() - t);
const k = { ...s.k } as Record<string, unknown>;
for (const [name, f] of Object.entries(s.k)) {
  if (typeof f !== "function") continue;
  k[name] = (...a: never[]) => {
    const t = performance.now(), r = (f as (...a: never[]) => unknown)(...a);
    time(name, t);
    return r;
  };
}
s.k = k as unknown as typeof s.k;
const product = s.product;
let flops = 0;
s.product = (a, b, c, dims) => {
  const t = performance.now();
  product(a, b, c, dims);
  time(
    `product ${dims.m}x${dims.k}x${dims.n}${dims.transA ? " Aᵀ" : ""}${dims.transB ? " Bᵀ" : ""}`,
    t,
  );
  flops += 2 * dims.m * dims.k * dims.n;
};
const r = rng(34, 7), order = Int32Array.from({ length: data.rows }, (_, i) => i);
const eps = Float32Array.from({ length: batchSize * 2 }, () => r.normal());
const t0 = performance.now();
for (let i = 0, t = 1; i < data.rows; i += batchSize, t++) {
  const rows = order.subarray(i, Math.min(i + batchSize, data.rows));
  let t1 = performance.now();
  aeStep(s, rows, { eps });
  time("step, outside kernels and products", t1);
  t1 = performance.now();
  adamStep(s, t, 1e-3);
  time("adam (whole call)", t1);
}
const epoch = performance.now() - t0;
const inside = [...times].filter(([key]) => !key.startsWith("step") && !key.startsWith("adam ("));
const kernels = inside.reduce((sum, [, v]) => sum + v, 0) - (times.get("adam") ?? 0);
times.set(
  "step, outside kernels and products",
  times.get("step, outside kernels and products")! - kernels,
);
console.log(
  `${blas?.name ?? "Wasm kernels"}, one thread; epoch ${epoch.toFixed(0)} ms; ${
    (flops / 1e9).toFixed(1)
  } GFLOP`,
);
for (const [key, ms] of [...times].sort((a, b) => b[1] - a[1])) {
  console.log(
    `${key.padEnd(36)} ${ms.toFixed(0).padStart(6)} ms ${(100 * ms / epoch).toFixed(0)}%`,
  );
}

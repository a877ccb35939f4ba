// Where an epoch of the fused conv step goes, and its physical limit (docs/speed.md):
// `deno run -A tools/conv_profile.ts [blas|onednn|openblas|exact]` (blas: oneDNN, else
// OpenBLAS) trains the bench's conv ae (Fashion-MNIST's first 2,000 images, channels 32,64,
// latent 16, batch 64, one thread) for two epochs, times every kernel call of the second, and the
// largest product alone; prints the epoch's FLOPs.

import { selectBackend } from "../lib/engine/backend.ts";
import { FASHION_TRAIN, WORKLOADS } from "../lib/engine/bench_plan.ts";
import { systemBlas } from "../lib/engine/fused/blas.ts";
import { convStepLayers } from "../lib/engine/fused/conv_layout.ts";
import { convMemory } from "../lib/engine/fused/_conv_memory.ts";
import { convAdam, convStep } from "../lib/engine/fused/_conv_step.ts";
import { loadDataset } from "../lib/data/load.ts";
import { applyScaling, fitScaling } from "../lib/data/scale.ts";
import { createAutoencoder } from "../lib/model/autoencoder.ts";

await selectBackend("wasm");
const { features, batchSize, spec, rows } = WORKLOADS["fashion-conv"];
const all = await loadDataset(FASHION_TRAIN);
const raw = all.x.subarray(0, rows! * all.columns);
const x = applyScaling(raw, fitScaling(raw, { columns: all.columns, kind: "range" }));
const data = { ...all, rows: rows!, x, labels: null };
const library = ({ onednn: "onednn", openblas: "openblas" } as const)[Deno.args[0]] ?? "auto";
const blas = Deno.args[0] === "exact" ? undefined : systemBlas(library).blas ?? undefined;
const model = createAutoencoder(features, { ...spec, seed: 34 });
const s = await convMemory(model, data, { batchSize, threads: 1, blas });
const times = new Map<string, number>();
const timed = <T extends object>(obj: T, label: (name: string, a: never[]) => string): T => {
  const out = { ...obj } as Record<string, unknown>;
  for (const [name, f] of Object.entries(obj)) {
    if (typeof f !== "function") continue;
    out[name] = (...a: never[]) => {
      const t = performance.now(), r = f(...a), key = label(name, a);
      times.set(key, (times.get(key) ?? 0) + performance.now() - t);
      return r;
    };
  }
  return out as T;
};
s.k = timed(s.k, (name) => name);
s.c = timed(s.c, (name, a) => name.includes("2") ? `${name} ${a[3]}x${a[4]}x${a[5]}` : name);
const dims = (d: { m: number; k: number; n: number; transA?: boolean; transB?: boolean }) =>
  `product ${d.m}x${d.k}x${d.n}${d.transA ? " Aᵀ" : ""}${d.transB ? " Bᵀ" : ""}`;
s.product = timed({ product: s.product }, (_, a) => dims(a[3] as never)).product;
const order = Int32Array.from({ length: data.rows }, (_, i) => i);
let t = 0, ms = 0;
for (let epoch = 0; epoch < 2; epoch++) {
  times.clear();
  const t0 = performance.now();
  for (let b = 0; b * batchSize < data.rows; b++) {
    convStep(s, order.subarray(b * batchSize, (b + 1) * batchSize));
    convAdam(s, ++t, 1e-3);
  }
  ms = performance.now() - t0;
}
let flops = 0;
for (let r0 = 0; r0 < data.rows; r0 += batchSize) {
  const m = Math.min(batchSize, data.rows - r0);
  convStepLayers(model).forEach((l, i) => {
    flops += 2 * m * l.rows * l.k * l.n * (i === 0 ? 2 : 3); // forward, dW, dX (not the first)
  });
}
const big = convStepLayers(model)[1]!, lay = s.lay, reps = 20; // the 32 → 64 conv
const shape = { m: batchSize * big.rows, k: big.k, n: big.n };
const t1 = performance.now();
for (let r = 0; r < reps; r++) s.product(lay.patches[1]!, lay.P + big.wAt, lay.acts[1]!, shape);
const rate = (2 * shape.m * shape.k * shape.n * reps) / ((performance.now() - t1) / 1000) / 1e9;
console.log(`products by ${blas ? blas.name : "the Wasm SIMD kernels"}, one thread`);
console.log(`epoch (2nd): ${ms.toFixed(0)} ms; ${(flops / 1e9).toFixed(2)} GFLOP`);
console.log(
  `${dims(shape)} alone: ${rate.toFixed(1)} GFLOP/s; limit ${(flops / rate / 1e9).toFixed(2)} s`,
);
const total = [...times.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...times].sort((a, b) => b[1] - a[1]).slice(0, 16)) {
  console.log(`${k.padEnd(32)} ${v.toFixed(1).padStart(7)} ms ${(100 * v / total).toFixed(0)}%`);
}

// Run by tests/engine/fused/fused_products_test.ts with few permissions: trains one epoch of a
// model whose products are large enough for threads; prints how many threads the fused step
// used and why OpenBLAS may not be used.

import * as tf from "@tensorflow/tfjs";
import type { FloatDataset } from "../../../lib/data/load.ts";
import { openBlas } from "../../../lib/engine/fused/blas.ts";
import { createWasmTrainer } from "../../../lib/engine/fused/wasm.ts";
import { createAutoencoder } from "../../../lib/model/autoencoder.ts";

await tf.setBackend("cpu");
const [rows, columns] = [128, 256];
const x = Float32Array.from({ length: rows * columns }, (_, i) => (i % 13) / 13);
const data = { x, rows, columns, imageShape: null, labels: null, source: "child" } as FloatDataset;
const model = createAutoencoder([columns, 128, 8], { seed: 1 });
const trainer = await createWasmTrainer(model, data, { batchSize: 64, threads: 2 });
const order = Int32Array.from({ length: rows }, (_, i) => i);
const [loss] = await trainer.epoch(order, { batchSize: 64, lrAt: () => 1e-3 });
const blas = openBlas().why;
console.log(JSON.stringify({ threads: trainer.threads, finite: Number.isFinite(loss), blas }));
trainer.dispose();

// Progress text: the status line numbers epochs from 0 as the notebook's log does, early
// stopping says where it stopped and which epoch it kept, the load line gives rows and the share
// read (or bytes, size unknown), and the summary names constant columns.

import { assertEquals } from "@std/assert";
import {
  earlyStopLine,
  loadLine,
  notebookLine,
  phaseLine,
  statusLine,
  summaryLines,
} from "../../lib/cli/progress.ts";

const info = (epoch: number) => ({ epoch, loss: 1.5, terms: {}, steps: 10, liveTensors: 0 });

Deno.test("the status line and the log number the same epoch the same way", () => {
  for (const epoch of [0, 10, 49]) {
    const log = notebookLine(info(epoch), 50)!;
    const status = statusLine(info(epoch), { epochs: 50, seconds: 1 });
    assertEquals(/\[Epoch (\d+)\]/.exec(log)![1], String(epoch));
    assertEquals(/^epoch (\d+)\/49 /.exec(status)?.[1], String(epoch), status);
  }
});

Deno.test("earlyStopLine says where training stopped and which epoch's weights it kept", () => {
  const epochs = Array.from(
    { length: 8 },
    (_, e) => ({ epoch: e, loss: 9 - e, val_loss: e === 4 ? 0.5 : 1 }),
  );
  assertEquals(
    earlyStopLine({ bestEpoch: 4, stoppedEarly: true, epochs }, { patience: 3 }),
    "[Epoch 7] early stopping: no better validation loss for 3 epochs; kept the weights of epoch 4 (validation loss 0.500)",
  );
  assertEquals(
    earlyStopLine({
      bestEpoch: 7,
      stoppedEarly: false,
      epochs: epochs.map(({ epoch, loss }) => ({ epoch, loss })),
    }, { patience: 3 }),
    "early stopping did not trigger; kept the weights of epoch 7 (training loss 2.000)",
  );
  assertEquals(
    earlyStopLine({ bestEpoch: null, stoppedEarly: false, epochs }, { patience: 0 }),
    null,
  );
});

/** run.json of a 3-column table trained on wasm (fused), with these parts. */
function runJson<T extends object, M extends Record<string, number>>(training: T, metrics: M) {
  return {
    config: {},
    seed: 34,
    backend: "wasm",
    backend_reason: "",
    engine: "fused",
    adapter: null,
    versions: {},
    data: { path: "d.csv", sha256: "", rows: 10, columns: 3 },
    training,
    epochs: [{ epoch: 0, loss: 2 }, { epoch: 1, loss: 1 }, { epoch: 2, loss: 1.5 }],
    metrics,
    timing: { train: 3.14 },
  };
}

Deno.test("summaryLines: constant columns, early stopping, dead ReLU outputs, and the MSE beside PCA in both units", () => {
  const manifest = runJson(
    { best_epoch: 1, stopped_early: true, dead_outputs: ["b"], constant_columns: ["c"] },
    {
      reconstruction_mse: 216.797,
      pca_mse: 233.249,
      scaled_reconstruction_mse: 0.41287,
      scaled_pca_mse: 0.45803,
    },
  );
  assertEquals(summaryLines(manifest, { earlyStop: 1, scale: "standard" }), [
    "note: 1 of 3 columns is constant (c); it scales to 0 and carries nothing to learn",
    "[Epoch 2] early stopping: no better training loss for 1 epochs; kept the weights of epoch 1 (training loss 1.000)",
    "reconstruction MSE 0.413 (PCA baseline 0.458) in standard-scaled units, 216.8 (PCA 233.2) in the data's; trained in 3.1 s on wasm (fused)",
  ]);
  const blas = { ...manifest, engine_reason: "Wasm SIMD kernels, products by OpenBLAS (Haswell)" };
  assertEquals(
    summaryLines(blas, { earlyStop: 0, scale: "standard" }).at(-1),
    "reconstruction MSE 0.413 (PCA baseline 0.458) in standard-scaled units, 216.8 (PCA 233.2) in the data's; trained in 3.1 s on wasm (fused, products by OpenBLAS; --exact for the Wasm kernels' machine-independent bits)",
  );
  // With --val-split the held-out pair comes first.
  const held = {
    ...manifest,
    metrics: {
      scaled_val_mse: 0.5,
      scaled_val_pca_mse: 0.6,
      val_mse: 300,
      val_pca_mse: 310,
      ...manifest.metrics,
    },
  };
  assertEquals(
    summaryLines(held, { earlyStop: 0, scale: "standard" }).at(-1),
    "held-out MSE 0.500 (PCA baseline 0.600) in standard-scaled units, 300.0 (PCA 310.0) in the data's; all rows: reconstruction MSE 0.413 (PCA baseline 0.458) in standard-scaled units, 216.8 (PCA 233.2) in the data's; trained in 3.1 s on wasm (fused)",
  );
});

Deno.test("summaryLines: a map's neighbourhood metrics beside PCA's, held-out rows first", () => {
  const manifest = runJson({}, {
    reconstruction_mse: 4.6,
    pca_mse: 13.4,
    trustworthiness_5: 0.9861,
    pca_trustworthiness_5: 0.8304,
    knn5_accuracy: 0.9889,
    pca_knn5_accuracy: 0.6243,
  });
  const config = { earlyStop: 0, scale: "range" };
  assertEquals(
    summaryLines(manifest, config).at(-2),
    "map of the training rows: trustworthiness-5 0.986 (PCA 0.830), kNN-5 accuracy 0.989 (PCA 0.624)",
  );
  const { knn5_accuracy: _k, pca_knn5_accuracy: _p, ...unlabelled } = manifest.metrics;
  const held = { ...unlabelled, val_trustworthiness_5: 0.968, val_pca_trustworthiness_5: 0.8 };
  assertEquals(
    summaryLines({ ...manifest, metrics: held }, config).at(-2),
    "map of the held-out rows: trustworthiness-5 0.968 (PCA 0.800); training rows: trustworthiness-5 0.986 (PCA 0.830)",
  );
  const ae = { reconstruction_mse: 4.6, pca_mse: 13.4 };
  assertEquals(summaryLines({ ...manifest, metrics: ae }, config).length, 1, "no map line");
});

Deno.test("summaryLines lists up to 8 constant columns and says how many", () => {
  const names = Array.from({ length: 10 }, (_, j) => `p${j}`);
  const manifest = {
    ...runJson({ constant_columns: names }, { reconstruction_mse: 1, pca_mse: 2 }),
    data: { path: "d.npy", sha256: "", rows: 5, columns: 64 },
  };
  assertEquals(
    summaryLines(manifest, { earlyStop: 0, scale: "standard" })[0],
    "note: 10 of 64 columns are constant (p0, p1, p2, p3, p4, p5, p6, p7, …); they scale to 0 " +
      "and carry nothing to learn",
  );
});

Deno.test("loadLine: rows read and the share of the file, or bytes where the size is unknown", () => {
  assertEquals(
    loadLine("x.npy", { rows: 12000, bytes: 430, totalBytes: 1000 }),
    "loading x.npy: 12,000 rows, 43%",
  );
  assertEquals(
    loadLine("/dev/fd/63", { rows: 5, bytes: 65536, totalBytes: 0 }),
    "loading /dev/fd/63: 5 rows, 65,536 bytes",
  );
});

Deno.test("phaseLine: the share done and, from 1% on, the time left at the rate so far", () => {
  assertEquals(phaseLine("kNN graph", 0.004, { seconds: 1 }), "kNN graph: 0%");
  assertEquals(phaseLine("kNN graph", 0.25, { seconds: 10 }), "kNN graph: 25%  ETA 30s");
  assertEquals(phaseLine("kNN graph", 0.5, { seconds: 100 }), "kNN graph: 50%  ETA 1m40s");
  assertEquals(phaseLine("kNN graph", 1, { seconds: 100 }), "kNN graph: 100%");
});

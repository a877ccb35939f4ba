// What `deno task bench` runs and writes, apart from the clock and the processes: the
// workloads, which backends run each (--backends, --large-backends or the machine's
// defaults), the child's reading of its job, a result's table line, and bench.svg's bars.

import { ConfigError } from "../errors.ts";
import { barSvg } from "../render/svg.ts";
import type { BlasLibrary, BlasMode } from "../config.ts";
import type { EngineName } from "./fused/choice.ts";
import type { ModelSpec } from "../model/autoencoder.ts";

/** Where Debian's dataset-fashion-mnist puts the training images the image workloads use. */
export const FASHION_TRAIN = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

/** One workload: model, epochs, batch size and data (Fashion-MNIST: its first `rows` images). */
export interface Workload {
  features: number[];
  epochs: number;
  batchSize: number;
  /** The model besides its widths (vae, conv). @default an ae with the notebook's output ReLU */
  spec?: ModelSpec;
  /** Fashion-MNIST's first `rows` training images, pixels scaled to [0, 1]. @default undefined */
  rows?: number;
  /** pumap: trained on the edges of the rows' kNN graph (built before the clock starts) with
   * train's pumap defaults (DEFAULTS' neighbours, min_dist, recon weight; PUMAP_TRAINING's noise). */
  edges?: boolean;
}

/**
 * The workloads: the notebook's; a larger synthetic one; on Fashion-MNIST the tfjs-examples
 * MLP VAE (784→512→2, batch 256, all 60,000 images), the conv ae at latent 16 (channels 32,
 * 64, batch 64) on the first 2,000 images, and pumap with train's defaults (256,256,256, 512
 * edges a step, mask noise) on all 60,000, one epoch each.
 */
export const WORKLOADS: Record<
  "notebook" | "large" | "fashion-vae" | "fashion-conv" | "fashion-pumap",
  Workload
> = {
  notebook: { features: [64, 128, 128, 2], epochs: 50, batchSize: 64 },
  large: { features: [784, 512, 256, 32], epochs: 1, batchSize: 256 },
  "fashion-vae": {
    features: [784, 512, 2],
    epochs: 1,
    batchSize: 256,
    spec: { kind: "vae", output: "sigmoid" },
    rows: 60000,
  },
  "fashion-conv": {
    features: [784, 16],
    epochs: 1,
    batchSize: 64,
    spec: { arch: "conv", channels: [32, 64], imageShape: [28, 28, 1] },
    rows: 2000,
  },
  "fashion-pumap": {
    features: [784, 256, 256, 256, 2],
    epochs: 2, // the second epoch's Adam state is what a long run steps through (no longer fresh)
    batchSize: 512,
    spec: { kind: "pumap" },
    rows: 60000,
    edges: true,
  },
};

/** A workload's name. */
export type WorkloadName = keyof typeof WORKLOADS;

/**
 * What --backends accepts: wasm and webgpu train as `deno task train` does by default (the
 * fused step; on wasm its large products by a BLAS where one loads: oneDNN, else OpenBLAS),
 * *-graph with tfjs ops, wasm-exact with the Wasm SIMD kernels only (--exact), wasm-blas with a
 * BLAS always (--blas), wasm-openblas as wasm with OpenBLAS (--blas-library openblas).
 */
export const BENCH_BACKENDS = [
  "cpu",
  "wasm",
  "wasm-graph",
  "wasm-exact",
  "wasm-blas",
  "wasm-openblas",
  "webgpu",
  "webgpu-graph",
];

/** A GPU adapter as describeAdapter() tells it. */
export type Adapter = { text: string; software: boolean } | null;

/**
 * The [workload, backend] jobs in order: the notebook's on `flags.backends`, the large one on
 * `flags.large`, the Fashion-MNIST vae, conv ae and pumap on `flags.images` (each a comma-separated
 * list; `none` skips the image workloads); unknown names are a ConfigError (field `backends`).
 *
 * @param flags.backends @default every backend this machine has (webgpu-graph only on hardware)
 * @param flags.large @default "wasm-graph,wasm-exact" plus wasm where a BLAS loads, and
 * wasm-openblas where oneDNN (wasm's) and OpenBLAS both load
 * @param flags.images @default "wasm-exact" plus the same as large; none without Fashion-MNIST
 * @param machine.blas Whether a BLAS loads.
 * @param machine.both Whether oneDNN and OpenBLAS both load. @default false
 * @param machine.fashion Whether Fashion-MNIST is installed.
 */
export function benchPlan(
  flags: { backends?: string; large?: string; images?: string },
  machine: { adapter: Adapter; blas: boolean; both?: boolean; fashion?: boolean },
): [WorkloadName, string][] {
  const { adapter } = machine, blas = machine.blas ? ["wasm-blas"] : [];
  const auto = [...machine.blas ? ["wasm"] : [], ...machine.both ? ["wasm-openblas"] : []];
  const images = flags.images ?? (machine.fashion ? ["wasm-exact", ...auto].join(",") : "none");
  const backends = (flags.backends ?? [
    "cpu",
    "wasm-graph",
    "wasm",
    ...blas,
    ...(adapter ? ["webgpu"] : []),
    ...(adapter && !adapter.software ? ["webgpu-graph"] : []), // ~200 s on a software adapter
  ].join(",")).split(",");
  const large = (flags.large ?? ["wasm-graph", "wasm-exact", ...auto].join(",")).split(",");
  const vae = images === "none" ? [] : images.split(",");
  for (const name of [...backends, ...large, ...vae]) {
    if (!BENCH_BACKENDS.includes(name)) {
      throw new ConfigError(
        "backends",
        (n) => `${n("backends")} expects ${BENCH_BACKENDS.join(", ")}, got '${name}'`,
        { value: name },
      );
    }
  }
  return [
    ...backends.map((b) => ["notebook", b] as [WorkloadName, string]),
    ...large.map((b) => ["large", b] as [WorkloadName, string]),
    ...vae.map((b) => ["fashion-vae", b] as [WorkloadName, string]),
    ...vae.map((b) => ["fashion-conv", b] as [WorkloadName, string]),
    ...vae.map((b) => ["fashion-pumap", b] as [WorkloadName, string]),
  ];
}

/** A child's job `workload:backend` as its backend, engine, BLAS mode and library. */
export function benchJob(spec: string): {
  workload: WorkloadName;
  backend: "cpu" | "wasm" | "webgpu";
  engine: EngineName;
  blas: BlasMode;
  blasLibrary: BlasLibrary;
} {
  const [workload, name] = spec.split(":") as [WorkloadName, string];
  const [backend, engine] = name.endsWith("-graph")
    ? [name.slice(0, -6), "graph"] as const
    : [name.replace(/-(blas|exact|openblas)$/, ""), "auto"] as const;
  return {
    workload,
    backend: backend as "cpu" | "wasm" | "webgpu",
    engine,
    blas: name.endsWith("-blas") ? "on" : name.endsWith("-exact") ? "off" : "auto",
    blasLibrary: name.endsWith("-openblas") ? "openblas" : "auto",
  };
}

/** One result's line of the printed table (the training's CPU seconds where measured). */
export function benchLine(
  job: [string, string],
  res: Record<string, unknown> & {
    train_s?: number;
    train_cpu_s?: number;
    epoch_s?: number;
    epoch_cpu_s?: number;
    steps_per_s?: number;
  },
  processSeconds: number,
): string {
  const [workload, backend] = job;
  const cpu = (s?: number) => Number.isFinite(s) ? ` (CPU ${s!.toFixed(2)} s)` : "";
  const epoch = Number.isFinite(res.epoch_s)
    ? `  ${res.epoch_s!.toFixed(2)} s an epoch${cpu(res.epoch_cpu_s)}`
    : "";
  return `${workload.padEnd(12)} ${backend.padEnd(13)} ${res.steps} steps  ${
    res.train_s?.toFixed(2)
  } s train${cpu(res.train_cpu_s)}${epoch}  ${res.steps_per_s?.toFixed(0)} steps/s  ${
    processSeconds.toFixed(2)
  } s process  peak ${res.peak_mb} MB  tensors ${
    JSON.stringify([...new Set(res.live_tensors as unknown[])])
  }  (${res.engine_reason})`;
}

/** bench.svg: the notebook workload's steps per second, one bar per backend. */
export function benchSvg(rows: Record<string, unknown>[], adapter: Adapter): string {
  const bars = rows.filter((r) => r.workload === "notebook").map((r) => ({
    label: r.backend === "webgpu" && adapter
      ? `webgpu ${r.engine} (${adapter.software ? "software" : "hardware"})`
      : r.spec === "wasm-blas"
      ? "wasm fused + BLAS"
      : r.spec === "wasm-openblas"
      ? "wasm fused + OpenBLAS"
      : r.backend === "wasm"
      ? `wasm ${r.engine}`
      : String(r.backend),
    value: Number(r.steps_per_s),
  }));
  return barSvg(bars, {
    title: "Notebook workload: training steps per second",
    xLabel: "backend",
    yLabel: "steps / s",
  });
}

// What `deno task bench` runs and writes, apart from the clock and the processes: the
// workloads, which backends run each (--backends, --large-backends or the machine's
// defaults), the child's reading of its job, a result's table line, and bench.svg's bars.

import { UsageError } from "../errors.ts";
import { barSvg } from "../render/svg.ts";
import type { EngineName } from "./fused/choice.ts";

/** The two workloads: the notebook's and a larger one. */
export const WORKLOADS = {
  notebook: { features: [64, 128, 128, 2], epochs: 50, batchSize: 64 },
  large: { features: [784, 512, 256, 32], epochs: 1, batchSize: 256 },
};

/** A workload's name. */
export type WorkloadName = keyof typeof WORKLOADS;

/**
 * What --backends accepts: wasm and webgpu train with the fused step, *-graph with tfjs ops,
 * wasm-blas with the fused step's products by OpenBLAS (--blas).
 */
export const BENCH_BACKENDS = ["cpu", "wasm", "wasm-graph", "wasm-blas", "webgpu", "webgpu-graph"];

/** A GPU adapter as describeAdapter() tells it. */
export type Adapter = { text: string; software: boolean } | null;

/**
 * The [workload, backend] jobs in order: the notebook's on `flags.backends`, the large one on
 * `flags.large`, each a comma-separated list; unknown names are a UsageError.
 *
 * @param flags.backends @default every backend this machine has (webgpu-graph only on hardware)
 * @param flags.large @default "wasm-graph,wasm" plus wasm-blas where OpenBLAS loads
 * @param machine.blas Whether OpenBLAS loads.
 */
export function benchPlan(
  flags: { backends?: string; large?: string },
  machine: { adapter: Adapter; blas: boolean },
): [WorkloadName, string][] {
  const { adapter } = machine, blas = machine.blas ? ["wasm-blas"] : [];
  const backends = (flags.backends ?? [
    "cpu",
    "wasm-graph",
    "wasm",
    ...blas,
    ...(adapter ? ["webgpu"] : []),
    ...(adapter && !adapter.software ? ["webgpu-graph"] : []), // ~200 s on a software adapter
  ].join(",")).split(",");
  const large = (flags.large ?? ["wasm-graph", "wasm", ...blas].join(",")).split(",");
  for (const name of [...backends, ...large]) {
    if (!BENCH_BACKENDS.includes(name)) {
      throw new UsageError(`--backends expects ${BENCH_BACKENDS.join(", ")}, got '${name}'`);
    }
  }
  return [
    ...backends.map((b) => ["notebook", b] as [WorkloadName, string]),
    ...large.map((b) => ["large", b] as [WorkloadName, string]),
  ];
}

/** A child's job `workload:backend` as its backend, engine and BLAS switch. */
export function benchJob(spec: string): {
  workload: WorkloadName;
  backend: "cpu" | "wasm" | "webgpu";
  engine: EngineName;
  blas: boolean;
} {
  const [workload, name] = spec.split(":") as [WorkloadName, string];
  const [backend, engine] = name.endsWith("-graph")
    ? [name.slice(0, -6), "graph"] as const
    : [name.replace(/-blas$/, ""), "auto"] as const;
  return {
    workload,
    backend: backend as "cpu" | "wasm" | "webgpu",
    engine,
    blas: name.endsWith("-blas"),
  };
}

/** One result's line of the printed table. */
export function benchLine(
  job: [string, string],
  res: Record<string, unknown> & { train_s?: number; steps_per_s?: number },
  processSeconds: number,
): string {
  const [workload, backend] = job;
  return `${workload.padEnd(9)} ${backend.padEnd(10)} ${res.steps} steps  ${
    res.train_s?.toFixed(2)
  } s train  ${res.steps_per_s?.toFixed(0)} steps/s  ${
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

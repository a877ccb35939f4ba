// `deno task bench`: times the notebook's workload and a larger one on every available
// backend, each in its own process (whole-process seconds, peak memory), plus
// `deno task train` end to end and the PyTorch reference where python3-torch exists.
// Writes out/bench/bench.json and bench.svg and prints a table.

import { describeAdapter, selectBackend } from "../lib/engine/backend.ts";
import { openBlas } from "../lib/engine/fused/blas.ts";
import { UsageError } from "../lib/errors.ts";
import { benchWorkload, syntheticImages } from "../lib/engine/bench.ts";
import { loadDataset } from "../lib/data/load.ts";
import { intFlag, parseFlags } from "../lib/cli/flags.ts";
import { barSvg } from "../lib/render/svg.ts";
import { writeFolder } from "../lib/run/folder.ts";

const WORKLOADS = {
  notebook: { features: [64, 128, 128, 2], epochs: 50, batchSize: 64 },
  large: { features: [784, 512, 256, 32], epochs: 1, batchSize: 256 },
};

/**
 * What --backends accepts: wasm and webgpu train with the fused step, *-graph with tfjs ops,
 * wasm-blas with the fused step's products by OpenBLAS (--blas).
 */
const BENCH_BACKENDS = ["cpu", "wasm", "wasm-graph", "wasm-blas", "webgpu", "webgpu-graph"];

/** Runs the bench task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const flags = parseFlags(args, {
    strings: ["child", "backends", "large-backends", "out", "threads"],
  });
  if (flags.help) {
    return console.log(
      "Usage: deno task bench [--backends cpu,wasm,wasm-graph,wasm-blas,webgpu,webgpu-graph]\n" +
        "                       [--large-backends wasm,wasm-graph,wasm-blas] [--threads N] [--out out]\n" +
        "  wasm and webgpu train with the fused step (the default engine), *-graph with tfjs ops,\n" +
        "  wasm-blas with the fused step's products by OpenBLAS (train --blas);\n" +
        "  --threads: CPU threads of the fused step (default 0 = one per core).",
    );
  }
  const threads = flags.threads === undefined ? 0 : intFlag("threads", String(flags.threads), 0);
  if (flags.child) return await child(String(flags.child), threads);
  const adapter = await describeAdapter();
  const blas = openBlas().blas ? ["wasm-blas"] : [];
  const backends = String(
    flags.backends ?? [
      "cpu",
      "wasm-graph",
      "wasm",
      ...blas,
      ...(adapter ? ["webgpu"] : []),
      ...(adapter && !adapter.software ? ["webgpu-graph"] : []), // ~200 s on a software adapter
    ].join(","),
  ).split(",");
  const large = String(flags["large-backends"] ?? ["wasm-graph", "wasm", ...blas].join(","))
    .split(",");
  for (const name of [...backends, ...large]) {
    if (!BENCH_BACKENDS.includes(name)) {
      throw new UsageError(`--backends expects ${BENCH_BACKENDS.join(", ")}, got '${name}'`);
    }
  }
  const rows: Record<string, unknown>[] = [];
  const jobs = [...backends.map((b) => ["notebook", b]), ...large.map((b) => ["large", b])];
  for (const [workload, backend] of jobs) {
    const r = await timed([
      "run",
      "-A",
      "main.ts",
      "bench",
      "--child",
      `${workload}:${backend}`,
      "--threads",
      String(threads),
    ]);
    const res = {
      ...JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}"),
      spec: backend,
      process_s: r.seconds,
    };
    rows.push(res);
    console.log(
      `${workload.padEnd(9)} ${backend.padEnd(10)} ${res.steps} steps  ${
        res.train_s?.toFixed(2)
      } s train  ${res.steps_per_s?.toFixed(0)} steps/s  ${
        r.seconds.toFixed(2)
      } s process  peak ${res.peak_mb} MB  tensors ${
        JSON.stringify([...new Set(res.live_tensors)])
      }  (${res.engine_reason})`,
    );
  }
  const tmp = await Deno.makeTempDir();
  const e2e = await timed([
    "run",
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "main.ts",
    "train",
    "--out",
    tmp,
  ]);
  console.log(`deno task train (defaults, all outputs): ${e2e.seconds.toFixed(2)} s whole process`);
  const torch = await timed(
    ["/usr/bin/python3", "tools/torch_reference.py", "--full-seeds", "34"],
    true,
  ).catch(() => null);
  if (torch) {
    console.log(
      `PyTorch reference (python process, seed 34): ${torch.seconds.toFixed(2)} s; ratio ${
        (e2e.seconds / torch.seconds).toFixed(2)
      }`,
    );
  }
  const torchLarge: Record<string, number> = {};
  for (const threads of [1, 2]) {
    const r = await timed(
      ["/usr/bin/python3", "tools/torch_reference.py", "--large", "--threads", String(threads)],
      true,
    ).catch(() => null);
    const s = r ? Number(/one epoch ([\d.]+) s/.exec(r.stdout)?.[1]) : NaN;
    if (s) torchLarge[threads] = s;
    if (s) console.log(`PyTorch large workload, ${threads} thread(s): ${s.toFixed(2)} s per epoch`);
  }
  const bench = {
    adapter: adapter?.text ?? null,
    runs: rows,
    train_process_s: e2e.seconds,
    torch_process_s: torch?.seconds ?? null,
    torch_large_epoch_s: torchLarge,
  };
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
  const dir = await writeFolder(String(flags.out ?? "out"), "bench", {
    files: new Map([["bench.json", JSON.stringify(bench, null, 2) + "\n"], [
      "bench.svg",
      barSvg(bars, {
        title: "Notebook workload: training steps per second",
        xLabel: "backend",
        yLabel: "steps / s",
      }),
    ]]),
    marker: "bench.json",
  });
  console.log(`wrote ${dir}/`);
}

async function child(spec: string, threads: number): Promise<void> {
  const [workload, name] = spec.split(":") as [keyof typeof WORKLOADS, string];
  const [backend, engine] = name.endsWith("-graph")
    ? [name.slice(0, -6), "graph"] as const
    : [name.replace(/-blas$/, ""), "auto"] as const;
  await selectBackend(backend as "cpu" | "wasm" | "webgpu");
  const data = workload === "notebook"
    ? await loadDataset("data/digits.csv")
    : syntheticImages(70000, { side: 28, seed: 1 });
  const r = await benchWorkload(data, {
    name: workload,
    ...WORKLOADS[workload],
    engine,
    blas: name.endsWith("-blas"),
    threads,
    clock: () => performance.now() / 1000,
  });
  const hwm = /VmHWM:\s+(\d+) kB/.exec(
    await Deno.readTextFile("/proc/self/status").catch(() => ""),
  );
  console.log(JSON.stringify({ ...r, peak_mb: hwm ? Math.round(Number(hwm[1]) / 1024) : null }));
}

async function timed(
  cmd: string[],
  external = false,
): Promise<{ seconds: number; stdout: string }> {
  const t = performance.now();
  const out = await new Deno.Command(external ? cmd[0] : Deno.execPath(), {
    args: external ? cmd.slice(1) : cmd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `${cmd.join(" ")} failed: ${new TextDecoder().decode(out.stderr).trim().split("\n").at(-1)}`,
    );
  }
  return { seconds: (performance.now() - t) / 1000, stdout: new TextDecoder().decode(out.stdout) };
}

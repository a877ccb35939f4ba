// `deno task bench`: times the notebook's workload and a larger one on every available
// backend, each in its own process (whole-process seconds, peak memory), plus
// `deno task train` end to end and the PyTorch reference where python3-torch exists.
// Writes out/bench/bench.json and bench.svg and prints a table.

import { describeAdapter, selectBackend } from "../lib/engine/backend.ts";
import { systemBlas } from "../lib/engine/fused/blas.ts";
import { benchWorkload, syntheticImages } from "../lib/engine/bench.ts";
import {
  type Adapter,
  benchJob,
  benchLine,
  benchPlan,
  benchSvg,
  FASHION_TRAIN,
  WORKLOADS,
} from "../lib/engine/bench_plan.ts";
import { applyScaling, fitScaling } from "../lib/data/scale.ts";
import { floatDataset, loadDataset } from "../lib/data/load.ts";
import { intFlag, parseFlags } from "../lib/cli/flags.ts";
import { neighbourGraph } from "../lib/eval/fuzzy_graph.ts";
import { graphBlas } from "../lib/eval/knn_graph.ts";
import { DEFAULTS } from "../lib/config.ts";
import { writeFolder } from "../lib/run/folder.ts";

const USAGE =
  "Usage: deno task bench [--backends cpu,wasm,wasm-graph,wasm-exact,wasm-blas,wasm-openblas,\n" +
  "                                   webgpu,webgpu-graph]\n" +
  "                       [--large-backends wasm,wasm-graph,wasm-exact,wasm-blas,wasm-openblas]\n" +
  "                       [--image-backends wasm,wasm-exact,wasm-openblas|none] [--threads N]\n" +
  "                       [--out out]\n" +
  "  wasm and webgpu train as `deno task train` does by default (the fused step; on wasm its\n" +
  "  large products by oneDNN, else OpenBLAS, where one loads), *-graph with tfjs ops,\n" +
  "  wasm-exact with the Wasm SIMD kernels only (train --exact), wasm-blas with a BLAS always\n" +
  "  (train --blas), wasm-openblas with OpenBLAS (train --blas-library openblas);\n" +
  "  --image-backends: the Fashion-MNIST MLP vae's, conv ae's and pumap's (with train's\n" +
  "  defaults, its kNN graph built before the clock), where dataset-fashion-mnist is installed;\n" +
  "  --threads: CPU threads of the fused step and of PyTorch's references (default 0 = one\n" +
  "  per core).";

/** Runs the bench task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const flags = parseFlags(args, {
    strings: ["child", "backends", "large-backends", "image-backends", "out", "threads"],
  });
  if (flags.help) return console.log(USAGE);
  const threads = flags.threads === undefined ? 0 : intFlag("threads", String(flags.threads), 0);
  if (flags.child) return await child(String(flags.child), threads);
  const adapter = await describeAdapter();
  const text = (v: unknown) => v === undefined ? undefined : String(v);
  const fashion = await Deno.stat(FASHION_TRAIN).then(() => true, () => false);
  const jobs = benchPlan(
    {
      backends: text(flags.backends),
      large: text(flags["large-backends"]),
      images: text(flags["image-backends"]),
    },
    {
      adapter,
      blas: systemBlas().blas !== null,
      both: systemBlas("onednn").blas !== null && systemBlas("openblas").blas !== null,
      fashion,
    },
  );
  const rows = await runJobs(jobs, threads);
  const references = await timeReferences({
    threads: threads || navigator.hardwareConcurrency || 1,
    images: jobs.some(([w]) => w.startsWith("fashion")),
  });
  const bench = { adapter: adapter?.text ?? null, runs: rows, ...references };
  await writeBench(String(flags.out ?? "out"), bench, adapter);
}

/** Runs each job in its own process; prints and returns its result with the process time. */
async function runJobs(jobs: [string, string][], threads: number) {
  const rows: Record<string, unknown>[] = [];
  for (const [workload, backend] of jobs) {
    const spec = `${workload}:${backend}`;
    const r = await timed([
      "run",
      "-A",
      "main.ts",
      "bench",
      "--child",
      spec,
      "--threads",
      String(threads),
    ]);
    const res = {
      ...JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}"),
      spec: backend,
      process_s: r.seconds,
    };
    rows.push(res);
    console.log(benchLine([workload, backend], res, r.seconds));
  }
  return rows;
}

/**
 * Times `deno task train` end to end and, where python3-torch exists, the PyTorch references:
 * the notebook's process, the large workload on one and two threads, and the Fashion-MNIST
 * models' first epoch on `threads` threads.
 */
async function timeReferences(o: { threads: number; images: boolean }) {
  const tmp = await Deno.makeTempDir();
  const e2e = await timed(
    ["run", "--allow-read", "--allow-write", "--allow-env", "main.ts", "train", "--out", tmp],
  );
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
  const torchImages: Record<string, number> = {}, torchImageCpu: Record<string, number> = {};
  for (const [name, model, batch] of o.images ? IMAGE_REFERENCES : []) {
    const { rows } = WORKLOADS[name];
    const r = await timed([
      "/usr/bin/python3",
      "tools/torch_reference.py",
      ...["--fashion", model, "--epochs", "1", "--batch", String(batch)],
      ...["--rows", String(rows), "--threads", String(o.threads), "--no-test"],
    ], true).catch(() => null);
    const m = r ? /epoch 0: ([\d.]+) s(?: \(CPU ([\d.]+) s\))?/.exec(r.stdout) : null;
    const [s, cpu] = [Number(m?.[1]), Number(m?.[2])];
    if (!s) continue;
    torchImages[name] = s;
    if (cpu) torchImageCpu[name] = cpu;
    console.log(
      `PyTorch ${name}, ${o.threads} thread(s): ${s.toFixed(2)} s per epoch` +
        (cpu ? ` (CPU ${cpu.toFixed(2)} s)` : ""),
    );
  }
  return {
    train_process_s: e2e.seconds,
    torch_process_s: torch?.seconds ?? null,
    torch_large_epoch_s: torchLarge,
    torch_threads: o.threads,
    torch_image_epoch_s: torchImages,
    torch_image_epoch_cpu_s: torchImageCpu,
  };
}

/** The image workloads' PyTorch models (tools/torch_reference.py --fashion) and batch sizes. */
const IMAGE_REFERENCES = [["fashion-vae", "vae", 256], ["fashion-conv", "conv16", 64]] as const;

/** Writes bench.json and bench.svg into `out`/bench. */
async function writeBench(
  out: string,
  bench: { runs: Record<string, unknown>[] },
  adapter: Adapter,
) {
  const dir = await writeFolder(out, "bench", {
    files: new Map([
      ["bench.json", JSON.stringify(bench, null, 2) + "\n"],
      ["bench.svg", benchSvg(bench.runs, adapter)],
    ]),
    marker: "bench.json",
  });
  console.log(`wrote ${dir}/`);
}

/** The child process: one workload on one backend; prints its result as JSON. */
async function child(spec: string, threads: number): Promise<void> {
  const { workload, backend, engine, blas, blasLibrary } = benchJob(spec);
  await selectBackend(backend);
  const { rows, edges, ...work } = WORKLOADS[workload];
  const data = workload === "notebook"
    ? floatDataset(await loadDataset("data/digits.csv"))
    : rows
    ? await fashionRows(rows)
    : syntheticImages(70000, { side: 28, seed: 1 });
  const r = await benchWorkload(data, {
    name: workload,
    ...work,
    engine,
    blas,
    blasLibrary,
    threads,
    graphOf: edges
      ? (d) =>
        neighbourGraph(d.x, {
          rows: d.rows,
          cols: d.columns,
          nNeighbors: DEFAULTS.neighbors,
          seed: 34,
          blas: graphBlas({ library: blasLibrary }),
        })
      : undefined,
    clock: () => performance.now() / 1000,
    cpuClock: processCpuSeconds,
  });
  const hwm = /VmHWM:\s+(\d+) kB/.exec(
    await Deno.readTextFile("/proc/self/status").catch(() => ""),
  );
  console.log(JSON.stringify({ ...r, peak_mb: hwm ? Math.round(Number(hwm[1]) / 1024) : null }));
}

/** Fashion-MNIST's first `rows` training images, pixels scaled to [0, 1] as --scale range does. */
async function fashionRows(rows: number) {
  const all = await loadDataset(FASHION_TRAIN);
  const data = { ...all, rows, labels: all.labels?.subarray(0, rows) ?? null };
  const x = all.x.subarray(0, rows * all.columns);
  return { ...data, x: applyScaling(x, fitScaling(x, { columns: all.columns, kind: "range" })) };
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

/** This process's CPU seconds (user + system, /proc/self/stat), or NaN where that is unreadable. */
function processCpuSeconds(): number {
  try {
    const f = Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

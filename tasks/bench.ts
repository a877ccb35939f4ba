// `deno task bench`: times the notebook's workload and a larger one on every available
// backend, each in its own process (whole-process seconds, peak memory), plus
// `deno task train` end to end and the PyTorch reference where python3-torch exists.
// Writes out/bench/bench.json and bench.svg and prints a table.

import { describeAdapter, selectBackend } from "../lib/engine/backend.ts";
import { openBlas } from "../lib/engine/fused/blas.ts";
import { benchWorkload, syntheticImages } from "../lib/engine/bench.ts";
import {
  type Adapter,
  benchJob,
  benchLine,
  benchPlan,
  benchSvg,
  WORKLOADS,
} from "../lib/engine/bench_plan.ts";
import { floatDataset, loadDataset } from "../lib/data/load.ts";
import { intFlag, parseFlags } from "../lib/cli/flags.ts";
import { writeFolder } from "../lib/run/folder.ts";

const USAGE =
  "Usage: deno task bench [--backends cpu,wasm,wasm-graph,wasm-blas,webgpu,webgpu-graph]\n" +
  "                       [--large-backends wasm,wasm-graph,wasm-blas] [--threads N] [--out out]\n" +
  "  wasm and webgpu train with the fused step (the default engine), *-graph with tfjs ops,\n" +
  "  wasm-blas with the fused step's products by OpenBLAS (train --blas);\n" +
  "  --threads: CPU threads of the fused step (default 0 = one per core).";

/** Runs the bench task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const flags = parseFlags(args, {
    strings: ["child", "backends", "large-backends", "out", "threads"],
  });
  if (flags.help) return console.log(USAGE);
  const threads = flags.threads === undefined ? 0 : intFlag("threads", String(flags.threads), 0);
  if (flags.child) return await child(String(flags.child), threads);
  const adapter = await describeAdapter();
  const text = (v: unknown) => v === undefined ? undefined : String(v);
  const jobs = benchPlan(
    { backends: text(flags.backends), large: text(flags["large-backends"]) },
    { adapter, blas: openBlas().blas !== null },
  );
  const rows = await runJobs(jobs, threads);
  const references = await timeReferences();
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

/** Times `deno task train` end to end and, where python3-torch exists, the PyTorch reference. */
async function timeReferences() {
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
  return {
    train_process_s: e2e.seconds,
    torch_process_s: torch?.seconds ?? null,
    torch_large_epoch_s: torchLarge,
  };
}

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
  const { workload, backend, engine, blas } = benchJob(spec);
  await selectBackend(backend);
  const data = workload === "notebook"
    ? floatDataset(await loadDataset("data/digits.csv"))
    : syntheticImages(70000, { side: 28, seed: 1 });
  const r = await benchWorkload(data, {
    name: workload,
    ...WORKLOADS[workload],
    engine,
    blas,
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

// Where a training run's time goes, phase by phase: runs trainRun() with `train`'s flags and prints,
// at each phase change (`onProgress`; "figures" also at each quarter), the wall seconds, this
// process's CPU seconds (/proc/self/stat: on a shared machine the wall clock counts others' work),
// the load average and the resident memory; then writes the run folder (`--force` semantics).
// Run: deno run -A tools/phase_timing.ts --data FILE --model vae --hidden 512 … --out DIR

import { trainSpecsFromArgs } from "../lib/cli/config_args.ts";
import { trainRun } from "../lib/run/train_run.ts";
import { writeRunFolder } from "../lib/run/folder.ts";

const { specs } = trainSpecsFromArgs(Deno.args);
const cpu = () => {
  const f = Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
};
const t0 = performance.now();
let last = "start", lt = t0, lc = cpu();
const mark = (next: string) => {
  const now = performance.now(), c = cpu();
  const rss = (Deno.memoryUsage().rss / 1e6).toFixed(0);
  console.log(
    `${last.padEnd(32)} wall ${((now - lt) / 1000).toFixed(2)} s  cpu ${(c - lc).toFixed(2)} s  ` +
      `load ${Deno.loadavg()[0].toFixed(1)}  rss ${rss} MB`,
  );
  [last, lt, lc] = [next, now, c];
};
const run = await trainRun(specs, {
  clock: () => performance.now() / 1000,
  onStart: () => mark("train"),
  onProgress: (step, f) => {
    const key = step === "figures" ? `${step} ${f}` : step;
    if (key !== last) mark(key);
  },
});
mark("write folder");
await writeRunFolder(specs.run.out, run.name, { ...run, force: true });
mark("end");
await Deno.remove(run.checkpoint).catch(() => {});
console.log(`total ${((performance.now() - t0) / 1000).toFixed(2)} s`);

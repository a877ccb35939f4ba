// The machine's single-precision GEMM rate through the BLAS the fused step uses: the vae's five
// products per step (784→512 at batch 256, plain and transposed) and the evaluation pass's
// 1,024-row product, each timed over a CPU second of repeats, on one thread (`--threads N`).
// Run: deno run -A tools/gemm_rate.ts [--threads N] [--library auto|onednn|openblas];
// docs/speed.md divides FLOPs by these rates.

import type { BlasLibrary } from "../lib/config.ts";
import { systemBlas } from "../lib/engine/fused/blas.ts";

const arg = (flag: string) =>
  Deno.args.includes(flag) ? Deno.args[Deno.args.indexOf(flag) + 1] : undefined;
const threads = Number(arg("--threads") || 1) || 1;
const { blas, why } = systemBlas((arg("--library") ?? "auto") as BlasLibrary);
if (!blas) {
  console.error(why);
  Deno.exit(1);
}
blas.setThreads(threads);
const SHAPES = [
  { m: 256, k: 784, n: 512 }, // forward X·W1
  { m: 256, k: 512, n: 784 }, // forward H·W4
  { m: 512, k: 256, n: 784, transA: true }, // dW4 = Hᵀ·dL
  { m: 256, k: 784, n: 512, transB: true }, // dH = dL·W4ᵀ
  { m: 784, k: 256, n: 512, transA: true }, // dW1 = Xᵀ·dH
  { m: 1024, k: 784, n: 512 }, // evaluation, 1,024 rows
];
const ptr = Deno.UnsafePointer.of;
/** This process's CPU seconds (user + system): on a shared machine the wall clock counts others' work. */
const cpu = () => {
  const f = Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
};
console.log(
  `${blas.name}, ${threads} thread(s), OPENBLAS_CORETYPE=${
    Deno.env.get("OPENBLAS_CORETYPE") ?? "(unset)"
  }, load ${Deno.loadavg().map((v) => v.toFixed(2)).join(" ")}`,
);
for (const dims of SHAPES) {
  const a = new Float32Array(dims.m * dims.k).fill(0.5), b = new Float32Array(dims.k * dims.n);
  const c = new Float32Array(dims.m * dims.n);
  b.fill(0.25);
  const flops = 2 * dims.m * dims.k * dims.n;
  blas.sgemm(ptr(a), ptr(b), ptr(c), dims); // warm-up
  let reps = 0;
  const t0 = performance.now(), c0 = cpu();
  while (cpu() - c0 < 1) {
    blas.sgemm(ptr(a), ptr(b), ptr(c), dims);
    reps++;
  }
  const s = cpu() - c0, wall = (performance.now() - t0) / 1000;
  const name = `${dims.m}x${dims.k}x${dims.n}${dims.transA ? " Aᵀ" : ""}${
    dims.transB ? " Bᵀ" : ""
  }`;
  const rate = (sec: number) => (reps * flops / sec / 1e9).toFixed(1);
  console.log(`${name.padEnd(16)} ${rate(s)} GFLOP/s of CPU time (${rate(wall)} of wall time)`);
}

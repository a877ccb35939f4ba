// The live status line of sweep and repro (lib/cli/run_status.ts): it names the run and follows
// trainRun's hooks through loading, the kNN graph, the epochs and the phases after them.

import { assertEquals } from "@std/assert";
import { runStatus } from "../../lib/cli/run_status.ts";
import { statusWriter } from "../../lib/cli/progress.ts";

Deno.test("the status line names the run and follows loading, graph, epochs and phases", () => {
  const lines: string[] = [];
  let now = 100;
  const live = runStatus((t) => lines.push(t), { clock: () => now, data: "x.npy" });
  live.named("x-pumap-s34");
  live.onLoad({ rows: 1200, bytes: 50, totalBytes: 200 });
  live.onProgress("kNN graph", 0);
  now += 10;
  live.onProgress("kNN graph", 0.25);
  live.onStart({ epochs: 83 });
  now += 4;
  live.onEpoch({ epoch: 1, loss: 0.5, terms: {}, steps: 40, liveTensors: 0 });
  live.clear();
  live.named("x-pumap-s35");
  live.onProgress("figures", 1);
  assertEquals(lines, [
    "x-pumap-s34: loading x.npy: 1,200 rows, 25%",
    "x-pumap-s34: kNN graph: 0%",
    "x-pumap-s34: kNN graph: 25%  ETA 30s",
    "x-pumap-s34: epoch 1/82  loss 0.500  10 steps/s  ETA 2m42s",
    "",
    "x-pumap-s35: figures: 100%",
  ]);
});

Deno.test("on a stream that is no terminal the task's status line writes nothing", () => {
  let written = 0;
  const stream = { isTerminal: () => false, writeSync: (p: Uint8Array) => written += p.length };
  const live = runStatus(statusWriter(stream));
  live.named("r");
  live.onProgress("kNN graph", 0.5);
  assertEquals(written, 0);
});

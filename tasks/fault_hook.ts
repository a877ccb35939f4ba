// Test hook for fault injection: AE_TEST_FAULT=<point>:<n>:<action> acts at the n-th call
// of a named point (checkpoint-write: mid-file, checkpoint-rename: before the rename, and the
// same for output- and plot-; lock-create, folder-create, output-create, plot-create: before that
// file is created; after training, each progress phase: `phase-PCA baseline`, `phase-figures` …;
// graph-block: each progress report while pumap's kNN graph is built).
// kill: SIGKILL now; enospc: the write fails as on a full disk; erofs: as in a read-only folder
// (Deno's message, which names no path); sigint|sigterm: a real signal to this process, returning
// once it has been counted (synchronously). Unset: no hook at all.

import type { FaultHook } from "../lib/engine/checkpoint.ts";

/** The hook that `spec` (the env var's value) asks for, or undefined. */
export function faultHook(
  spec: string | undefined,
  options: { waitForSignal?: (ms: number) => void } = {},
): FaultHook | undefined {
  if (!spec) return undefined;
  const [point, nth, action] = spec.split(":");
  let calls = 0;
  return (at) => {
    if (at !== point || ++calls !== Number(nth)) return;
    if (action === "kill") Deno.kill(Deno.pid, "SIGKILL");
    if (action === "enospc") throw new Error("No space left on device (os error 28)");
    if (action === "erofs") throw new Error("Read-only file system (os error 30): tmpfile");
    if (action === "sigint" || action === "sigterm") {
      Deno.kill(Deno.pid, action === "sigint" ? "SIGINT" : "SIGTERM");
      options.waitForSignal?.(10_000);
    }
  };
}

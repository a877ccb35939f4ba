// The live status line of tasks that train many runs (sweep, repro): the run's name, then the
// data loading, its kNN graph (pumap), its epoch, loss and ETA, or its evaluation phase, as
// trainRun's hooks report them. The task passes the writer (statusWriter) and the clock.

import type { EpochInfo } from "../engine/train.ts";
import { loadLine, phaseLine, statusLine } from "./progress.ts";

/** trainRun's progress hooks (lib/run/train_run.ts RunHooks) that a status line follows. */
export interface RunStatusHooks {
  /** A run begins (trainRun's `prepare` hook passes its name). */
  named(name: string): void;
  /** The data streams in (the load's path was given to runStatus). */
  onLoad(p: { rows: number; bytes: number; totalBytes: number }): void;
  /** Training starts: `epochs` is the count it trains. */
  onStart(info: { epochs: number }): void;
  /** An epoch ended. */
  onEpoch(info: EpochInfo): void;
  /** A phase before or after the epochs (the kNN graph; figures, the page) reached `fraction`. */
  onProgress(step: string, fraction: number): void;
  /** Clears the line before a log line is printed. */
  clear(): void;
}

/**
 * Hooks that redraw one status line through `write` (statusWriter(Deno.stderr) in a task: silent
 * where stderr is no terminal), e.g. `digits-pumap-…-s34: kNN graph: 43%  ETA 1m05s`.
 *
 * @param options.clock Seconds from any origin (the task's clock). @default always 0
 * @param options.data The data file's path, for the loading line. @default "data"
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { runStatus } from "./run_status.ts";
 * const lines: string[] = [];
 * const live = runStatus((t) => lines.push(t));
 * live.named("digits-ae-s34");
 * live.onProgress("kNN graph", 0.5);
 * assertEquals(lines, ["digits-ae-s34: kNN graph: 50%  ETA 0s"]);
 * ```
 */
export function runStatus(
  write: (text: string) => void,
  options: { clock?: () => number; data?: string } = {},
): RunStatusHooks {
  const clock = options.clock ?? (() => 0);
  let name = "", epochs = 0, start = 0, step = "", stepStart = 0;
  const show = (text: string) => write(name ? `${name}: ${text}` : text);
  return {
    named: (n) => {
      name = n;
      step = "";
    },
    onLoad: (p) => show(loadLine(options.data ?? "data", p)),
    onStart: (info) => {
      epochs = info.epochs;
      start = clock();
    },
    onEpoch: (info) => show(statusLine(info, { epochs, seconds: clock() - start })),
    onProgress: (s, fraction) => {
      if (s !== step) [step, stepStart] = [s, clock()];
      show(phaseLine(s, fraction, { seconds: clock() - stepStart }));
    },
    clear: () => write(""),
  };
}

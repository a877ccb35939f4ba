// Ctrl-C and SIGTERM for the tasks: a Worker counts signals into shared memory (see
// _signal_worker.ts), so a stop is seen within a fraction of a second even inside long
// synchronous phases; the exit code follows the first signal (SIGINT 130, SIGTERM 143).

import { Interrupted } from "../lib/errors.ts";

/** Signals seen so far, readable from synchronous code. */
export interface SignalWatch {
  /** How many SIGINT/SIGTERM arrived. */
  count(): number;
  /** 130 after SIGINT, 143 after SIGTERM (the first signal decides), 0 before any. */
  exitCode(): number;
  /** Aborted at the first signal, once the main thread's event loop runs. */
  signal: AbortSignal;
  /** Throws Interrupted(epochs) once `at` signals have arrived. */
  check(at: number, epochs: number): void;
  /** Blocks until a signal has been counted (fault injection only), at most `ms`. */
  waitForSignal(ms: number): void;
  /** Stops listening (the worker ends, the process may exit). */
  close(): void;
}

/** Starts watching SIGINT and SIGTERM (until close()). */
export async function watchSignals(): Promise<SignalWatch> {
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  const stop = new AbortController();
  const worker = new Worker(new URL("./_signal_worker.ts", import.meta.url).href, {
    type: "module",
  });
  await new Promise<void>((ready) => {
    worker.onmessage = (e) => {
      if (e.data === "ready") return ready();
      stop.abort();
    };
    worker.postMessage(shared);
  });
  return {
    count: () => Atomics.load(state, 0),
    exitCode: () => Atomics.load(state, 1),
    signal: stop.signal,
    check(at, epochs) {
      if (Atomics.load(state, 0) >= at) throw new Interrupted(epochs);
    },
    waitForSignal(ms) {
      Atomics.wait(state, 0, 0, ms);
    },
    close: () => worker.terminate(),
  };
}

/**
 * What `signals` received so far mean at a check point: while epochs run (`training`), the first
 * signal asks to stop after the epoch ("notice" at a step, "stop" at the epoch's end) and a
 * second one stops at the next step; before and after training the first one stops at once.
 */
export function stopDecision(
  signals: number,
  options: { training: boolean; at: "epoch" | "step" | "phase" },
): "go" | "notice" | "stop" {
  if (signals === 0) return "go";
  return options.training && options.at === "step" && signals === 1 ? "notice" : "stop";
}

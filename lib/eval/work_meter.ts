// Long numeric loops (PCA's sums, products and eigensolvers) report to their caller: `checkStop`
// after every slice of about 2^21 multiply-adds (a few ms here), which throws to abort, and
// `onProgress` with the fraction done, never falling, 1 at the end. Counts work, never the clock.

/** Hooks a long computation calls; both optional, neither changes its result. */
export interface WorkHooks {
  /**
   * Called between slices of at most about 2^21 multiply-adds (a few milliseconds); throw from
   * it (e.g. an `Interrupted` error after Ctrl-C) to abort: the error propagates unchanged and
   * nothing the caller passed is modified. @default undefined
   */
  checkStop?: () => void;
  /** The fraction of the work done, in [0, 1], non-decreasing, ending at 1. @default undefined */
  onProgress?: (fraction: number) => void;
}

/** Multiply-adds between two checkStop calls (while the work keeps coming). */
const SLICE = 1 << 21;

/** Counts work toward an estimated total and calls the hooks every slice. */
export class Meter {
  #done = 0;
  #pending = 0;
  #shown = 0;
  #hooks: WorkHooks;
  #total: number;

  /**
   * @param hooks the caller's hooks (absent ones cost nothing).
   * @param total the work's estimated size in multiply-adds; progress stops at 0.99 until
   *   finish() should the estimate be short.
   */
  constructor(hooks: WorkHooks, total: number) {
    this.#hooks = hooks;
    this.#total = total;
  }

  /** `units` more multiply-adds done: after each slice, checkStop and the fraction. */
  add(units: number): void {
    this.#pending += units;
    if (this.#pending < SLICE) return;
    this.#done += this.#pending;
    this.#pending = 0;
    this.#hooks.checkStop?.();
    this.report(this.#done / this.#total);
  }

  /** Reports `fraction` (capped at 0.99) if it is more than the last one reported. */
  report(fraction: number): void {
    const f = Math.min(fraction, 0.99);
    if (!(f > this.#shown)) return;
    this.#shown = f;
    this.#hooks.onProgress?.(f);
  }

  /** The work is done: progress 1. */
  finish(): void {
    this.#shown = 1;
    this.#hooks.onProgress?.(1);
  }
}

/** The hooks of one stage that runs from `from` to `to` of its parent's progress. */
export function stageHooks(hooks: WorkHooks, range: { from: number; to: number }): WorkHooks {
  const p = hooks.onProgress, { from, to } = range;
  return {
    checkStop: hooks.checkStop,
    onProgress: p && ((f: number) => p(from + (to - from) * f)),
  };
}

// The two kinds of failure a user can fix: a wrong flag (UsageError, exit code 2)
// and a bad input file or run folder (DataError, exit code 1). Tasks print their
// message on one line; anything else is a bug or a failure and also exits 1.

/**
 * A command-line flag or option has a wrong name, type or value.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { UsageError } from "./mod.ts";
 * const err = new UsageError("--epochs must be a positive integer, got 'x'");
 * assertEquals([err.name, err instanceof Error], ["UsageError", true]);
 * ```
 */
export class UsageError extends Error {
  /**
   * A usage error, exit code 2.
   * @param message what was wrong and what was expected, naming the flag.
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * An input file or run folder cannot be used; the message names file, row and column.
 *
 * @example parseCsv throws one for a cell that is not a number
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { DataError, parseCsv } from "./mod.ts";
 * assertThrows(() => parseCsv("a,b\n1,x\n", { source: "t.csv" }), DataError, "t.csv");
 * ```
 */
export class DataError extends Error {
  /**
   * A data error, exit code 1.
   * @param message what was wrong, naming the file (and row/column where known).
   */
  constructor(message: string) {
    super(message);
    this.name = "DataError";
  }
}

/** Training was stopped on request (Ctrl-C, SIGTERM) at an epoch boundary. */
export class Interrupted extends Error {
  /** @param epochs epochs completed when training stopped. */
  constructor(readonly epochs: number) {
    super(`interrupted after epoch ${epochs}`);
    this.name = "Interrupted";
  }
}

/** `--resume` found no checkpoint because the run finished: its folder is whole, nothing to do. */
export class RunFinished extends Error {
  /**
   * @param dir the finished run's folder.
   * @param message what was found and what to do instead, for the user.
   */
  constructor(readonly dir: string, message: string) {
    super(message);
    this.name = "RunFinished";
  }
}

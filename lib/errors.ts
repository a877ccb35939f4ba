// The kinds of failure a user can fix: a wrong flag (UsageError, exit code 2), a wrong setting
// a script passed (ConfigError, naming the field; the command line maps it to its flag, exit 2)
// and a bad input file or run folder (DataError, exit code 1). Anything else exits 1.

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

/** How a message names a setting: the library shows the field, the command line its flag. */
export type NameOf = (field: string) => string;

/**
 * A setting a script passes (an option or parameter such as `seeds`, `valSplit`, `latent`) has a
 * wrong value. The message names the field; lib/cli/field_flags.ts re-renders it naming the flag.
 *
 * @example The message names the field; `say` renders it with other names (the CLI: its flag)
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { ConfigError } from "./mod.ts";
 * const e = new ConfigError("valSplit", (name) => `${name("valSplit")} must be below 1, got 2`, {
 *   value: 2,
 * });
 * assertEquals(e.message, "valSplit must be below 1, got 2");
 * assertEquals(e.say((f) => f.toUpperCase()), "VALSPLIT must be below 1, got 2");
 * ```
 */
export class ConfigError extends Error {
  /** The option or parameter at fault, as a script names it. */
  readonly field: string;
  /** The offending value, where one was given. */
  readonly value: unknown;
  /** The message, naming each setting through `name`. */
  readonly say: (name: NameOf) => string;
  /**
   * A wrong setting; the command line reports it as a UsageError naming the flag (exit code 2).
   * @param field the option or parameter at fault (`seeds`, `valSplit`).
   * @param say the message; it names each setting it mentions as `name(field)`.
   * @param options.value the offending value. @default undefined
   */
  constructor(field: string, say: (name: NameOf) => string, options: { value?: unknown } = {}) {
    super(say((f) => f));
    this.name = "ConfigError";
    this.field = field;
    this.value = options.value;
    this.say = say;
  }
}

/**
 * Runs `read` and turns a ConfigError into the UsageError the command line shows, each field
 * named `--field`: only for the readers lib/cli/train_flags.ts calls directly with a flag's name
 * (seedValue, checkResize), until that table maps fields itself (lib/cli/field_flags.ts).
 */
export function flagNamed<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.say((f) => `--${f}`));
    throw e;
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

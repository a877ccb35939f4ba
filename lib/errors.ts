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
 * An input file or run folder cannot be used; the message names file, row and column. Where it
 * also says which setting to change, it names the field through `name` (like ConfigError), so
 * the command line can name the flag instead.
 *
 * @example parseCsv throws one for a cell that is not a number
 * ```ts
 * import { assertThrows } from "@std/assert";
 * import { DataError, parseCsv } from "./mod.ts";
 * assertThrows(() => parseCsv("a,b\n1,x\n", { source: "t.csv" }), DataError, "t.csv");
 * ```
 *
 * @example A hint names a field: the library says `force`, the command line `--force`
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { DataError } from "./mod.ts";
 * const e = new DataError((name) => `out/a: holds another run; add ${name("force")}`);
 * assertEquals(e.message, "out/a: holds another run; add force");
 * assertEquals(e.say((f) => `--${f}`), "out/a: holds another run; add --force");
 * ```
 */
export class DataError extends Error {
  /** The message, naming each setting it mentions through `name`. */
  readonly say: (name: NameOf) => string;
  /**
   * A data error, exit code 1.
   * @param message what was wrong, naming the file (and row/column where known); a function of
   *   `name` where it names a setting to change (`name("force")`).
   */
  constructor(message: string | ((name: NameOf) => string)) {
    const say = typeof message === "string" ? () => message : message;
    super(say((f) => f));
    this.name = "DataError";
    this.say = say;
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
  /** The message, naming each setting it mentions through `name` (the command line: flags). */
  readonly say: (name: NameOf) => string;
  /**
   * @param dir the finished run's folder.
   * @param say what was found and what to do instead, for the user, naming settings by `name`.
   */
  constructor(readonly dir: string, say: (name: NameOf) => string) {
    super(say((f) => f));
    this.name = "RunFinished";
    this.say = say;
  }
}

// The flag readers' bridge to library parsers: a reader calls a parser with the flag's own name
// as the field (`seed`, `resize`), and a ConfigError it throws becomes the UsageError naming
// `--seed`. (Errors that reach main.ts are mapped by field_flags.ts's commandLineError.)

import { ConfigError, UsageError } from "../errors.ts";

/** Runs `read`; a ConfigError becomes the UsageError naming each field as `--field`. */
export function flagNamed<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.say((f) => `--${f}`));
    throw e;
  }
}

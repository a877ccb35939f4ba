// The command line's names for the settings library code names by field: one table, field →
// `--flag`, from train's flag table (each row's config key and flag) and detect's own keys, so
// that a library ConfigError (`seeds lists a seed twice`) prints as the flag (`--seeds …`), exit 2.

import { ConfigError, DataError, UsageError } from "../errors.ts";
import { TRAIN_FLAGS } from "./train_flags.ts";

/** Detect's options whose field differs from the flag (DetectOptions → lib/cli/detect_args.ts). */
const DETECT_FIELDS: Record<string, string> = { positiveLabels: "positive-label" };

/** Train's flag for a config key: the flag of that name if there is one (`--blas`, not the
 * `--exact` that also sets it), else the first row that sets it. */
function trainFlag(key: string): string {
  return (TRAIN_FLAGS.find((f) => f.key === key && f.flag === key) ??
    TRAIN_FLAGS.find((f) => f.key === key))!.flag;
}

/** Every field whose flag has another name: train's config keys, then detect's options. */
export const FIELD_FLAGS: Readonly<Record<string, string>> = Object.freeze({
  ...Object.fromEntries(
    [...new Set(TRAIN_FLAGS.map((f) => f.key as string))]
      .map((key) => [key, trainFlag(key)])
      .filter(([key, flag]) => key !== flag),
  ),
  ...DETECT_FIELDS,
});

/**
 * The flag that sets `field`, with its dashes: `valSplit` → `--val-split`. A field the table
 * does not hold is its flag's name in camelCase (`seeds`, `writeBaseline` → `--write-baseline`).
 */
export function flagOf(field: string): string {
  if (Object.hasOwn(FIELD_FLAGS, field)) return `--${FIELD_FLAGS[field]}`;
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`; // writeBaseline
}

/**
 * The error as the command line reports it: a ConfigError becomes the UsageError whose message
 * names each setting by its flag (exit 2), a DataError names them by flag too (exit 1); anything
 * else is returned as it is.
 */
export function commandLineError(e: unknown): unknown {
  if (!(e instanceof ConfigError || e instanceof DataError)) return e;
  const shown = e instanceof ConfigError
    ? new UsageError(e.say(flagOf))
    : new DataError(e.say(flagOf));
  shown.stack = e.stack; // AE_DEBUG shows where it was thrown
  return shown;
}

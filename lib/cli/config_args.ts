// The training configuration from the command line: each flag read by its row of the flag
// table (train_flags.ts), then the rules between flags. Unknown flags and wrong types are
// UsageErrors that name the flag and what was expected.

import { DEFAULTS, type TrainConfig } from "../config.ts";
import { defaultScale, resolveOutput } from "../model/config_model.ts";
import { kindsWhere, member, type MemberDefaults } from "../model/family.ts";
import { UsageError } from "../errors.ts";
import { blasMismatch } from "../engine/fused/blas.ts";
import { inputGiven, parseFlags } from "./flags.ts";
import { isCsvName } from "../data/formats.ts";
import { checkInputFlags } from "./input_flags.ts";
import { columnList, TRAIN_FLAGS, trainHelp } from "./train_flags.ts";
import { type RunSpecs, specsOf } from "../run/train_specs.ts";

/** sae's width when --hidden is not given: 4× overcomplete on the 64 digit pixels. */
const SAE_WIDTH = 256;

/**
 * Builds a TrainConfig from command-line args (`--epochs 10 …`) over the defaults: each flag is
 * read by its row of TRAIN_FLAGS, then the rules between flags are checked.
 *
 * @param options.exact Without --blas, multiply with the Wasm kernels (repro, quality: the
 * same bits on every machine) instead of `auto`. @default false
 * @param options.others The task's own flags, taken out of `args` before (repro's `--seeds`, …):
 * suggested for a mistyped flag besides train's. @default []
 *
 * @example What `deno task train --data data/wine.csv --epochs 3` resolves (scale, output)
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { trainConfigFromArgs, UsageError } from "../mod.ts";
 * const cfg = trainConfigFromArgs(["--data", "data/wine.csv", "--epochs", "3"]);
 * assertEquals([cfg.epochs, cfg.scale, cfg.output, cfg.imageShape], [3, "standard", "linear", null]);
 * assertThrows(() => trainConfigFromArgs(["--epochs", "x"]), UsageError);
 * ```
 */
export function trainConfigFromArgs(
  args: string[],
  options: { exact?: boolean; others?: string[] } = {},
): TrainConfig & { help: boolean } {
  const flags = parseFlags(args, {
    strings: TRAIN_FLAGS.filter((f) => f.read).map((f) => f.flag),
    booleans: TRAIN_FLAGS.filter((f) => !f.read).map((f) => f.flag),
    others: options.others,
  });
  const str = (k: string) => flags[k] as string | undefined;
  const cfg: TrainConfig = { ...DEFAULTS, hidden: [...DEFAULTS.hidden] };
  const set = cfg as unknown as Record<string, unknown>;
  for (const f of TRAIN_FLAGS) {
    if (f.read && str(f.flag) !== undefined) set[f.key] = f.read(f.flag, str(f.flag)!);
  }
  if (flags.blas && flags.exact) throw new UsageError("give --blas or --exact, not both");
  cfg.blas = flags.blas ? "on" : flags.exact ? "off" : options.exact ? "off" : "auto";
  if (flags.exact && str("blas-library") !== undefined) {
    throw new UsageError(
      "give --blas-library or --exact, not both (--exact multiplies without BLAS)",
    );
  }
  cfg.resume = flags.resume === true;
  checkEngineFlags(cfg);
  for (const f of TRAIN_FLAGS) {
    const models = [f.model ?? []].flat();
    if (models.length && str(f.flag) !== undefined && !models.includes(cfg.model)) {
      const named = models.join(" and ");
      throw new UsageError(`--${f.flag} applies to --model ${named}, not ${cfg.model}`);
    }
  }
  memberDefaults(cfg, { given: (flag) => flags[flag] !== undefined });
  if (str("topk") === undefined && cfg.l1 > 0) cfg.topk = 0; // --l1 alone: L1 instead of top-k
  if (member(cfg.model).widths === "width") {
    checkWidthFlags(cfg, { hidden: str("hidden"), latent: str("latent") });
  }
  readDataFlags(cfg, flags);
  checkArchFlags(cfg, { channels: str("channels") });
  if (cfg.name !== "" && !/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(cfg.name)) {
    throw new UsageError(
      `--name may hold letters, digits, '.', '_' and '-', not starting with '.', got '${cfg.name}'`,
    );
  }
  return { ...cfg, help: flags.help === true };
}

/**
 * The run's typed specs from command-line args (`{ data, model, train, runtime, run }`), read as
 * trainConfigFromArgs() reads them: `deno task train`'s entry.
 *
 * @param options Those of trainConfigFromArgs(). @default {}
 */
export function trainSpecsFromArgs(
  args: string[],
  options: { exact?: boolean; others?: string[] } = {},
): { specs: RunSpecs; help: boolean } {
  const { help, ...cfg } = trainConfigFromArgs(args, options);
  return { specs: specsOf(cfg), help };
}

/**
 * The member's data-aware defaults (its `defaults(kind)` in lib/model/<member>.ts) for every flag
 * not given. The kind: images for the bundled digits or with --image-shape, a table for any other
 * CSV; IDX, NumPy and PNG folders (whose kind is known only once loaded) take only the defaults
 * that are the same for both kinds (pumap's epochs, batch size, learning rate, schedule, widths).
 */
function memberDefaults(cfg: TrainConfig, options: { given: (flag: string) => boolean }): void {
  const image = options.given("image-shape") || cfg.data === DEFAULTS.data;
  const m = member(cfg.model);
  const { scale: _, ...own } = image || isCsvName(cfg.data)
    ? m.defaults(image ? "image" : "table")
    : sharedDefaults(m.defaults("image"), m.defaults("table"));
  const set = cfg as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(own)) {
    const row = TRAIN_FLAGS.find((f) => f.key === key);
    if (row && !options.given(row.flag)) set[key] = value;
  }
}

/** The settings two kinds' defaults agree on (scale left out). */
function sharedDefaults(a: MemberDefaults, b: MemberDefaults): Partial<MemberDefaults> {
  const same = (k: string) =>
    JSON.stringify((a as unknown as Record<string, unknown>)[k]) ===
      JSON.stringify((b as unknown as Record<string, unknown>)[k]);
  return Object.fromEntries(Object.entries(a).filter(([k]) => k !== "scale" && same(k)));
}

/** The backend, engine and --blas must go together. */
function checkEngineFlags(cfg: TrainConfig): void {
  if (
    cfg.engine === "fused" && !member(cfg.model).fused.webgpu && cfg.backend === "webgpu"
  ) {
    throw new UsageError(
      `--engine fused trains --model ${cfg.model} on the wasm backend, not webgpu`,
    );
  }
  const blasProblem = cfg.blas === "on" ? blasMismatch(cfg) : null;
  if (blasProblem) throw new UsageError(blasProblem);
  if (cfg.engine === "fused" && cfg.backend === "cpu") {
    throw new UsageError("--engine fused runs on the wasm and webgpu backends, not --backend cpu");
  }
}

/** sae (one wide layer): one hidden width (its codes), no --latent, top-k within the width. */
function checkWidthFlags(cfg: TrainConfig, given: { hidden?: string; latent?: string }): void {
  if (given.hidden === undefined) cfg.hidden = [SAE_WIDTH];
  if (cfg.hidden.length !== 1) {
    throw new UsageError(
      `--hidden for --model ${cfg.model} is one width such as 256, got '${given.hidden}'`,
    );
  }
  if (given.latent !== undefined) {
    throw new UsageError(
      `--latent does not apply to --model ${cfg.model}: its codes are --hidden wide`,
    );
  }
  if (cfg.topk > cfg.hidden[0]) {
    throw new UsageError(`--topk must be at most the width ${cfg.hidden[0]}, got ${cfg.topk}`);
  }
}

/** `--arch conv` (lib/model/conv.ts): ae, vae and dae (the fused step: ae, dae); --channels with it. */
function checkArchFlags(cfg: TrainConfig, given: { channels?: string }): void {
  if (given.channels !== undefined && cfg.arch !== "conv") {
    throw new UsageError("--channels applies to --arch conv");
  }
  if (cfg.arch === "conv" && !member(cfg.model).conv) {
    throw new UsageError(
      `--arch conv trains ${kindsWhere((m) => m.conv, "and")}; --model ${cfg.model} is an MLP`,
    );
  }
  if (cfg.arch === "conv" && cfg.engine === "fused" && !member(cfg.model).fused.conv) {
    throw new UsageError(
      `--engine fused with --arch conv trains ${
        kindsWhere((m) => m.conv && m.fused.conv, "and")
      }; ` +
        `--model ${cfg.model} trains with --engine graph`,
    );
  }
}

/** The data flags' rules: --header/--no-header, the image shape and scaling defaults. */
function readDataFlags(cfg: TrainConfig, flags: Record<string, string | boolean | undefined>) {
  if (flags.header && flags["no-header"]) {
    throw new UsageError("give --header or --no-header, not both");
  }
  checkInputFlags(cfg.data, inputGiven(flags));
  cfg.header = flags.header ? "yes" : flags["no-header"] ? "no" : "auto";
  if (flags["image-shape"] === undefined && cfg.data !== DEFAULTS.data) cfg.imageShape = null;
  if (flags.scale === undefined) {
    cfg.scale = !isCsvName(cfg.data) && !cfg.imageShape
      ? "auto" // IDX, NumPy, a PNG folder: images or a table, known once loaded
      : defaultScale(cfg.model, { image: cfg.imageShape !== null });
  }
  if (flags.output !== undefined && member(cfg.model).ownOutput !== null) {
    const free = kindsWhere((m) => m.ownOutput === null, "and");
    throw new UsageError(`--output applies to --model ${free}, not ${cfg.model}`);
  }
  cfg.output = resolveOutput(cfg);
}

/** Formats the flag help for `--help` (from TRAIN_FLAGS). */
export function helpText(usage: string, extra: readonly string[] = []): string {
  return trainHelp(usage, extra);
}

/** A comma-separated list of column names or indexes (`--columns a,b,3`); absent: []. */
export function listFlag(flag: string, value: string | undefined): string[] {
  return value === undefined ? [] : columnList(flag, value) as string[];
}

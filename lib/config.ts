// The one typed training configuration, its defaults (the notebook's settings),
// and the command-line parsing that fills it. Unknown flags and wrong types are
// UsageErrors that name the flag and what was expected.

import { parseArgs } from "@std/cli";
import { UsageError } from "./errors.ts";

/** Backends a run may ask for; `auto` picks WebGPU on real hardware, else WASM. */
export const BACKENDS = ["auto", "webgpu", "wasm", "cpu"] as const;
/** A backend name accepted by `--backend`. */
export type BackendName = typeof BACKENDS[number];

/** Everything that determines a training run. */
export interface TrainConfig {
  /** CSV file: numeric columns, optional header, optional `label`/`class` column. */
  data: string;
  /** Size of the latent code (the notebook: 2). */
  latent: number;
  /** Hidden layer widths of the encoder; the decoder mirrors them (notebook: 128,128). */
  hidden: number[];
  /** Passes over the data (notebook: 50). */
  epochs: number;
  /** Rows per optimiser step; the last batch of an epoch may be smaller (notebook: 64). */
  batchSize: number;
  /** Adam learning rate (notebook: 1e-3). */
  lr: number;
  /** Seed for initial weights and shuffle order (notebook: torch seed 34). */
  seed: number;
  /** Which tfjs backend trains. */
  backend: BackendName;
  /** Folder that receives run folders. */
  out: string;
  /** Run folder name; empty means derived from data, model and seed. */
  name: string;
}

/** The notebook's settings. */
export const DEFAULTS: Readonly<TrainConfig> = {
  data: "data/digits.csv",
  latent: 2,
  hidden: [128, 128],
  epochs: 50,
  batchSize: 64,
  lr: 1e-3,
  seed: 34,
  backend: "auto",
  out: "out",
  name: "",
};

/** Flag help, one line per flag, in the order `--help` prints them. */
export const FLAG_HELP: Record<string, string> = {
  data: `CSV file to train on (default ${DEFAULTS.data})`,
  latent: `latent size, 1 to columns-1 (default ${DEFAULTS.latent})`,
  hidden: `hidden widths, comma-separated (default ${DEFAULTS.hidden.join(",")})`,
  epochs: `passes over the data (default ${DEFAULTS.epochs})`,
  "batch-size": `rows per step (default ${DEFAULTS.batchSize})`,
  lr: `Adam learning rate (default ${DEFAULTS.lr})`,
  seed: `random seed for weights and data order (default ${DEFAULTS.seed})`,
  backend: `${BACKENDS.join("|")} (default ${DEFAULTS.backend})`,
  out: `folder for run folders (default ${DEFAULTS.out})`,
  name: "run folder name (default: <data>-ae-<features>-s<seed>)",
};

/** Parses flags into flat strings; rejects unknown flags. Shared by every task. */
export function parseFlags(
  args: string[],
  options: { strings: string[]; booleans?: string[] },
): Record<string, string | boolean | undefined> {
  const known = new Set([...options.strings, ...(options.booleans ?? []), "help"]);
  // `--epochs -3`: keep a negative number as the value instead of reading it as a flag.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith("--") ? args[i].slice(2) : "";
    if (options.strings.includes(name) && /^-\d/.test(args[i + 1] ?? "")) {
      joined.push(`${args[i]}=${args[++i]}`);
    } else joined.push(args[i]);
  }
  const seen = new Set<string>();
  for (const a of joined) {
    const name = /^--([^=]+)/.exec(a)?.[1];
    if (name && seen.has(name)) throw new UsageError(`flag --${name} was given more than once`);
    if (name) seen.add(name);
  }
  const parsed = parseArgs(joined, {
    string: options.strings,
    boolean: [...(options.booleans ?? []), "help"],
    unknown: (arg: string, key?: string) => {
      if (key !== undefined && known.has(key)) return true;
      throw new UsageError(
        key === undefined
          ? `unexpected argument '${arg}': flags look like --name value`
          : `unknown flag '--${key}'; known flags: ${[...known].map((k) => "--" + k).join(" ")}`,
      );
    },
  });
  for (const k of options.strings) {
    if (parsed[k] === "") throw new UsageError(`flag --${k} needs a value`);
  }
  return parsed;
}

/** Builds a TrainConfig from command-line args (`--epochs 10 …`) over the defaults. */
export function trainConfigFromArgs(args: string[]): TrainConfig & { help: boolean } {
  const flags = parseFlags(args, { strings: Object.keys(FLAG_HELP) });
  const str = (k: string) => flags[k] as string | undefined;
  const cfg: TrainConfig = { ...DEFAULTS, hidden: [...DEFAULTS.hidden] };
  if (str("data") !== undefined) cfg.data = str("data")!;
  if (str("out") !== undefined) cfg.out = str("out")!;
  if (str("name") !== undefined) cfg.name = str("name")!;
  if (str("latent") !== undefined) cfg.latent = intFlag("latent", str("latent")!, 1);
  if (str("epochs") !== undefined) cfg.epochs = intFlag("epochs", str("epochs")!, 1);
  if (str("batch-size") !== undefined) {
    cfg.batchSize = intFlag("batch-size", str("batch-size")!, 1);
  }
  if (str("seed") !== undefined) cfg.seed = intFlag("seed", str("seed")!, 0);
  if (str("hidden") !== undefined) {
    cfg.hidden = str("hidden")!.split(",").map((v) => intFlag("hidden", v.trim(), 1));
  }
  if (str("lr") !== undefined) {
    const lr = Number(str("lr"));
    if (!Number.isFinite(lr) || lr <= 0 || str("lr")!.trim() === "") {
      throw new UsageError(`--lr expects a positive number such as 1e-3, got '${str("lr")}'`);
    }
    cfg.lr = lr;
  }
  if (str("backend") !== undefined) {
    const b = str("backend")!;
    if (!(BACKENDS as readonly string[]).includes(b)) {
      throw new UsageError(`--backend expects one of ${BACKENDS.join("|")}, got '${b}'`);
    }
    cfg.backend = b as BackendName;
  }
  if (cfg.name !== "" && !/^[A-Za-z0-9._-]+$/.test(cfg.name)) {
    throw new UsageError(`--name may hold letters, digits, '.', '_' and '-', got '${cfg.name}'`);
  }
  return { ...cfg, help: flags.help === true };
}

/** Checks a config against the data's column count (the latent must be smaller). */
export function checkConfigForData(cfg: TrainConfig, columns: number): void {
  if (cfg.latent >= columns) {
    throw new UsageError(
      `--latent must be smaller than the data's ${columns} columns, got ${cfg.latent}`,
    );
  }
}

/** The default run name: `<data file stem>-ae-<features>-s<seed>`. */
export function defaultRunName(cfg: TrainConfig): string {
  const stem = cfg.data.split(/[\\/]/).pop()!.replace(/\.[^.]*$/, "").replace(/[^\w.-]/g, "_");
  return `${stem}-ae-${[...cfg.hidden, cfg.latent].join("x")}-s${cfg.seed}`;
}

/** Formats the flag help for `--help`. */
export function helpText(usage: string): string {
  const lines = Object.entries(FLAG_HELP).map(([k, v]) => `  --${k.padEnd(12)} ${v}`);
  return [usage, "", "Flags:", ...lines, "  --help         show this help"].join("\n");
}

function intFlag(name: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min) {
    throw new UsageError(`--${name} expects an integer ≥ ${min}, got '${value}'`);
  }
  return n;
}

// The one typed training configuration, its defaults (the notebook's settings),
// and the command-line parsing that fills it. Unknown flags and wrong types are
// UsageErrors that name the flag and what was expected.

import { UsageError } from "./errors.ts";
import { intFlag, numFlag, parseFlags } from "./flags.ts";
import { MODEL_KINDS, type ModelKind } from "./model.ts";

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
  /** Family member: ae (the notebook), vae, dae or sae. */
  model: ModelKind;
  /** vae: weight of the KL term (1 = the ELBO). */
  beta: number;
  /** vae: epochs over which the KL weight rises linearly to beta (0 = none). */
  klWarmup: number;
  /** dae: corruption, `gaussian:<sigma>` (data units) or `mask:<p>` (zero a fraction). */
  noise: string;
  /** sae: weight of the L1 penalty on the codes (mean over samples of their sum). */
  l1: number;
  /** sae: keep only the k largest codes per sample (0 = off; default 16 unless --l1 is given). */
  topk: number;
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
  model: "ae",
  beta: 1,
  klWarmup: 0,
  noise: "gaussian:6",
  l1: 0,
  topk: 16,
};

/** sae's width when --hidden is not given: 4× overcomplete on the 64 digit pixels. */
export const SAE_WIDTH = 256;

/** Flags that only mean something for one family member. */
const MODEL_FLAGS: Record<string, ModelKind> = {
  beta: "vae",
  "kl-warmup": "vae",
  noise: "dae",
  l1: "sae",
  topk: "sae",
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
  name: "run folder name (default: <data>-<model>-<features>-s<seed>)",
  model: `${MODEL_KINDS.join("|")}: plain, variational, denoising, sparse (default ae)`,
  beta: `vae: KL weight (default ${DEFAULTS.beta})`,
  "kl-warmup": `vae: epochs of linear KL warm-up (default ${DEFAULTS.klWarmup})`,
  noise: `dae: gaussian:<sigma> or mask:<p> (default ${DEFAULTS.noise})`,
  l1: `sae: L1 penalty on the codes (default ${DEFAULTS.l1})`,
  topk: `sae: keep the k largest codes per sample, 0 = off (default ${DEFAULTS.topk}, 0 with --l1)`,
};

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
    cfg.lr = numFlag("lr", str("lr")!, { min: 0, open: true, example: "1e-3" });
  }
  if (str("backend") !== undefined) {
    const b = str("backend")!;
    if (!(BACKENDS as readonly string[]).includes(b)) {
      throw new UsageError(`--backend expects one of ${BACKENDS.join("|")}, got '${b}'`);
    }
    cfg.backend = b as BackendName;
  }
  if (str("model") !== undefined) {
    if (!(MODEL_KINDS as readonly string[]).includes(str("model")!)) {
      throw new UsageError(
        `--model expects one of ${MODEL_KINDS.join("|")}, got '${str("model")}'`,
      );
    }
    cfg.model = str("model") as ModelKind;
  }
  for (const [flag, kind] of Object.entries(MODEL_FLAGS)) {
    if (str(flag) !== undefined && cfg.model !== kind) {
      throw new UsageError(`--${flag} applies to --model ${kind}, not ${cfg.model}`);
    }
  }
  if (str("beta") !== undefined) cfg.beta = numFlag("beta", str("beta")!, { min: 0 });
  if (str("kl-warmup") !== undefined) cfg.klWarmup = intFlag("kl-warmup", str("kl-warmup")!, 0);
  if (str("noise") !== undefined) {
    cfg.noise = str("noise")!;
    parseNoise(cfg.noise);
  }
  if (str("l1") !== undefined) cfg.l1 = numFlag("l1", str("l1")!, { min: 0 });
  if (str("topk") !== undefined) cfg.topk = intFlag("topk", str("topk")!, 0);
  else if (cfg.l1 > 0) cfg.topk = 0; // --l1 alone asks for L1 sparsity instead of top-k
  if (cfg.model === "sae") {
    if (str("hidden") === undefined) cfg.hidden = [SAE_WIDTH];
    if (cfg.hidden.length !== 1) {
      throw new UsageError(
        `--hidden for --model sae is one width such as 256, got '${str("hidden")}'`,
      );
    }
    if (str("latent") !== undefined) {
      throw new UsageError("--latent does not apply to --model sae: its codes are --hidden wide");
    }
    if (cfg.topk > cfg.hidden[0]) {
      throw new UsageError(`--topk must be at most the width ${cfg.hidden[0]}, got ${cfg.topk}`);
    }
  }
  if (cfg.name !== "" && !/^[A-Za-z0-9._-]+$/.test(cfg.name)) {
    throw new UsageError(`--name may hold letters, digits, '.', '_' and '-', got '${cfg.name}'`);
  }
  return { ...cfg, help: flags.help === true };
}

/** A parsed `--noise`: additive Gaussian (sigma in data units) or masking (fraction p). */
export function parseNoise(spec: string): { kind: "gaussian" | "mask"; amount: number } {
  const m = /^(gaussian|mask):(.+)$/.exec(spec);
  if (!m) throw new UsageError(`--noise expects gaussian:<sigma> or mask:<p>, got '${spec}'`);
  const amount = m[1] === "gaussian"
    ? numFlag("noise", m[2], { min: 0, open: true, example: "gaussian:4" })
    : numFlag("noise", m[2], { min: 0, max: 1, open: true, example: "mask:0.3" });
  return { kind: m[1] as "gaussian" | "mask", amount };
}

/** The encoder widths a config trains: [columns, ...hidden, latent] (sae: [columns, width]). */
export function modelFeatures(cfg: TrainConfig, columns: number): number[] {
  return cfg.model === "sae" ? [columns, cfg.hidden[0]] : [columns, ...cfg.hidden, cfg.latent];
}

/** Checks a config against the data's column count (the latent must be smaller). */
export function checkConfigForData(cfg: TrainConfig, columns: number): void {
  if (cfg.model !== "sae" && cfg.latent >= columns) {
    throw new UsageError(
      `--latent must be smaller than the data's ${columns} columns, got ${cfg.latent}`,
    );
  }
}

/** The default run name: `<data file stem>-<model>-<widths>-s<seed>`. */
export function defaultRunName(cfg: TrainConfig): string {
  const stem = cfg.data.split(/[\\/]/).pop()!.replace(/\.[^.]*$/, "").replace(/[^\w.-]/g, "_");
  const widths = cfg.model === "sae" ? cfg.hidden : [...cfg.hidden, cfg.latent];
  return `${stem}-${cfg.model}-${widths.join("x")}-s${cfg.seed}`;
}

/** Formats the flag help for `--help`. */
export function helpText(usage: string): string {
  const lines = Object.entries(FLAG_HELP).map(([k, v]) => `  --${k.padEnd(12)} ${v}`);
  return [usage, "", "Flags:", ...lines, "  --help         show this help"].join("\n");
}

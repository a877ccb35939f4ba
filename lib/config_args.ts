// The training configuration from the command line: every flag with its help line,
// typed readers, and the rules between flags. Unknown flags and wrong types are
// UsageErrors that name the flag and what was expected.

import { type BackendName, BACKENDS, DEFAULTS, parseNoise, type TrainConfig } from "./config.ts";
import { isCsvName } from "./data/formats.ts";
import { UsageError } from "./errors.ts";
import { intFlag, numFlag, parseFlags } from "./flags.ts";
import { type EngineName, ENGINES } from "./fused.ts";
import { MODEL_KINDS, type ModelKind } from "./model.ts";
import { defaultScale, type ScaleKind, SCALINGS } from "./scale.ts";

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
  data: `CSV, IDX (…-images-idx3-ubyte[.gz]), .npy/.npz or PNG folder (default ${DEFAULTS.data})`,
  labels: "labels of IDX/.npy data: IDX, .npy or one-per-line file (default: IDX's labels file)",
  array: ".npz: the array to train on (default: the only one, or x)",
  resize: "image inputs: HxW to resize every image to, bilinear (default: as stored)",
  arch: "mlp|conv: dense layers, or strided 3x3 convolutions on images (default mlp)",
  channels: "--arch conv: channels of each strided convolution (default 32,64)",
  latent: `latent size, 1 to columns-1 (default ${DEFAULTS.latent})`,
  hidden: `hidden widths, comma-separated (default ${DEFAULTS.hidden.join(",")})`,
  epochs: `passes over the data (default ${DEFAULTS.epochs})`,
  "batch-size": `rows per step (default ${DEFAULTS.batchSize})`,
  lr: `Adam learning rate (default ${DEFAULTS.lr})`,
  seed: `random seed for weights and data order (default ${DEFAULTS.seed})`,
  backend: `${BACKENDS.join("|")} (default ${DEFAULTS.backend})`,
  engine: `${ENGINES.join("|")}: fused step or tfjs ops (default: fused where it exists)`,
  threads: "CPU threads of the fused step's large products (default 0 = one per core)",
  out: `folder for run folders (default ${DEFAULTS.out})`,
  name: "run folder name (default: <data>-<model>-<features>-s<seed>)",
  model: `${MODEL_KINDS.join("|")}: plain, variational, denoising, sparse (default ae)`,
  beta: `vae: KL weight (default ${DEFAULTS.beta})`,
  "kl-warmup": `vae: epochs of linear KL warm-up (default ${DEFAULTS.klWarmup})`,
  noise: `dae: gaussian:<sigma> or mask:<p> (default ${DEFAULTS.noise})`,
  l1: `sae: L1 penalty on the codes (default ${DEFAULTS.l1})`,
  topk: `sae: keep the k largest codes per sample, 0 = off (default ${DEFAULTS.topk}, 0 with --l1)`,
  "label-column": "label column: NAME, 0-based INDEX or none (default: a column label/class)",
  scale: `${
    SCALINGS.join("|")
  } (default: none for images, vae range; standard for tables, vae minmax)`,
  "image-shape": "HxW: draw rows as images (default 8x8 for the bundled digits, else off)",
  "val-split": "fraction of rows held out for validation, 0 to <1 (default 0)",
  "early-stop": "patience in epochs; keeps the best weights (default 0 = off)",
  "lr-schedule": "constant|cosine (default constant)",
};

/** Boolean flags of `train`. */
export const BOOLEAN_FLAGS: Record<string, string> = {
  header: "the first line is a header (default: detected)",
  "no-header": "the first line is data",
  resume: "continue an interrupted run of the same config from its checkpoint",
  blas: "fused step's products by the system's OpenBLAS (libopenblas0), not Wasm SIMD",
};

/** Builds a TrainConfig from command-line args (`--epochs 10 …`) over the defaults. */
export function trainConfigFromArgs(args: string[]): TrainConfig & { help: boolean } {
  const flags = parseFlags(args, {
    strings: Object.keys(FLAG_HELP),
    booleans: Object.keys(BOOLEAN_FLAGS),
  });
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
  if (str("threads") !== undefined) cfg.threads = intFlag("threads", str("threads")!, 0);
  if (str("engine") !== undefined) {
    const e = str("engine")!;
    if (!(ENGINES as readonly string[]).includes(e)) {
      throw new UsageError(`--engine expects one of ${ENGINES.join("|")}, got '${e}'`);
    }
    cfg.engine = e as EngineName;
  }
  if (str("model") !== undefined) {
    if (!(MODEL_KINDS as readonly string[]).includes(str("model")!)) {
      throw new UsageError(
        `--model expects one of ${MODEL_KINDS.join("|")}, got '${str("model")}'`,
      );
    }
    cfg.model = str("model") as ModelKind;
  }
  if (
    cfg.engine === "fused" && (cfg.model === "vae" || cfg.model === "sae") &&
    cfg.backend === "webgpu"
  ) {
    throw new UsageError(
      `--engine fused trains --model ${cfg.model} on the wasm backend, not webgpu`,
    );
  }
  cfg.blas = flags.blas === true;
  if (cfg.blas && (cfg.engine === "graph" || cfg.backend === "cpu" || cfg.backend === "webgpu")) {
    const got = `--engine ${cfg.engine} --backend ${cfg.backend}`;
    throw new UsageError(`--blas speeds up the fused step on the wasm backend, not ${got}`);
  }
  if (cfg.engine === "fused" && cfg.backend === "cpu") {
    throw new UsageError("--engine fused runs on the wasm and webgpu backends, not --backend cpu");
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
  readDataFlags(cfg, flags);
  readArchFlags(cfg, flags);
  if (cfg.name !== "" && !/^[A-Za-z0-9._-]+$/.test(cfg.name)) {
    throw new UsageError(`--name may hold letters, digits, '.', '_' and '-', got '${cfg.name}'`);
  }
  return { ...cfg, help: flags.help === true };
}

/** `--arch` and `--channels` (convolutional autoencoders, lib/model/conv.ts). */
function readArchFlags(cfg: TrainConfig, flags: Record<string, string | boolean | undefined>) {
  const str = (k: string) => flags[k] as string | undefined;
  if (str("arch") !== undefined) {
    if (str("arch") !== "mlp" && str("arch") !== "conv") {
      throw new UsageError(`--arch expects mlp|conv, got '${str("arch")}'`);
    }
    cfg.arch = str("arch") as "mlp" | "conv";
  }
  if (str("channels") !== undefined) {
    if (cfg.arch !== "conv") throw new UsageError("--channels applies to --arch conv");
    cfg.channels = str("channels")!.split(",").map((v) => intFlag("channels", v.trim(), 1));
  }
  if (cfg.arch === "conv" && cfg.model === "sae") {
    throw new UsageError("--arch conv trains ae, vae and dae; --model sae is an MLP");
  }
  if (cfg.arch === "conv" && cfg.engine === "fused") {
    throw new UsageError("--engine fused covers MLPs; --arch conv trains with --engine graph");
  }
}

/** The data and training-control flags (issue "bring your own data"). */
function readDataFlags(cfg: TrainConfig, flags: Record<string, string | boolean | undefined>) {
  const str = (k: string) => flags[k] as string | undefined;
  if (flags.header && flags["no-header"]) {
    throw new UsageError("give --header or --no-header, not both");
  }
  cfg.header = flags.header ? "yes" : flags["no-header"] ? "no" : "auto";
  cfg.resume = flags.resume === true;
  if (str("label-column") !== undefined) cfg.labelColumn = str("label-column")!;
  if (str("labels") !== undefined) cfg.labels = str("labels")!;
  if (str("array") !== undefined) cfg.array = str("array")!;
  if (str("resize") !== undefined) {
    if (!/^[1-9]\d*x[1-9]\d*$/.test(str("resize")!)) {
      throw new UsageError(`--resize expects HxW such as 28x28, got '${str("resize")}'`);
    }
    cfg.resize = str("resize")!;
  }
  if (str("image-shape") !== undefined) {
    const m = /^(\d+)x(\d+)$/.exec(str("image-shape")!);
    if (!m || +m[1] < 1 || +m[2] < 1) {
      throw new UsageError(`--image-shape expects HxW such as 8x8, got '${str("image-shape")}'`);
    }
    cfg.imageShape = str("image-shape")!;
  } else if (cfg.data !== DEFAULTS.data) cfg.imageShape = "";
  if (str("scale") !== undefined) {
    if (!(SCALINGS as readonly string[]).includes(str("scale")!)) {
      throw new UsageError(`--scale expects one of ${SCALINGS.join("|")}, got '${str("scale")}'`);
    }
    cfg.scale = str("scale") as ScaleKind;
  } else if (!isCsvName(cfg.data) && !cfg.imageShape) {
    cfg.scale = "auto"; // IDX, NumPy, a PNG folder: images or a table, known once loaded (pipeline.ts)
  } else cfg.scale = defaultScale(cfg.model, { image: cfg.imageShape !== "" });
  if (str("val-split") !== undefined) {
    cfg.valSplit = numFlag("val-split", str("val-split")!, { min: 0, max: 1, example: "0.1" });
    if (cfg.valSplit >= 1) {
      throw new UsageError(`--val-split must be below 1, got '${str("val-split")}'`);
    }
  }
  if (str("early-stop") !== undefined) cfg.earlyStop = intFlag("early-stop", str("early-stop")!, 0);
  if (str("lr-schedule") !== undefined) {
    if (!["constant", "cosine"].includes(str("lr-schedule")!)) {
      throw new UsageError(`--lr-schedule expects constant|cosine, got '${str("lr-schedule")}'`);
    }
    cfg.lrSchedule = str("lr-schedule") as "constant" | "cosine";
  }
}

/** Formats the flag help for `--help`. */
export function helpText(usage: string): string {
  const all = { ...FLAG_HELP, ...BOOLEAN_FLAGS };
  const lines = Object.entries(all).map(([k, v]) => `  --${k.padEnd(13)} ${v}`);
  return [usage, "", "Flags:", ...lines, "  --help          show this help"].join("\n");
}

import { assert, assertEquals, assertThrows } from "@std/assert";
import { DEFAULTS } from "../../lib/config.ts";
import { checkConfigForData, defaultRunName } from "../../lib/model/config_model.ts";
import { trainConfigFromArgs, trainSpecsFromArgs } from "../../lib/cli/config_args.ts";
import { ConfigError, UsageError } from "../../lib/errors.ts";
import { commandLineError } from "../../lib/cli/field_flags.ts";
import { splitFlags } from "../../lib/cli/flags.ts";
import { TRAIN_FLAGS, trainHelp } from "../../lib/cli/train_flags.ts";

Deno.test("trainConfigFromArgs() gives the notebook's defaults", () => {
  const { help, ...cfg } = trainConfigFromArgs([]);
  assertEquals(help, false);
  // "auto" resolves to none for the digits' images, and the output to the notebook's ReLU.
  assertEquals(cfg, { ...DEFAULTS, scale: "none", output: "relu" });
  assertEquals([cfg.latent, cfg.hidden, cfg.epochs, cfg.batchSize, cfg.lr, cfg.seed], [
    2,
    [128, 128],
    50,
    64,
    1e-3,
    34,
  ]);
  assertEquals(defaultRunName(cfg), "digits-ae-128x128x2-s34");
});

Deno.test("trainConfigFromArgs() parses every flag", () => {
  const cfg = trainConfigFromArgs([
    "--data=x.csv",
    "--latent",
    "3",
    "--hidden",
    "32, 16",
    "--epochs",
    "7",
    "--batch-size",
    "10",
    "--lr",
    "5e-4",
    "--seed",
    "0",
    "--backend",
    "cpu",
    "--engine",
    "graph",
    "--out",
    "o",
    "--name",
    "my-run",
  ]);
  assertEquals(cfg, {
    data: "x.csv",
    labels: "",
    array: "",
    resize: null,
    latent: 3,
    hidden: [32, 16],
    epochs: 7,
    batchSize: 10,
    lr: 5e-4,
    seed: 0,
    backend: "cpu",
    engine: "graph",
    threads: 0,
    blas: "auto",
    blasLibrary: "auto",
    out: "o",
    name: "my-run",
    model: "ae",
    arch: "mlp",
    channels: [32, 64],
    beta: 1,
    klWarmup: 0,
    noise: { kind: "gaussian", amount: 6 },
    l1: 0,
    topk: 16,
    neighbors: 15,
    minDist: 0.1,
    reconWeight: 0.1,
    header: "auto",
    labelColumn: "",
    columns: [],
    drop: [],
    normalLabels: [],
    scale: "standard", // a table (no --image-shape for other data): standardised by default
    output: "linear", // a linear output for standardised values
    imageShape: null,
    valSplit: 0,
    earlyStop: 0,
    lrSchedule: "constant",
    resume: false,
    help: false,
  });
});

const bad: [string[], string][] = [
  [["--epochs", "0"], "--epochs expects an integer ≥ 1 or auto, got '0'"],
  [["--epochs", "-3"], "--epochs expects an integer ≥ 1 or auto, got '-3'"],
  [["--epochs", "2.5"], "--epochs expects an integer ≥ 1 or auto, got '2.5'"],
  [["--latent", "0"], "--latent expects an integer ≥ 1, got '0'"],
  [["--lr", "fast"], "--lr expects a number > 0 such as 1e-3, got 'fast'"],
  [["--backend", "tpu"], "--backend expects one of auto|webgpu|wasm|cpu, got 'tpu'"],
  [["--engine", "fast"], "--engine expects one of auto|fused|graph, got 'fast'"],
  [
    ["--engine", "fused", "--model", "sae", "--backend", "webgpu"],
    "--engine fused trains --model sae on the wasm backend, not webgpu",
  ],
  [
    ["--blas", "--engine", "graph"],
    "--blas speeds up the fused step on the wasm backend, not --engine graph",
  ],
  [
    ["--engine", "fused", "--backend", "cpu"],
    "--engine fused runs on the wasm and webgpu backends, not --backend cpu",
  ],
  [["--epoch", "3"], "unknown flag --epoch; did you mean --epochs?"],
  [["--hidden", "128,x"], "--hidden expects an integer ≥ 1, got 'x'"],
  [["--seed"], "flag --seed needs a value"],
  [["--seed", "1", "--seed", "2"], "flag --seed was given more than once"],
  [["--seed", "1e300"], "--seed expects an integer from 0 to 9007199254740991 (2^53 − 1"],
  [["--seed", "18446744073709551616"], "--seed expects an integer from 0 to 9007199254740991"],
  [["--seed", "9007199254740993"], "got '9007199254740993'"], // 2^53 + 1: would be rounded
  [["--seed", "9007199254740992"], "--seed expects an integer from 0 to 9007199254740991"],
  [["--seed", "0x10"], "--seed expects an integer"],
  [["--seed", "1.0"], "--seed expects an integer"],
  [["stray"], "unexpected argument 'stray'"],
  [["--name", ""], "flag --name needs a value"],
  [["--hidden", "", "--epochs", "2"], "flag --hidden needs a value"],
  [["--name", "../x"], "--name may hold"],
  [["--resize", "0x5"], "--resize expects HxW such as 28x28, got '0x5'"],
  [["--resize", "28"], "--resize expects HxW such as 28x28, got '28'"],
  [
    ["--resize", "100000x100000"],
    "--resize 100000x100000: one image would hold 10,000,000,000 values; one input may hold at " +
    "most 536,870,912 (2^29, 2 GiB as float32)",
  ],
];
for (const [args, message] of bad) {
  Deno.test(`trainConfigFromArgs() rejects ${args.join(" ")} with a UsageError`, () => {
    assertThrows(() => trainConfigFromArgs(args), UsageError, message);
  });
}

Deno.test("checkConfigForData() rejects a latent as wide as the data, naming the field", () => {
  checkConfigForData({ ...DEFAULTS, latent: 63 }, 64);
  const e = assertThrows(
    () => checkConfigForData({ ...DEFAULTS, latent: 64 }, 64),
    ConfigError,
    "latent must be smaller than the data's 64 columns, got 64",
  ) as ConfigError;
  assertEquals(e.field, "latent");
  assertEquals(
    (commandLineError(e) as Error).message,
    "--latent must be smaller than the data's 64 columns, got 64",
  );
});

Deno.test("trainConfigFromArgs() reads the data and training-control flags", () => {
  const cfg = trainConfigFromArgs([
    "--data",
    "t.csv",
    "--no-header",
    "--label-column",
    "2",
    "--scale",
    "minmax",
    "--image-shape",
    "4x4",
    "--val-split",
    "0.25",
    "--early-stop",
    "5",
    "--lr-schedule",
    "cosine",
    "--resume",
  ]);
  assertEquals(
    [
      cfg.header,
      cfg.labelColumn,
      cfg.scale,
      cfg.imageShape,
      cfg.valSplit,
      cfg.earlyStop,
      cfg.lrSchedule,
      cfg.resume,
    ],
    ["no", "2", "minmax", [4, 4], 0.25, 5, "cosine", true],
  );
  assertEquals(trainConfigFromArgs(["--data", "t.csv", "--model", "vae"]).scale, "minmax");
  assertThrows(() => trainConfigFromArgs(["--header", "--no-header"]), UsageError, "not both");
  assertThrows(
    () => trainConfigFromArgs(["--image-shape", "8by8"]),
    UsageError,
    "--image-shape expects HxW",
  );
  assertThrows(
    () => trainConfigFromArgs(["--scale", "log"]),
    UsageError,
    "--scale expects one of none|minmax|standard",
  );
  assertThrows(
    () => trainConfigFromArgs(["--lr-schedule", "step"]),
    UsageError,
    "--lr-schedule expects one of constant|cosine",
  );
  assertThrows(
    () => trainConfigFromArgs(["--val-split", "1"]),
    UsageError,
    "--val-split must be below 1",
  );
  assertThrows(
    () => trainConfigFromArgs(["--model", "sae", "--latent", "3"]),
    UsageError,
    "--latent does not apply",
  );
  assertThrows(
    () => trainConfigFromArgs(["--model", "sae", "--hidden", "8,8"]),
    UsageError,
    "one width",
  );
});

Deno.test("--columns and --drop: comma-separated names or indexes, empty items refused", () => {
  const cfg = trainConfigFromArgs(["--data", "t.csv", "--columns", "a, 2,b", "--drop", "id"]);
  assertEquals([cfg.columns, cfg.drop], [["a", "2", "b"], ["id"]]);
  assertThrows(
    () => trainConfigFromArgs(["--drop", "a,,b"]),
    UsageError,
    "--drop expects column names or 0-based indexes, got 'a,,b'",
  );
});

Deno.test("--output: relu only where the notebook runs, sigmoid for minmax, else linear", () => {
  const out = (...args: string[]) => trainConfigFromArgs(args).output;
  assertEquals(out(), "relu");
  assertEquals(out("--model", "dae"), "relu");
  assertEquals(out("--scale", "minmax"), "sigmoid");
  assertEquals(out("--scale", "standard"), "linear");
  assertEquals(out("--data", "patches.csv", "--image-shape", "16x16"), "linear");
  assertEquals(out("--data", "t.csv"), "linear");
  assertEquals(out("--data", "t.csv", "--scale", "minmax"), "sigmoid");
  assertEquals(out("--data", "t.csv", "--output", "relu"), "relu");
  assertEquals(out("--model", "vae"), "sigmoid");
  assertEquals(out("--model", "sae"), "linear");
  assertThrows(
    () => out("--output", "tanh"),
    UsageError,
    "--output expects one of relu|linear|sigmoid",
  );
  assertThrows(
    () => out("--model", "vae", "--output", "linear"),
    UsageError,
    "--output applies to",
  );
});

Deno.test("--normal-label reads a comma-separated label list", () => {
  assertEquals(trainConfigFromArgs(["--normal-label", "0, 1,cat"]).normalLabels, ["0", "1", "cat"]);
  assertEquals(trainConfigFromArgs([]).normalLabels, []);
});

Deno.test("trainConfigFromArgs() keeps every seed up to 2^53 − 1 exactly", () => {
  for (const seed of ["0", "34", "4294967296", "9007199254740991"]) {
    assertEquals(trainConfigFromArgs(["--seed", seed]).seed, Number(seed));
  }
});

Deno.test("splitFlags() says a flag needs a value when the next word is another flag", () => {
  // `repro --seeds --out X` used to take '--out' as the seeds and fail on 'X'.
  assertThrows(
    () => splitFlags(["--seeds", "--out", "X"], ["seeds"]),
    UsageError,
    "flag --seeds needs a value",
  );
  assertThrows(() => splitFlags(["--seeds", ""], ["seeds"]), UsageError, "needs a value");
  assertEquals(splitFlags(["--seeds", "1-3", "--out", "X"], ["seeds"]), {
    own: { seeds: "1-3" },
    rest: ["--out", "X"],
  });
});

Deno.test("TRAIN_FLAGS sets every key of the config, once per flag, and --help lists them all", () => {
  const keys = [...new Set(TRAIN_FLAGS.map((f) => f.key))].sort();
  assertEquals(keys, Object.keys(DEFAULTS).sort());
  const flags = TRAIN_FLAGS.map((f) => f.flag);
  assertEquals(flags.length, new Set(flags).size);
  const help = trainHelp("usage");
  assertEquals(flags.filter((f) => !help.includes(`--${f} `)), []);
  // The recorded config is the parsed config: nothing else rides along.
  const { help: _h, ...config } = trainConfigFromArgs(["--epochs", "3"]);
  assertEquals(Object.keys(config).sort(), Object.keys(DEFAULTS).sort());
});

Deno.test("trainSpecsFromArgs() gives the parsed flags split into typed specs", () => {
  const { specs, help } = trainSpecsFromArgs([
    ...["--model", "dae", "--noise", "mask:0.25", "--lr", "0.002", "--name", "r", "--resume"],
  ]);
  assert(!help);
  assertEquals(specs.model.model, "dae");
  assertEquals(specs.train.noise, { kind: "mask", amount: 0.25 });
  assertEquals(specs.train.lr, 0.002);
  assertEquals(specs.data.imageShape, [8, 8]);
  assertEquals(specs.run, { out: "out", name: "r", resume: true });
  assertEquals(specs.runtime.backend, "auto");
});

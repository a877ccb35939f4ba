import { assertEquals, assertThrows } from "@std/assert";
import { checkConfigForData, defaultRunName, DEFAULTS } from "../lib/config.ts";
import { trainConfigFromArgs } from "../lib/config_args.ts";
import { UsageError } from "../lib/errors.ts";

Deno.test("trainConfigFromArgs() gives the notebook's defaults", () => {
  const { help, ...cfg } = trainConfigFromArgs([]);
  assertEquals(help, false);
  assertEquals(cfg, { ...DEFAULTS, scale: "none" }); // "auto" resolves to none for the digits' images
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
    resize: "",
    latent: 3,
    hidden: [32, 16],
    epochs: 7,
    batchSize: 10,
    lr: 5e-4,
    seed: 0,
    backend: "cpu",
    engine: "graph",
    threads: 0,
    blas: false,
    out: "o",
    name: "my-run",
    model: "ae",
    arch: "mlp",
    channels: [32, 64],
    beta: 1,
    klWarmup: 0,
    noise: "gaussian:6",
    l1: 0,
    topk: 16,
    header: "auto",
    labelColumn: "",
    scale: "standard", // a table (no --image-shape for other data): standardised by default
    imageShape: "",
    valSplit: 0,
    earlyStop: 0,
    lrSchedule: "constant",
    resume: false,
    help: false,
  });
});

const bad: [string[], string][] = [
  [["--epochs", "0"], "--epochs expects an integer ≥ 1, got '0'"],
  [["--epochs", "-3"], "--epochs expects an integer ≥ 1, got '-3'"],
  [["--epochs", "2.5"], "--epochs expects an integer ≥ 1, got '2.5'"],
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
  [["--epoch", "3"], "unknown flag '--epoch'"],
  [["--hidden", "128,x"], "--hidden expects an integer ≥ 1, got 'x'"],
  [["--seed"], "flag --seed needs a value"],
  [["--seed", "1", "--seed", "2"], "flag --seed was given more than once"],
  [["stray"], "unexpected argument 'stray'"],
  [["--name", "../x"], "--name may hold"],
];
for (const [args, message] of bad) {
  Deno.test(`trainConfigFromArgs() rejects ${args.join(" ")} with a UsageError`, () => {
    assertThrows(() => trainConfigFromArgs(args), UsageError, message);
  });
}

Deno.test("checkConfigForData() rejects a latent as wide as the data", () => {
  checkConfigForData({ ...DEFAULTS, latent: 63 }, 64);
  assertThrows(
    () => checkConfigForData({ ...DEFAULTS, latent: 64 }, 64),
    UsageError,
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
    ["no", "2", "minmax", "4x4", 0.25, 5, "cosine", true],
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
    "--lr-schedule expects constant|cosine",
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

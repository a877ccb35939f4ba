import { assertEquals, assertThrows } from "@std/assert";
import { checkConfigForData, defaultRunName, DEFAULTS } from "../lib/config.ts";
import { trainConfigFromArgs } from "../lib/config_args.ts";
import { UsageError } from "../lib/errors.ts";

Deno.test("trainConfigFromArgs() gives the notebook's defaults", () => {
  const { help, ...cfg } = trainConfigFromArgs([]);
  assertEquals(help, false);
  assertEquals(cfg, { ...DEFAULTS });
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
    "--out",
    "o",
    "--name",
    "my-run",
  ]);
  assertEquals(cfg, {
    data: "x.csv",
    latent: 3,
    hidden: [32, 16],
    epochs: 7,
    batchSize: 10,
    lr: 5e-4,
    seed: 0,
    backend: "cpu",
    out: "o",
    name: "my-run",
    model: "ae",
    beta: 1,
    klWarmup: 0,
    noise: "gaussian:6",
    l1: 0,
    topk: 16,
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

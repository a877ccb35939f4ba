// The train flags parsed into a config: the notebook's defaults, every flag read, TRAIN_FLAGS
// covering every config key (all listed by --help), and the typed specs trainSpecsFromArgs()
// splits them into.

import { assert, assertEquals } from "@std/assert";
import { DEFAULTS } from "../../lib/config.ts";
import { defaultRunName } from "../../lib/model/config_model.ts";
import { trainConfigFromArgs, trainSpecsFromArgs } from "../../lib/cli/config_args.ts";
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
    "--class-names",
    "red, white",
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
    classNames: ["red", "white"],
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

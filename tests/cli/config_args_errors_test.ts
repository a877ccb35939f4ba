// Bad train flags are UsageErrors naming the flag; a latent as wide as the data is a ConfigError
// naming the field (printed as the flag); seeds are exact up to 2^53 − 1; a flag followed by
// another flag needs a value.

import { assertEquals, assertThrows } from "@std/assert";
import { DEFAULTS } from "../../lib/config.ts";
import { checkConfigForData } from "../../lib/model/config_model.ts";
import { trainConfigFromArgs } from "../../lib/cli/config_args.ts";
import { ConfigError, UsageError } from "../../lib/errors.ts";
import { commandLineError } from "../../lib/cli/field_flags.ts";
import { splitFlags } from "../../lib/cli/flags.ts";

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

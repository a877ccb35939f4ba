// The train flags of data and training control: --header/--no-header, --label-column, --scale,
// --image-shape, --val-split, --early-stop, --lr-schedule, --resume, --columns and --drop, the
// --output activation each setting implies, and --normal-label's list.

import { assertEquals, assertThrows } from "@std/assert";
import { trainConfigFromArgs } from "../../lib/cli/config_args.ts";
import { UsageError } from "../../lib/errors.ts";

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

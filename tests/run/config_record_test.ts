// run.json's config: parsed shapes and noise written back as the flags' text (same keys, same
// order, same values as the flags gave), and read back through the flags' own parsers.

import { assertEquals, assertThrows } from "@std/assert";
import { DEFAULTS } from "../../lib/config.ts";
import { DataError } from "../../lib/errors.ts";
import { configOfRecord, configRecord } from "../../lib/run/config_record.ts";
import { trainConfigFromArgs } from "../../lib/cli/config_args.ts";
import { comparable } from "../../lib/engine/checkpoint.ts";

Deno.test("configRecord writes shapes and noise as their flag text, keys in order", () => {
  const record = configRecord({ ...DEFAULTS });
  assertEquals(Object.keys(record), Object.keys(DEFAULTS));
  assertEquals(record.imageShape, "8x8");
  assertEquals(record.resize, "");
  assertEquals(record.noise, "gaussian:6");
});

Deno.test("configRecord and configOfRecord round-trip what the flags read", () => {
  const { help: _h, ...cfg } = trainConfigFromArgs([
    "--data",
    "x.npy",
    "--resize",
    "16x12",
    "--model",
    "dae",
    "--noise",
    "mask:0.3",
  ]);
  const record = configRecord(cfg);
  assertEquals([record.resize, record.imageShape, record.noise], ["16x12", "", "mask:0.3"]);
  const back = configOfRecord(JSON.parse(JSON.stringify(record)));
  assertEquals(back, cfg);
  assertEquals(back.resize, [16, 12]);
  assertEquals(back.noise, { kind: "mask", amount: 0.3 });
});

Deno.test("configOfRecord fills an old run.json's missing keys from the defaults", () => {
  const cfg = configOfRecord({ data: "data/digits.csv", imageShape: "8x8" });
  assertEquals(cfg.imageShape, [8, 8]);
  assertEquals(cfg.resize, null);
  assertEquals(cfg.noise, DEFAULTS.noise);
  // Runs from before oneDNN multiplied with OpenBLAS: plot re-evaluates them with it.
  assertEquals(cfg.blasLibrary, "openblas");
  assertEquals(configOfRecord({ blasLibrary: "auto" }).blasLibrary, "auto");
});

Deno.test("configOfRecord names the file and key of a shape or noise it cannot read", () => {
  assertThrows(
    () => configOfRecord({ imageShape: "8by8" }, { source: "out/r/run.json" }),
    DataError,
    "out/r/run.json: config.imageShape: imageShape expects HxW such as 8x8, got '8by8'",
  );
  assertThrows(() => configOfRecord({ noise: "salt:1" }), DataError, "config.noise");
});

Deno.test("a pumap record from before pumap took --noise reads as trained: without noise", () => {
  // Those records wrote the dae's default, gaussian:6; the encoder saw clean rows.
  const old = { model: "pumap", noise: "gaussian:6", epochs: 5 };
  assertEquals(configOfRecord(old).noise, { kind: "gaussian", amount: 0 });
  assertEquals(comparable(old).noise, "gaussian:0");
  assertEquals(comparable({ ...old, noise: "gaussian:0.1" }).noise, "gaussian:0.1");
  // Other members keep their recorded noise.
  assertEquals(configOfRecord({ model: "dae", noise: "gaussian:6" }).noise.amount, 6);
  assertEquals(comparable({ model: "dae", noise: "gaussian:6" }).noise, "gaussian:6");
});

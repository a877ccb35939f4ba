// Who multiplies in the fused Wasm step: OpenBLAS for large products by default where it
// loads, the Wasm kernels for the notebook's sizes, with --exact, and in repro and quality.

import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import { BLAS_MIN, blasFor, openBlas } from "../../../lib/engine/fused/blas.ts";
import { selectBackend } from "../../../lib/engine/backend.ts";
import { createAutoencoder, disposeModel } from "../../../lib/model/autoencoder.ts";
import { train } from "../../../lib/engine/train.ts";
import { type FloatDataset, headRows, loadDataset } from "../../../lib/data/load.ts";
import { trainConfigFromArgs } from "../../../lib/cli/config_args.ts";
import { UsageError } from "../../../lib/errors.ts";
import { rng } from "../../../lib/model/random.ts";

const withBlas = { ignore: openBlas().blas === null };
const digits = headRows(await loadDataset("data/digits.csv"), 64);

/** What multiplied in a 1-epoch fused run of [d, width, 2] at batch 64, per train()'s reason. */
async function products(d: number, width: number, blas?: "auto" | "on" | "off") {
  await selectBackend("wasm");
  const r = rng(5, 1);
  const x = Float32Array.from({ length: 64 * d }, () => r.uniform(0, 1));
  const data: FloatDataset = {
    ...digits,
    x,
    rows: 64,
    columns: d,
    featureNames: [],
    imageShape: null,
  };
  const m = createAutoencoder([d, width, 2], { seed: 1 });
  const { engine } = await train(m, data, { epochs: 1, batchSize: 64, lr: 1e-3, seed: 1, blas });
  disposeModel(m);
  return engine.reason;
}

Deno.test("blasFor(): off and small auto products use the Wasm kernels", () => {
  assertEquals(blasFor("off", 2 ** 30), undefined);
  assertEquals(blasFor("auto", 64 * 128 * 128), undefined); // the notebook's largest product
  assertEquals(blasFor("auto", BLAS_MIN - 1), undefined);
});

Deno.test({
  name: "train(): auto hands a product of 2^22 multiply-adds to OpenBLAS, off and 2^21 do not",
  ...withBlas,
  fn: async () => {
    assertEquals(64 * 512 * 128, BLAS_MIN);
    assertMatch(await products(512, 128), /products by OpenBLAS/);
    assert(!/OpenBLAS/.test(await products(512, 128, "off")), "--exact used OpenBLAS");
    assert(!/OpenBLAS/.test(await products(256, 128)), "a 2^21 product went to OpenBLAS");
  },
});

Deno.test("--blas and --exact set the mode; repro and quality default to exact", () => {
  assertEquals(trainConfigFromArgs([]).blas, "auto");
  assertEquals(trainConfigFromArgs(["--blas"]).blas, "on");
  assertEquals(trainConfigFromArgs(["--exact"]).blas, "off");
  assertEquals(trainConfigFromArgs([], { exact: true }).blas, "off");
  assertEquals(trainConfigFromArgs(["--blas"], { exact: true }).blas, "on");
  assertThrows(
    () => trainConfigFromArgs(["--blas", "--exact"]),
    UsageError,
    "give --blas or --exact, not both",
  );
});

// Who multiplies in the fused Wasm step: a BLAS (oneDNN, else OpenBLAS) for large products by
// default where one loads; the Wasm kernels for the notebook's sizes, with --exact, in repro and
// quality.

import { assert, assertEquals, assertLess, assertMatch, assertThrows } from "@std/assert";
import { BLAS_MIN, blasFor, openBlas, systemBlas } from "../../../lib/engine/fused/blas.ts";
import { selectBackend } from "../../../lib/engine/backend.ts";
import { neighbourGraph } from "../../../lib/eval/fuzzy_graph.ts";
import { createAutoencoder, disposeModel } from "../../../lib/model/autoencoder.ts";
import { train } from "../../../lib/engine/train.ts";
import { type FloatDataset, headRows, loadDataset } from "../../../lib/data/load.ts";
import { trainConfigFromArgs } from "../../../lib/cli/config_args.ts";
import { UsageError } from "../../../lib/errors.ts";
import { rng } from "../../../lib/model/random.ts";

const withBlas = { ignore: openBlas().blas === null };
const digits = headRows(await loadDataset("data/digits.csv"), 64);

/** What multiplied in a 1-epoch fused run of [d, width, 2] at batch 64, per train()'s reason. */
async function products(
  d: number,
  width: number,
  blas?: "auto" | "on" | "off",
  blasLibrary?: "auto" | "onednn" | "openblas",
  kind: "ae" | "pumap" = "ae",
) {
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
  const m = createAutoencoder([d, width, 2], { seed: 1, kind });
  const graph = kind === "pumap"
    ? neighbourGraph(x, { rows: 64, cols: d, nNeighbors: 5, seed: 1 })
    : undefined;
  const { engine } = await train(m, data, {
    epochs: 1,
    batchSize: 64,
    lr: 1e-3,
    seed: 1,
    blas,
    blasLibrary,
    graph,
  });
  disposeModel(m);
  return engine.reason;
}

Deno.test("blasFor(): off and small auto products use the Wasm kernels", () => {
  assertEquals(blasFor("off", 2 ** 30), undefined);
  assertEquals(blasFor("auto", 64 * 128 * 128), undefined); // the notebook's largest product
  assertEquals(blasFor("auto", BLAS_MIN - 1), undefined);
});

Deno.test({
  name: "train(): auto hands a product of 2^22 multiply-adds to a BLAS, off and 2^21 do not",
  ...withBlas,
  fn: async () => {
    assertEquals(64 * 512 * 128, BLAS_MIN);
    assertMatch(await products(512, 128), /products by (oneDNN|OpenBLAS)/);
    assert(!/oneDNN|OpenBLAS/.test(await products(512, 128, "off")), "--exact used a BLAS");
    assert(!/oneDNN|OpenBLAS/.test(await products(256, 128)), "a 2^21 product went to a BLAS");
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

const both = systemBlas("onednn").blas !== null && openBlas().blas !== null;
if (!systemBlas("onednn").blas && Deno.env.get("AE_REQUIRE_ONEDNN")) {
  throw new Error(
    `AE_REQUIRE_ONEDNN is set but oneDNN cannot be used: ${systemBlas("onednn").why}`,
  );
}

Deno.test("--blas-library picks the library; --exact refuses it; other names are usage errors", () => {
  assertEquals(trainConfigFromArgs([]).blasLibrary, "auto");
  assertEquals(trainConfigFromArgs(["--blas-library", "openblas"]).blasLibrary, "openblas");
  assertThrows(
    () => trainConfigFromArgs(["--blas-library", "mkl"]),
    UsageError,
    "--blas-library",
  );
  assertThrows(
    () => trainConfigFromArgs(["--exact", "--blas-library", "onednn"]),
    UsageError,
    "give --blas-library or --exact, not both",
  );
});

Deno.test({
  name: "oneDNN's and OpenBLAS's sgemm agree with a float64 product, transposed or not, repeatably",
  ignore: !both,
  fn: () => {
    const r = rng(8, 2), ptr = Deno.UnsafePointer.of;
    for (
      const dims of [{ m: 37, k: 91, n: 53 }, { m: 64, k: 130, n: 7, transA: true, transB: true }]
    ) {
      const a = Float32Array.from({ length: dims.m * dims.k }, () => r.normal());
      const b = Float32Array.from({ length: dims.k * dims.n }, () => r.normal());
      const at = (i: number, p: number) => dims.transA ? a[p * dims.m + i] : a[i * dims.k + p];
      const bt = (p: number, j: number) => dims.transB ? b[j * dims.k + p] : b[p * dims.n + j];
      for (const library of ["onednn", "openblas"] as const) {
        const blas = systemBlas(library).blas!;
        assertEquals(blas.library, library);
        const c = new Float32Array(dims.m * dims.n), again = new Float32Array(dims.m * dims.n);
        blas.sgemm(ptr(a), ptr(b), ptr(c), dims);
        blas.sgemm(ptr(a), ptr(b), ptr(again), dims);
        assertEquals(again, c, `${library}: a repeated product differs`);
        let worst = 0;
        for (let i = 0; i < dims.m; i++) {
          for (let j = 0; j < dims.n; j++) {
            let sum = 0;
            for (let p = 0; p < dims.k; p++) sum += at(i, p) * bt(p, j);
            worst = Math.max(worst, Math.abs(c[i * dims.n + j] - sum));
          }
        }
        assertLess(worst, 1e-4, `${library} ${JSON.stringify(dims)}`);
      }
    }
  },
});

Deno.test({
  name: "auto multiplies with oneDNN where it loads; --blas-library openblas with OpenBLAS",
  ignore: !both,
  fn: async () => {
    assertMatch(await products(512, 128), /products by oneDNN [\d.]+ \(\w+ kernels\)/);
    assertMatch(
      await products(512, 128, "auto", "openblas"),
      /products by OpenBLAS \(\w+ kernels\)/,
    );
    // pumap's edge step (fused_edge_epochs.ts) asks for the same library.
    assertMatch(await products(512, 128, "auto", "auto", "pumap"), /products by oneDNN/);
    assertMatch(await products(512, 128, "auto", "openblas", "pumap"), /products by OpenBLAS/);
  },
});

Deno.test("a named library that cannot load is a usage error naming --blas-library; auto falls back", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-env", "tests/engine/fused/blas_child.ts"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  const said = JSON.parse(new TextDecoder().decode(out.stdout).trim());
  assertEquals(said, {
    onednn: "UsageError: --blas-library onednn: needs Deno's --allow-ffi permission",
    openblas: "UsageError: --blas-library openblas: needs Deno's --allow-ffi permission",
    auto: "undefined",
  });
});

// The fused evaluation pass (OpenBLAS products, the step's kernels for the rest) against the tfjs
// functions it replaces: latent codes, reconstructions and the vae's ELBO terms on small models,
// the covariance passes of PCA by dgemm against the JavaScript loops, which runs take it, and
// that `plot` (redrawRun) evaluates such a run the same way.

import { assert, assertAlmostEquals, assertEquals, assertLess, assertMatch } from "@std/assert";
import { openBlas, systemBlas } from "../../../lib/engine/fused/blas.ts";
import { fusedForward, fusedForwardCovers } from "../../../lib/engine/fused/forward.ts";
import { selectBackend } from "../../../lib/engine/backend.ts";
import { createAutoencoder, disposeModel } from "../../../lib/model/autoencoder.ts";
import { encodeDataset, reconstructDataset } from "../../../lib/eval/metrics.ts";
import { elboDraws, variantOutputs } from "../../../lib/eval/variants.ts";
import { covTimes } from "../../../lib/eval/krylov_blocks.ts";
import { covTimesBlas } from "../../../lib/eval/krylov_blas.ts";
import { pcaResidual } from "../../../lib/eval/pca.ts";
import { rng } from "../../../lib/model/random.ts";
import { train } from "../../../lib/engine/train.ts";
import { trainConfigFromArgs } from "../../../lib/cli/config_args.ts";
import { specsOf } from "../../../lib/run/train_specs.ts";
import { trainRun } from "../../../lib/run/train_run.ts";
import { writeRunFolder } from "../../../lib/run/folder.ts";
import { redrawRun } from "../../../lib/run/redraw_run.ts";
import { tempDir } from "../../temp.ts";
import type { FloatDataset } from "../../../lib/data/load.ts";

const blas = openBlas().blas;
const withBlas = { ignore: blas === null };

/** 2,500 rows (three chunks of 1,024, the last partial) of d values in [0, 1]. */
function rows(d: number, n = 2500): FloatDataset {
  const r = rng(9, 2);
  return {
    x: Float32Array.from({ length: n * d }, () => (r.uniform(0, 1) < 0.4 ? 0 : r.uniform(0, 1))),
    rows: n,
    columns: d,
    labels: null,
    classes: [],
    featureNames: [],
    imageShape: null,
    channels: 1,
    source: "test",
  } as unknown as FloatDataset;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  assertEquals(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

for (
  const spec of [
    { kind: "vae" as const, inputScale: 1 },
    { kind: "vae" as const, inputScale: 2 },
    { kind: "ae" as const, output: "relu" as const },
    { kind: "ae" as const, output: "sigmoid" as const },
  ]
) {
  Deno.test({
    name: `fusedForward(): ${spec.kind} ${JSON.stringify(spec)} gives tfjs's codes, outputs, ELBO`,
    ...withBlas,
    fn: async () => {
      await selectBackend("wasm");
      const data = rows(40);
      if (spec.kind === "vae" && spec.inputScale === 2) data.x.forEach((v, i) => data.x[i] = 2 * v);
      const model = createAutoencoder([40, 24, 16, 3], { seed: 3, ...spec });
      assert(fusedForwardCovers(model));
      const seed = 7, eps = elboDraws(model, data, { seed });
      const fast = fusedForward(model, data, { blas: blas!, eps });
      assertLess(maxDiff(fast.latent, await encodeDataset(model, data)), 1e-5);
      assertLess(maxDiff(fast.reconstruction, await reconstructDataset(model, data)), 1e-5);
      if (spec.kind === "vae") {
        const ref = await variantOutputs(model, data, { seed });
        const mine = await variantOutputs(model, data, { seed, elbo: fast.elbo });
        assertAlmostEquals(mine.metrics.kl, ref.metrics.kl, 1e-5 * Math.abs(ref.metrics.kl));
        assertAlmostEquals(mine.metrics.elbo, ref.metrics.elbo, 1e-5 * Math.abs(ref.metrics.elbo));
      } else assertEquals(fast.elbo, undefined);
      disposeModel(model);
    },
  });
}

Deno.test("fusedForwardCovers(): dense ae, dae and vae; not sae", async () => {
  await selectBackend("wasm");
  const covered = (o: Parameters<typeof createAutoencoder>[1]) => {
    const m = createAutoencoder(o.kind === "sae" ? [16, 8] : [16, 8, 2], o);
    const c = fusedForwardCovers(m);
    disposeModel(m);
    return c;
  };
  assertEquals(
    ["ae", "dae", "vae", "sae"].map((kind) => covered({ seed: 1, kind: kind as "ae" })),
    [true, true, true, false],
  );
});

Deno.test({
  name: "covTimesBlas() by dgemm equals the JavaScript loops; pcaResidual() with blas too",
  ...withBlas,
  fn: () => {
    const data = rows(30, 2100), d = 30, r = rng(4, 4);
    const mean = new Float64Array(d);
    for (let i = 0; i < data.x.length; i++) mean[i % d] += data.x[i] / data.rows;
    for (const w of [8, 3]) {
      const q = { v: Float64Array.from({ length: d * w }, () => r.normal()), w };
      const a = covTimes(data, q, { mean }),
        b = covTimesBlas(data, q, { mean, blas: { dgemm: blas!.dgemm! } });
      a.v.forEach((v, i) => assertAlmostEquals(b.v[i], v, 1e-12 * (1 + Math.abs(v))));
    }
    const wide = rows(80, 300); // over 64 columns and rows: the Krylov route
    for (const k of [2, 5]) {
      const plain = pcaResidual(wide, k), fast = pcaResidual(wide, k, { blas: blas! });
      assertAlmostEquals(fast, plain, 1e-9 * plain);
    }
  },
});

Deno.test({
  name: "train() returns the BLAS its products went to (evaluation's cue), none with --exact",
  ...withBlas,
  fn: async () => {
    await selectBackend("wasm");
    const data = rows(512, 64);
    const blasOf = async (mode: "auto" | "off") => {
      const m = createAutoencoder([512, 128, 2], { seed: 1 });
      const r = await train(m, data, { epochs: 1, batchSize: 64, lr: 1e-3, seed: 1, blas: mode });
      disposeModel(m);
      return r.blas;
    };
    assertEquals(await blasOf("auto"), systemBlas().blas!);
    assertEquals(await blasOf("off"), undefined);
  },
});

Deno.test({
  name: "a run trained with OpenBLAS is evaluated by it, and redrawRun() writes the same files",
  ...withBlas,
  fn: async () => {
    await using dir = await tempDir();
    const r = rng(3, 3), d = 512, n = 200; // 64 × 512 × 128 = 2^22 multiply-adds: OpenBLAS
    const head = Array.from({ length: d }, (_, j) => `p${j}`).join(",");
    const body = Array.from(
      { length: n },
      () => Array.from({ length: d }, () => Math.floor(r.uniform(0, 17))).join(","),
    );
    await Deno.writeTextFile(`${dir.path}/wide.csv`, [head, ...body].join("\n") + "\n");
    const cfg = trainConfigFromArgs(
      ["--data", `${dir.path}/wide.csv`, "--model", "vae", "--hidden", "128", "--epochs", "1"]
        .concat(["--backend", "wasm", "--out", dir.path, "--name", "w"]),
    );
    await selectBackend("wasm");
    const run = await trainRun(specsOf(cfg));
    assertMatch(run.manifest.engine_reason, /products by (oneDNN|OpenBLAS)/);
    const folder = await writeRunFolder(cfg.out, run.name, run);
    await Deno.remove(run.checkpoint).catch(() => {});
    const redrawn = await redrawRun(folder);
    for (const name of ["latent.csv", "latent.svg", "loss.svg", "index.html"]) {
      assertEquals(redrawn.get(name), await Deno.readTextFile(`${folder}/${name}`), name);
    }
  },
});

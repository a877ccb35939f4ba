// The guardrails (lib/run/warnings.ts): each fires on a constructed case and stays silent on a
// good run; a trained run carries them in run.json's `warnings` and `train` prints them on stderr.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { runWarnings, type WarningInput } from "../../lib/run/warnings.ts";
import { selectBackend } from "../../lib/engine/backend.ts";
import { trainConfigFromArgs } from "../../lib/cli/config_args.ts";
import { specsOf } from "../../lib/run/train_specs.ts";
import { trainRun } from "../../lib/run/train_run.ts";
import { tempDir } from "../temp.ts";

/** A good run: held-out error under PCA's, nothing dead, no early stop. */
const GOOD: WarningInput = {
  model: "ae",
  metrics: {
    scaled_val_mse: 0.45,
    scaled_val_pca_mse: 0.54,
    val_mse: 3000, // worse than PCA in the data's units: the scaled pair decides
    val_pca_mse: 2300,
    reconstruction_mse: 1300,
    pca_mse: 2000,
  },
  columns: 13,
  latent: 2,
  pcaComponents: { wanted: 2, used: 2 },
  earlyStop: { stopped: false, kept: 49, last: 49, patience: 20 },
};
const codes = (w: WarningInput) => runWarnings(w).map((x) => x.code);

Deno.test("a good run gets no warning", () => {
  assertEquals(runWarnings(GOOD), []);
  assertEquals(runWarnings({ ...GOOD, model: "vae", metrics: { ...GOOD.metrics, kl: 3 } }), []);
});

Deno.test("(a) worse than 1.1× PCA on the held-out rows, else the training rows", () => {
  const held = { ...GOOD.metrics, scaled_val_mse: 0.6 }; // 1.11× 0.54
  const [w] = runWarnings({ ...GOOD, model: "dae", metrics: held });
  assertEquals(w.code, "worse-than-pca");
  assertStringIncludes(w.message, "held-out MSE 0.6 is 1.11× PCA's 0.54 (2 components, scaled");
  assertStringIncludes(w.message, "try a smaller --noise");
  assertEquals(codes({ ...GOOD, metrics: { ...GOOD.metrics, scaled_val_mse: 0.59 } }), []);
  const noSplit = { reconstruction_mse: 23, pca_mse: 20 }; // images: the data's units
  const [t] = runWarnings({ ...GOOD, metrics: noSplit });
  assertStringIncludes(t.message, "training MSE 23 is 1.15× PCA's 20 (2 components, the data's");
});

Deno.test("(b) a vae's KL per latent dimension below the collapse threshold", () => {
  const collapsed = { ...GOOD, model: "vae", latent: 2, metrics: { ...GOOD.metrics, kl: 2e-4 } };
  const [w] = runWarnings(collapsed);
  assertEquals(w.code, "kl-collapse");
  assertMatch(w.message, /^KL 0\.0001 nats per latent dimension .*--beta/);
});

Deno.test("(c) a baseline as wide as the data's columns", () => {
  const wide = { ...GOOD, model: "sae", pcaComponents: { wanted: 14, used: 12 } };
  const [w] = runWarnings(wide);
  assertEquals(w.code, "baseline-all-columns");
  assertStringIncludes(w.message, "14 components, as many as the data's 13 columns");
  assertEquals(codes({ ...wide, pcaComponents: { wanted: 12, used: 12 } }), []);
});

Deno.test("(d) outputs dead on every row, named", () => {
  const [w] = runWarnings({ ...GOOD, deadOutputs: ["p1", "p7"] });
  assertEquals(w.code, "dead-outputs");
  assertStringIncludes(w.message, "2 of 13 output units are 0 on every row (their ReLU died): p1");
});

Deno.test("(e) early stopping, only when it triggered", () => {
  const stopped = { ...GOOD, earlyStop: { stopped: true, kept: 9, last: 14, patience: 5 } };
  const [w] = runWarnings(stopped);
  assertEquals(w.code, "early-stop");
  assertStringIncludes(w.message, "holds epoch 9's weights, not epoch 14's");
});

Deno.test("(f) a map no more faithful than PCA's, on the held-out rows where there are some", () => {
  const map = { trustworthiness_5: 0.83, pca_trustworthiness_5: 0.83 }; // a tie is no better
  const [w] = runWarnings({ ...GOOD, model: "pumap", metrics: { ...GOOD.metrics, ...map } });
  assertEquals(w.code, "map-no-better-than-pca");
  assertStringIncludes(w.message, "trustworthiness-5 on the training rows, 0.830, is no better");
  const better = { trustworthiness_5: 0.9, pca_trustworthiness_5: 0.83 };
  assertEquals(codes({ ...GOOD, model: "pumap", metrics: { ...GOOD.metrics, ...better } }), []);
  // The held-out pair decides where it exists, either way.
  const held = { ...better, val_trustworthiness_5: 0.8, val_pca_trustworthiness_5: 0.82 };
  const [v] = runWarnings({ ...GOOD, model: "pumap", metrics: { ...GOOD.metrics, ...held } });
  assertStringIncludes(v.message, "on the held-out rows, 0.800, is no better than PCA's 0.820");
  const heldGood = { ...map, val_trustworthiness_5: 0.9, val_pca_trustworthiness_5: 0.82 };
  assertEquals(codes({ ...GOOD, model: "pumap", metrics: { ...GOOD.metrics, ...heldGood } }), []);
});

Deno.test("a trained run carries its warnings in run.json; train prints them on stderr", async () => {
  await selectBackend("wasm");
  await using tmp = await tempDir();
  const args = ["--data", "data/wine.csv", "--val-split", "0.2"];
  const common = ["--backend", "wasm", "--out", tmp.path];
  const good = await trainRun(specsOf(trainConfigFromArgs([...args, ...common])));
  assertEquals(good.manifest.warnings, []);
  // A dae drowned in noise (12 standard deviations) does worse than PCA.
  const noisy = [...args, ...common, "--model", "dae", "--noise", "gaussian:12", "--name", "n"]
    .concat(["--epochs", "5"]);
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "train", ...noisy],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(r.stderr);
  assertEquals(r.code, 0, err);
  const manifest = JSON.parse(await Deno.readTextFile(`${tmp.path}/n/run.json`));
  assertEquals(manifest.warnings[0].code, "worse-than-pca");
  assert(err.split("\n").includes(`warning: ${manifest.warnings[0].message}`), err);
  const page = await Deno.readTextFile(`${tmp.path}/n/index.html`);
  assertStringIncludes(page, "<h2>Warnings</h2>");
});

Deno.test("trained runs: a vae at β 1 on a table collapses; an L1 sae's baseline needs every column", async () => {
  await selectBackend("wasm");
  await using tmp = await tempDir();
  const run = async (...extra: string[]) =>
    (await trainRun(specsOf(trainConfigFromArgs([
      ...["--data", "data/wine.csv", "--backend", "wasm", "--out", tmp.path],
      ...extra,
    ])))).manifest;
  const vae = await run("--model", "vae", "--beta", "1", "--kl-warmup", "0", "--epochs", "20");
  assert(vae.metrics.kl / 2 < 0.01, `kl ${vae.metrics.kl}`);
  assert(vae.warnings!.some((w) => w.code === "kl-collapse"), JSON.stringify(vae.warnings));
  // --l1 alone (no top-k): about 119 of 256 codes fire per row, beyond wine's 13 columns.
  const sae = await run("--model", "sae", "--l1", "0.0001", "--epochs", "5");
  assert(sae.metrics.l0 >= 13, `l0 ${sae.metrics.l0}`);
  const wide = sae.warnings!.find((w) => w.code === "baseline-all-columns");
  assertStringIncludes(wide!.message, "capped at 12");
});

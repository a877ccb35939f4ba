// `--model pumap` end to end: train on the wine table, then encode and reconstruct new rows
// with the saved run (the fused Wasm step; --engine graph too); flags of its own, and those it
// refuses.

import { parse } from "@std/csv";
import { assert, assertEquals, assertMatch } from "@std/assert";
import { cli, cliEnv } from "./cli.ts";
import { tempDir } from "./temp.ts";

const WINE = ["--data", "data/wine.csv", "--hidden", "16", "--backend", "wasm"];

Deno.test("pumap: train, then encode and reconstruct rows with the saved run", async () => {
  await using tmp = await tempDir();
  const run = `${tmp.path}/wine-pumap`;
  const flags = ["--model", "pumap", "--epochs", "3", "--batch-size", "128", "--neighbors", "10"];
  const t = await cli("train", ...WINE, ...flags, "--out", tmp.path, "--name", "wine-pumap");
  assertEquals(t.code, 0, t.stderr);
  assertMatch(t.stdout, /^kNN graph: built in \d+\.\d s$/m);
  const m = JSON.parse(await Deno.readTextFile(`${run}/run.json`));
  const { neighbors, minDist, noise } = m.config;
  assertEquals([m.engine, neighbors, minDist, noise], ["fused", 10, 0.1, "mask:0.1"]);
  assertMatch(m.engine_reason, /Wasm SIMD kernels/);
  assertEquals(Object.keys(m.epochs[0]), ["epoch", "loss", "umap", "mse"]);
  assert(m.epochs[2].umap < m.epochs[0].umap, "the UMAP loss falls");
  const enc = await cli("encode", "--run", run, "--data", "data/wine.csv");
  assertEquals(enc.code, 0, enc.stderr);
  const latent = parse(await Deno.readTextFile(`${run}/latent.csv`)) as string[][];
  assertEquals(parse(enc.stdout), latent); // new rows map in one pass, as the run's own did
  const rec = await cli("reconstruct", "--run", run, "--data", "data/wine.csv");
  assertEquals(rec.code, 0, rec.stderr);
  const html = await Deno.readTextFile(`${run}/index.html`);
  assertMatch(html, /<b>reconWeight<\/b> 0.1/);
  assertMatch(html, /<b>noise<\/b> mask:0.1/); // the encoder's input noise, on the page too
});

Deno.test("pumap: its flags belong to it; its validation loss is the reconstruction MSE", async () => {
  const other = await cli("train", ...WINE, "--neighbors", "10", "--epochs", "1");
  assertEquals(other.code, 2);
  assertMatch(other.stderr, /--neighbors/);
  await using tmp = await tempDir();
  const flags = ["--model", "pumap", "--val-split", "0.2", "--epochs", "2", "--batch-size", "128"];
  const v = await cli("train", ...WINE, ...flags, "--out", tmp.path, "--name", "v");
  assertEquals(v.code, 0, v.stderr);
  const m = JSON.parse(await Deno.readTextFile(`${tmp.path}/v/run.json`));
  assertEquals(m.training.val_rows, 36);
  assert(m.epochs.every((e: { val_loss: number }) => e.val_loss > 0), "a val_loss each epoch");
});

Deno.test("pumap: Ctrl-C while the kNN graph is built stops there, as train stops elsewhere", async () => {
  await using tmp = await tempDir();
  const flags = ["--model", "pumap", "--epochs", "3", "--batch-size", "128", "--name", "g"];
  const args = ["train", ...WINE, ...flags, "--out", tmp.path];
  const ls = () => [...Deno.readDirSync(tmp.path)].map((e) => e.name).sort();
  // Faults at named points (tasks/fault_hook.ts): a signal at the graph's second progress report
  // (the first is 0%, before the search).
  const fresh = await cliEnv({ AE_TEST_FAULT: "graph-block:2:sigint" }, ...args);
  assertEquals(fresh.code, 130, fresh.stderr);
  assertEquals(
    fresh.stderr.trim().split("\n").at(-1),
    "interrupted before the first checkpoint; nothing was kept",
  );
  assert(!fresh.stdout.includes("[Epoch"), "no epoch ran");
  assertEquals(ls(), []); // no run folder, no lock
  // A resumed run reads its checkpoint first, so a stop in the graph names it.
  const killed = await cliEnv({ AE_TEST_FAULT: "checkpoint-rename:2:kill" }, ...args);
  assertEquals(killed.code, 137, killed.stderr);
  const again = await cliEnv({ AE_TEST_FAULT: "graph-block:1:sigterm" }, ...args, "--resume");
  assertEquals(again.code, 143, again.stderr);
  assertEquals(
    again.stderr.trim().split("\n").at(-1),
    `interrupted: kept the checkpoint ${tmp.path}/.g.ckpt (1 of 3 epochs); resume with: ` +
      `deno task train ${args.slice(1).join(" ")} --resume`,
  );
  assertEquals(ls(), [".g.ckpt"]);
});

Deno.test("pumap: --engine graph still trains it with tfjs ops", async () => {
  await using tmp = await tempDir();
  const flags = ["--model", "pumap", "--epochs", "1", "--batch-size", "256", "--engine", "graph"];
  const t = await cli("train", ...WINE, ...flags, "--out", tmp.path, "--name", "g");
  assertEquals(t.code, 0, t.stderr);
  const m = JSON.parse(await Deno.readTextFile(`${tmp.path}/g/run.json`));
  assertEquals([m.engine, m.config.epochs, m.config.lrSchedule], ["graph", 1, "cosine"]);
});

// sweep and repro read --data once, as train does: from a FIFO (what `<(zcat …)` gives) every
// cell and seed trains on the same rows, and each run.json records the sha256 of those bytes.
// The writer sends the file once; every later open of the FIFO reads an empty file.

import { assert, assertEquals } from "@std/assert";
import { sha256 } from "../../lib/data/sha256.ts";
import { cli } from "../cli.ts";
import { tempDir } from "../temp.ts";

/** Runs `args` with `--data` a FIFO fed data/wine.csv once (then only ever end-of-file). */
async function withFifo(dir: string, args: (fifo: string) => string[]) {
  const fifo = `${dir}/wine.csv`;
  const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
  assert(made.success, new TextDecoder().decode(made.stderr));
  // `cat` writes the file once; the loop then answers each later open with an empty file.
  const writer = new Deno.Command("sh", {
    args: ["-c", 'cat data/wine.csv > "$1"; while :; do : > "$1"; done', "sh", fifo],
  }).spawn();
  try {
    return await cli(...args(fifo));
  } finally {
    writer.kill("SIGKILL"); // the process this test started, by its handle
    await writer.status;
  }
}

/** The `data.sha256` of every run.json under `dir`, recursively. */
async function runHashes(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) found.push(...await runHashes(path));
    else if (e.name === "run.json") {
      found.push(JSON.parse(await Deno.readTextFile(path)).data.sha256);
    }
  }
  return found;
}

const TINY = ["--hidden", "4", "--epochs", "2", "--backend", "wasm"];

Deno.test("sweep --data FIFO: read once, every cell trains on it and records its sha256", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const r = await withFifo(dir, (fifo) => [
    ...["sweep", "--data", fifo, "--latent", "1,2", "--seeds", "34", ...TINY, "--out", `${dir}/o`],
  ]);
  assertEquals(r.code, 0, r.stderr);
  const wine = await sha256(await Deno.readFile("data/wine.csv"));
  assertEquals(await runHashes(`${dir}/o/wine-sweep-runs`), [wine, wine]);
});

Deno.test("repro --data FIFO: read once for every seed and the determinism check", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const r = await withFifo(dir, (fifo) => [
    ...["repro", "--data", fifo, "--seeds", "34-35", "--check-determinism", ...TINY],
    ...["--out", `${dir}/o`],
  ]);
  assertEquals(r.code, 0, r.stderr);
  assert(r.stdout.includes("determinism (seed 34, wasm): identical"), r.stdout);
  const wine = await sha256(await Deno.readFile("data/wine.csv"));
  assertEquals(await runHashes(`${dir}/o`), [wine, wine]);
});

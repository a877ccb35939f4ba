// The notebook's default `deno task train` (digits, ae [64,128,128,2], 50 epochs, on the Wasm
// backend as this machine's auto picks) writes the same bytes as before issue 22's held-out
// metrics, guardrails and data-aware defaults: sha256 of its files at commit 279d0b7.

import { assertEquals } from "@std/assert";
import { sha256 } from "../lib/data/sha256.ts";
import { PERMS } from "./cli.ts";
import { tempDir } from "./temp.ts";

const BEFORE: Record<string, string> = {
  "latent.csv": "6e32d15ba09e1a6f865a2dacf18dbef644f129eef5485078aa6c0bcca41dcb9b",
  "latent.svg": "dfa2ba864228420f6a6d736a3e95462a22f8ceab449cb6c3e627e0750a156270",
  "loss.svg": "94a63fed1f589a535748c3bdd2b1b41c8d42c668d5706515212d7c624595f904",
  "samples.png": "a646840f95c51623941637d89a21f0be150b7f6a068543b8db70f2a131f349c8",
  "reconstructions.png": "c6413e8fb40bfc67c3fd67dace657868af6ea5f8fbfff27e94ceaa0a29b83cdb",
  "model/weights.bin": "b60dcac7a4c29c9d85b1557bca78e6b34bac7f5a0165300a3155ecab97417c15",
  "model/model.json": "c3cd0cb83c9f04a94136619c40bbb40c1de3e07a97e2b294e23872484981cd04",
};

Deno.test("the notebook's default train writes the same bytes as before issue 22", async () => {
  await using tmp = await tempDir();
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...PERMS, "main.ts", "train", "--backend", "wasm", "--out", tmp.path],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(r.code, 0, new TextDecoder().decode(r.stderr));
  const dir = `${tmp.path}/digits-ae-128x128x2-s34`;
  const now: Record<string, string> = {};
  for (const name of Object.keys(BEFORE)) {
    now[name] = await sha256(await Deno.readFile(`${dir}/${name}`));
  }
  assertEquals(now, BEFORE);
  // Its one guardrail, dead ReLU outputs, as the notebook's log always said; no other warning.
  const run = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
  assertEquals(run.warnings.map((w: { code: string }) => w.code), ["dead-outputs"]);
});

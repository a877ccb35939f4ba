// `deno task quality`: its run folders and quality.json, and nothing else left in --out.

import { assertEquals } from "@std/assert";
import { cli } from "./cli.ts";

Deno.test("quality writes each seed's run folder and quality.json, and leaves no checkpoint behind", async () => {
  const out = await Deno.makeTempDir();
  const r = await cli(
    "quality",
    "--seeds",
    "34-35",
    "--max-median",
    "1e9",
    "--data",
    "data/wine.csv",
    "--hidden",
    "4",
    "--epochs",
    "3",
    "--backend",
    "wasm",
    "--out",
    out,
  );
  assertEquals(r.code, 0, r.stderr);
  const ls = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assertEquals(ls(out), ["quality"]);
  assertEquals(ls(`${out}/quality`), ["quality.json", "wine-ae-4x2-s34", "wine-ae-4x2-s35"]);
  const q = JSON.parse(await Deno.readTextFile(`${out}/quality/quality.json`));
  assertEquals([q.seeds, q.pass], [[34, 35], true]);
  await Deno.remove(out, { recursive: true });
});

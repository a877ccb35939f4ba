// `plot` end to end: it redraws a saved run's figures byte for byte without training, a signal
// while it redraws leaves the run folder as it was, and a missing or incomplete run folder is
// named in one line.

import { assertEquals } from "@std/assert";
import { cli, cliEnv, trainTiny } from "./cli.ts";
import { sha } from "./_cli_files.ts";
import { tempDir } from "./temp.ts";

Deno.test("plot redraws a saved run's figures byte for byte without training", async () => {
  await using tmp = await tempDir();
  await trainTiny(tmp.path);
  const dir = `${tmp.path}/digits-ae-32x2-s34`;
  const m = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
  for (
    const f of [
      "latent.csv",
      "latent.svg",
      "samples.png",
      "reconstructions.png",
      "loss.svg",
      "index.html",
    ]
  ) {
    await Deno.remove(`${dir}/${f}`);
  }
  const r = await cli("plot", "--run", dir);
  assertEquals(r.code, 0, r.stderr);
  for (const [name, hash] of Object.entries(m.files)) {
    assertEquals(await sha(`${dir}/${name}`), hash, name);
  }
});

Deno.test("plot: a signal while it redraws exits 130/143 and leaves the run folder as it was", async () => {
  await using tmp = await tempDir();
  await trainTiny(tmp.path);
  const dir = `${tmp.path}/digits-ae-32x2-s34`;
  const before = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  const m = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
  await Deno.remove(`${dir}/latent.svg`); // plot would write it back
  for (
    const [fault, code] of [["phase-figures:1:sigint", 130], ["phase-report page:1:sigterm", 143]]
  ) {
    const r = await cliEnv({ AE_TEST_FAULT: String(fault) }, "plot", "--run", dir);
    assertEquals([r.code, r.stderr.trim()], [code, `interrupted: ${dir}/ was left as it was`]);
    const now = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assertEquals(now, before.filter((f) => f !== "latent.svg")); // nothing new, no temp file
    assertEquals(await sha(`${dir}/index.html`), m.files["index.html"]);
  }
});

Deno.test("plot names a missing or incomplete run folder", async () => {
  await using tmp = await tempDir();
  const r = await cli("plot", "--run", `${tmp.path}/none`);
  assertEquals([r.code, r.stderr.trim()], [
    1,
    `error: ${tmp.path}/none/run.json: file not found; the run folder is incomplete`,
  ]);
  const u = await cli("plot");
  assertEquals(u.code, 2);
});

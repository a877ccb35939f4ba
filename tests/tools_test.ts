// tools/latent_scatter.ts: encode's latent CSV to an SVG scatter (parsed back as XML, one point
// per row, a legend entry per label, in a run's --class-names order when given its folder), and
// a one-line error for a file without z1 and z2.
// tools/wide_csv.ts: the wide timing table, read back by the loader; never over a file.

import { assertEquals, assertStringIncludes } from "@std/assert";
import { xml } from "./cli.ts";
import { tempDir } from "./temp.ts";
import { loadDataset } from "../lib/data/load.ts";

function tool(...args: string[]) {
  return run("tools/latent_scatter.ts", ...args);
}

function run(script: string, ...args: string[]) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", script, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
}

Deno.test("tools/latent_scatter.ts draws one point per row, coloured by label", async () => {
  await using tmp = await tempDir();
  const csv = `${tmp.path}/codes.csv`, svg = `${tmp.path}/codes.svg`;
  await Deno.writeTextFile(csv, "index,label,z1,z2\n0,a,0.5,1\n1,b,-1,2\n2,a,3,-0.25\n");
  const r = await tool(csv, svg, "test codes");
  assertEquals(r.code, 0, new TextDecoder().decode(r.stderr));
  const doc = xml.parseFromString(await Deno.readTextFile(svg), "image/svg+xml");
  const texts = Array.from(doc.getElementsByTagName("text")).map((t) => t.textContent);
  assertStringIncludes(texts.join("|"), "test codes (3 points)");
  assertEquals(["a", "b"].map((l) => texts.includes(l)), [true, true]);
  // One circle per point and one per legend entry.
  assertEquals(doc.getElementsByTagName("circle").length, 3 + 2);
  const again = await tool(csv, svg); // an existing file is never overwritten
  assertEquals(again.code, 1);
  assertEquals(
    new TextDecoder().decode(again.stderr).trim(),
    `error: ${svg} exists; give a new file name`,
  );
});

Deno.test("tools/latent_scatter.ts with a run folder: its --class-names order the legend", async () => {
  await using tmp = await tempDir();
  const csv = `${tmp.path}/codes.csv`, svg = `${tmp.path}/codes.svg`;
  await Deno.writeTextFile(csv, "index,label,z1,z2\n0,Bag,0.5,1\n1,Trouser,-1,2\n");
  await Deno.mkdir(`${tmp.path}/run`);
  const config = { classNames: ["Trouser", "Coat", "Bag"] };
  await Deno.writeTextFile(`${tmp.path}/run/run.json`, JSON.stringify({ config }));
  const r = await tool(csv, svg, "codes", `${tmp.path}/run`);
  assertEquals(r.code, 0, new TextDecoder().decode(r.stderr));
  const doc = xml.parseFromString(await Deno.readTextFile(svg), "image/svg+xml");
  const legend = Array.from(doc.getElementsByTagName("g"))
    .filter((g) => g.getAttribute("class") === "legend-item")
    .map((g) => g.getElementsByTagName("text")[0].textContent);
  assertEquals(legend, config.classNames);
});

Deno.test("tools/latent_scatter.ts names the file when z1 and z2 are missing", async () => {
  await using tmp = await tempDir();
  const csv = `${tmp.path}/bad.csv`;
  await Deno.writeTextFile(csv, "a,b\n1,2\n");
  const r = await tool(csv, `${tmp.path}/out.svg`);
  assertEquals(r.code, 1);
  assertEquals(
    new TextDecoder().decode(r.stderr).trim(),
    `error: ${csv}: expected columns z1 and z2, got a,b`,
  );
  const none = await tool(`${tmp.path}/missing.csv`, `${tmp.path}/x.svg`);
  assertEquals(
    [none.code, new TextDecoder().decode(none.stderr).trim()],
    [1, `error: ${tmp.path}/missing.csv: cannot read it (expected encode's latent CSV)`],
  );
});

Deno.test("tools/wide_csv.ts writes ROWS × COLUMNS numbers under a header, and never over a file", async () => {
  await using tmp = await tempDir();
  const csv = `${tmp.path}/wide.csv`;
  const r = await run("tools/wide_csv.ts", "6", "40", csv);
  assertEquals(r.code, 0, new TextDecoder().decode(r.stderr));
  const data = await loadDataset(csv);
  assertEquals([data.rows, data.columns, data.featureNames.at(-1)], [6, 40, "c39"]);
  const first = await Deno.readTextFile(csv);
  const again = await run("tools/wide_csv.ts", "6", "40", csv);
  assertEquals(
    [again.code, new TextDecoder().decode(again.stderr).trim()],
    [1, `error: ${csv} exists; give a new file name`],
  );
  assertEquals(await Deno.readTextFile(csv), first);
  const usage = await run("tools/wide_csv.ts", "1", "40", `${tmp.path}/other.csv`);
  assertEquals(usage.code, 2);
});

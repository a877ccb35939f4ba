// CSV outputs are safe to open in a spreadsheet, end to end: formula-like labels and column
// names get a leading ' in latent.csv and in encode's and reconstruct's output.

import { assertEquals } from "@std/assert";
import { parse } from "@std/csv";
import { cli } from "./cli.ts";
import { tempDir } from "./temp.ts";

Deno.test("formula-like labels and names get a leading ' in latent.csv, encode and reconstruct output", async () => {
  await using tmp = await tempDir();
  const dir = `${tmp.path}/formula`;
  await Deno.mkdir(dir, { recursive: true });
  const rows = ["=1+1", "-1", "@SUM(A1)", "+x", "cat", "-1"].map((l, i) =>
    `${i},${i * i % 5},${l}`
  );
  await Deno.writeTextFile(`${dir}/f.csv`, ["a,=cmd(),label", ...rows].join("\n") + "\n");
  const flags = ["--epochs", "1", "--hidden", "4", "--latent", "1", "--backend", "wasm"];
  const t = await cli("train", "--data", `${dir}/f.csv`, ...flags, "--out", dir, "--name", "r");
  assertEquals(t.code, 0, t.stderr);
  const want = ["'+x", "'=1+1", "'@SUM(A1)", "-1", "-1", "cat"]; // -1 is a number: left alone
  const labels = (csv: string) => (parse(csv) as string[][]).slice(1).map((r) => r[1]).sort();
  assertEquals(labels(await Deno.readTextFile(`${dir}/r/latent.csv`)), want);
  const e = await cli("encode", "--run", `${dir}/r`, "--data", `${dir}/f.csv`);
  assertEquals([e.code, labels(e.stdout)], [0, want], e.stderr);
  const c = await cli("reconstruct", "--run", `${dir}/r`, "--data", `${dir}/f.csv`);
  assertEquals([c.code, labels(c.stdout)], [0, want], c.stderr);
  assertEquals(parse(c.stdout)[0], ["index", "label", "error", "a", "'=cmd()"]);
});

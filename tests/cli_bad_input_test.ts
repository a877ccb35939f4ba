// The one-line error contract for bad flags and bad CSV input: a mistyped flag names the nearest
// one for every task, and train refuses bad flags (exit 2) and bad data (exit 1) naming the flag,
// file, row and column, with no run folder left.

import { assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { cli } from "./cli.ts";
import { list } from "./_cli_files.ts";
import { tempDir } from "./temp.ts";

const BAD: {
  why: string;
  args: string[];
  file?: string | Uint8Array;
  code: number;
  says: string;
}[] = [
  { why: "missing file", args: ["--data", "nope.csv"], code: 1, says: "nope.csv: file not found" },
  { why: "empty file", args: [], file: "", code: 1, says: "file is empty" },
  { why: "header only", args: [], file: "a,b,c\n", code: 1, says: "header line but no data rows" },
  {
    why: "ragged rows",
    args: [],
    file: "1,2,3\n4,5\n",
    code: 1,
    says: "row 2 has 2 fields; expected 3",
  },
  {
    why: "non-numeric cell",
    args: [],
    file: "1,2,3\n4,x,6\n",
    code: 1,
    says: "row 2, column index 1",
  },
  { why: "NaN cell", args: [], file: "1,2,3\n4,NaN,6\n", code: 1, says: "got 'NaN'" },
  {
    why: "binary garbage",
    args: [],
    file: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff]),
    code: 1,
    says: "bad.csv: binary data",
  },
  {
    why: "zero epochs",
    args: ["--epochs", "0"],
    code: 2,
    says: "--epochs expects an integer ≥ 1 or auto, got '0'",
  },
  {
    why: "negative epochs",
    args: ["--epochs", "-5"],
    code: 2,
    says: "--epochs expects an integer ≥ 1 or auto, got '-5'",
  },
  { why: "latent 0", args: ["--latent", "0"], code: 2, says: "--latent expects an integer ≥ 1" },
  {
    why: "latent ≥ input size",
    args: ["--latent", "64"],
    code: 2,
    says: "--latent must be smaller than the data's 64 columns",
  },
  {
    why: "unknown backend",
    args: ["--backend", "cuda"],
    code: 2,
    says: "--backend expects one of",
  },
  {
    why: "unknown flag",
    args: ["--epoch", "3"],
    code: 2,
    says: "unknown flag --epoch; did you mean --epochs?",
  },
  {
    why: "flag of another model",
    args: ["--beta", "2"],
    code: 2,
    says: "--beta applies to --model vae, not ae",
  },
  {
    why: "bad noise",
    args: ["--model", "dae", "--noise", "salt:3"],
    code: 2,
    says: "--noise expects gaussian:<sigma> or mask:<p>, got 'salt:3'",
  },
  {
    why: "unknown model",
    args: ["--model", "gan"],
    code: 2,
    says: "--model expects one of ae|vae|dae|sae|pumap, got 'gan'",
  },
  {
    why: "vae on negative data",
    args: ["--model", "vae", "--scale", "standard"],
    file: "a,b,c\n1,-2,3\n4,5,6\n",
    code: 1,
    says: "--model vae models values in [0, max]",
  },
  { why: "non-numeric lr", args: ["--lr", "abc"], code: 2, says: "--lr expects a number > 0" },
  {
    why: "a seed beyond 2^53",
    args: ["--seed", "1e300"],
    code: 2,
    says: "--seed expects an integer from 0 to 9007199254740991",
  },
  { why: "an empty name", args: ["--name", ""], code: 2, says: "flag --name needs a value" },
  {
    why: "one row",
    args: [],
    file: "a,b,c\n1,2,3\n",
    code: 1,
    says: "bad.csv: has 1 data row; training needs at least 2",
  },
  {
    why: "a value beyond float32",
    args: [],
    file: "a,b,c\n1,2,3\n4,1e39,6\n",
    code: 1,
    says: "row 3, column index 1 ('b'): 1e39 exceeds float32 range",
  },
  {
    why: "a stray quote",
    args: [],
    file: 'a,b,c\n1,"2,3\n4,5,6\n',
    code: 1,
    says: "bad.csv: row 2: a quoted field is never closed",
  },
];
// A mistyped flag names the nearest one the task takes, its own flags included (sweep's
// --tolerance, repro's --seeds are taken out before train's flags are read).
const TYPOS: [task: string, typo: string, meant: string][] = [
  ["train", "--epoch", "--epochs"],
  ["plot", "--runs", "--run"],
  ["encode", "--ouput", "--output"],
  ["reconstruct", "--unit", "--units"],
  ["detect", "--contamnation", "--contamination"],
  ["sweep", "--tolerence", "--tolerance"],
  ["repro", "--seds", "--seeds"],
  ["quality", "--max-medain", "--max-median"],
  ["bench", "--thread", "--threads"],
];
Deno.test("every task: a mistyped flag is one line naming the nearest flag, exit 2", async () => {
  await using tmp = await tempDir();
  for (const [task, typo, meant] of TYPOS) {
    const r = await cli(task, typo, "1", "--out", `${tmp.path}/out`);
    assertEquals(r.code, 2, `${task}: ${r.stderr}`);
    assertEquals(r.stderr, `error: unknown flag ${typo}; did you mean ${meant}?\n`, task);
  }
  assertEquals([...Deno.readDirSync(tmp.path)], [], "a task wrote something");
});

for (const bad of BAD) {
  Deno.test(`train rejects ${bad.why}: one line, exit ${bad.code}, no run folder`, async () => {
    await using tmp = await tempDir();
    const out = `${tmp.path}/out`;
    const args = [...bad.args];
    if (bad.file !== undefined) {
      await Deno.mkdir(out, { recursive: true });
      if (typeof bad.file === "string") await Deno.writeTextFile(`${out}/bad.csv`, bad.file);
      else await Deno.writeFile(`${out}/bad.csv`, bad.file);
      args.push("--data", `${out}/bad.csv`);
    }
    const r = await cli("train", ...args, "--out", out);
    assertEquals(r.code, bad.code, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assertEquals(lines.length, 1, r.stderr);
    assertMatch(lines[0], /^error: /);
    assertStringIncludes(lines[0], bad.says);
    assertEquals((await list(out)).filter((n) => n !== "bad.csv"), []);
  });
}

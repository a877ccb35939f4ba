// `train` on small tables of your own: a missing label column, constant columns (one noted,
// every one refused), quoted fields, Windows line endings, a trailing empty line, and flags that
// do not fit the data, each with its exit code and one-line message.

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { cli } from "./cli.ts";
import { moduleTempDir } from "./temp.ts";

// Each test writes into its own subfolder of this one, removed when the module ends.
const tmp = moduleTempDir("own_data_cases_test-");

const CASES: {
  why: string;
  file: string;
  args?: string[];
  code: number;
  says?: string;
  rows?: number;
}[] = [
  {
    why: "a label column that does not exist",
    file: "a,b\n1,2\n",
    args: ["--label-column", "kind"],
    code: 1,
    says: "no column named 'kind'",
  },
  {
    why: "a constant column under standard scaling",
    file: "a,b,c\n1,5,2\n2,5,1\n3,5,0\n4,5,2\n",
    args: ["--scale", "standard", "--latent", "1"],
    code: 0,
    rows: 4,
  },
  {
    why: "every column constant",
    file: "a,b,c\n1,5,2\n1,5,2\n1,5,2\n",
    args: ["--latent", "1"],
    code: 1,
    says: "t.csv: every column is constant (all 3 rows hold the same values); nothing to learn",
  },
  {
    why: "quoted fields",
    file: '"a","b","c"\n"1","2","3"\n"4","5","6"\n',
    args: ["--latent", "1"],
    code: 0,
    rows: 2,
  },
  {
    why: "Windows line endings",
    file: "a,b,c\r\n1,2,3\r\n4,5,6\r\n",
    args: ["--latent", "1"],
    code: 0,
    rows: 2,
  },
  {
    why: "a trailing empty line",
    file: "a,b,c\n1,2,3\n4,5,6\n\n",
    args: ["--latent", "1"],
    code: 0,
    rows: 2,
  },
  {
    why: "--image-shape that does not fit",
    file: "a,b,c\n1,2,3\n",
    args: ["--image-shape", "2x2"],
    code: 2,
    says: "--image-shape 2x2 needs 4 columns",
  },
  {
    why: "--val-split out of range",
    file: "a,b,c\n1,2,3\n",
    args: ["--val-split", "1.5"],
    code: 2,
    says: "--val-split expects a number",
  },
  {
    why: "--no-header on a file with a header",
    file: "a,b,c\n1,2,3\n",
    args: ["--no-header"],
    code: 1,
    says: "row 1, column index 0",
  },
];
for (const c of CASES) {
  Deno.test(`train handles ${c.why}`, async () => {
    const dir = `${tmp}/case-${c.why.replace(/\W+/g, "_")}`;
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(`${dir}/t.csv`, c.file);
    const r = await cli(
      "train",
      "--data",
      `${dir}/t.csv`,
      "--epochs",
      "2",
      "--hidden",
      "4",
      "--backend",
      "wasm",
      "--out",
      `${dir}/out`,
      "--name",
      "r",
      ...(c.args ?? []),
    );
    assertEquals(r.code, c.code, r.stderr);
    if (c.says) {
      assertEquals(r.stderr.trim().split("\n").length, 1, r.stderr);
      assertStringIncludes(r.stderr, c.says);
    }
    if (c.rows) {
      const m = JSON.parse(await Deno.readTextFile(`${dir}/out/r/run.json`));
      assertEquals(m.data.rows, c.rows);
      for (const [k, v] of Object.entries(m.metrics)) assert(Number.isFinite(v), `${k} = ${v}`);
      if (c.why.includes("constant")) {
        assertEquals(m.training.constant_columns, ["b"]);
        assertStringIncludes(r.stdout, "note: 1 of 3 columns is constant (b); it scales to 0");
      }
    }
  });
}

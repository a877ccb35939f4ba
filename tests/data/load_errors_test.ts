// Bad CSV input is one DataError line naming the file and the place: each bad table parseCsv()
// rejects and loadDataset() streams, missing, unreadable, non-UTF-8 files and folders, a stray
// quote found fast, and training data of one row.

import { assert, assertEquals, assertRejects, assertThrows } from "@std/assert";
import { CsvSplitter } from "../../lib/data/csv_stream.ts";
import { loadDataset, parseCsv } from "../../lib/data/load.ts";
import { DEFAULTS } from "../../lib/config.ts";
import { DataError } from "../../lib/errors.ts";
import { loadConfiguredData } from "../../lib/run/train_run.ts";
import { failure, withFile } from "./_load_files.ts";

const bad: [string, string, RegExp][] = [
  ["empty file", "", /t\.csv: file is empty/],
  ["blank lines only", "\n\n", /file is empty/],
  ["header only", "a,b,label\n", /header line but no data rows/],
  ["ragged row", "a,b\n1,2\n3\n", /row 3 has 1 fields; expected 2/],
  [
    "non-numeric cell",
    "a,b\n1,2\n3,x\n",
    /row 3, column index 1 \('b'\): expected a finite number, got 'x'/,
  ],
  ["NaN cell", "1,2\nNaN,4\n", /row 2, column index 0: expected a finite number, got 'NaN'/],
  ["empty cell", "1,2\n,4\n", /row 2, column index 0: expected a finite number, got ''/],
  [
    "Infinity",
    "1,2\n3,Infinity\n",
    /row 2, column index 1: expected a finite number, got 'Infinity'/,
  ],
  ["-Infinity", "a,b\n3,-Infinity\n", /row 2, column index 1 \('b'\)/],
  ["binary", "PK\x03\x04\0\0garbage", /t\.csv: binary data \(NUL byte at/],
  ["hex", "1,2\n0x1F,4\n", /row 2, column index 0: expected a decimal number, got '0x1F' \(hex/],
  ["a binary number", "a,b\n3, 0b11\n", /row 2, column index 1 \('b'\): expected a decimal number/],
  ["an octal number", "1,2\n0o17,4\n", /expected a decimal number, got '0o17'/],
  ["duplicate names", "a,b,a\n1,2,3\n", /t\.csv: row 1: column indexes 0 and 2 are both named 'a'/],
  [
    "semicolons",
    "a;b;c\n1;2;3\n",
    /has 1 feature column\(s\); .* \(the line holds ';': fields must/,
  ],
  ["tabs", "1\t2\t3\n4\t5\t6\n", /has 1 feature column\(s\).*\(the line holds tabs/],
  ["a semicolon in a cell", "a,b\n1,2\n3;4,5\n", /got '3;4' \(the line holds ';'/],
  ["1e39", "a,b\n1,2\n3,1e39\n", /row 3, column index 1 \('b'\): 1e39 exceeds float32 range/],
  ["3.5e38", "1,2\n3.5e38,4\n", /row 2, column index 0: 3\.5e38 exceeds float32 range/],
  ["-1e39", "1,2\n3,-1e39\n", /row 2, column index 1: -1e39 exceeds float32 range/],
  ["one column", "a\n1\n2\n", /1 feature column/],
  ["one column beside a label", "a,label\n1,2\n", /1 feature column/],
  ["an unclosed quote", 'a,b\n1,"2\n3,4\n', /row 2: a quoted field is never closed/],
  [
    "text after a quote",
    'a,b\n1,"2"x\n',
    /row 2, column index 1: unexpected 'x' after a closing quote/,
  ],
];
for (const [what, text, message] of bad) {
  Deno.test(`parseCsv() rejects ${what} with a DataError naming the place`, async () => {
    const m = await failure(() => parseCsv(text, { source: "t.csv" }));
    assert(message.test(m), m);
  });
}

Deno.test("loadDataset() streams the same errors, naming the file", async () => {
  for (const [what, text, message] of bad) {
    await withFile(text, async (path) => {
      const m = await failure(() => loadDataset(path));
      assert(m.startsWith(`${path}: `), m);
      assert(message.test(m.replace(path, "t.csv")), `${what}: ${m}`);
    });
  }
});

Deno.test("loadDataset() names a missing file, a folder, invalid UTF-8 and UTF-16", async () => {
  await assertRejects(() => loadDataset("no/such.csv"), DataError, "no/such.csv: file not found");
  await assertRejects(() => loadDataset("tests"), DataError, "tests: is a folder");
  const notUtf8 = new Uint8Array([0x31, 0x2c, 0x32, 0x0a, 0x33, 0x2c, 0xc3, 0x28, 0x0a]);
  await withFile(notUtf8, (p) => assertRejects(() => loadDataset(p), DataError, "not a text file"));
  const cut = new Uint8Array([0x31, 0x2c, 0x32, 0x0a, 0x33, 0x2c, 0x34, 0xc3]); // ends mid-character
  await withFile(cut, (p) => assertRejects(() => loadDataset(p), DataError, "not a text file"));
  const utf16 = new Uint8Array([0xff, 0xfe, 0x31, 0, 0x2c, 0, 0x32, 0, 0x0a, 0]);
  await withFile(utf16, (p) => assertRejects(() => loadDataset(p), DataError, "is UTF-16 text"));
});

Deno.test("loadDataset() names an unreadable file", async () => {
  await withFile("1,2\n", async (path) => {
    await Deno.chmod(path, 0o000);
    // Root reads files whatever their mode (as in CI containers): the assertion then cannot fail
    // the read, so it only runs where the mode really blocks reading.
    const blocked = await Deno.readTextFile(path).then(() => false, () => true);
    if (blocked) {
      await assertRejects(() => loadDataset(path), DataError, `${path}: not readable`);
    }
  });
});

Deno.test("A stray quote fails fast naming its row: at the end of the text, or after 1 MB open", async () => {
  // On the old splitter the open record was re-parsed on every line: these took minutes.
  const short = 'a,b,c,d\n1,"2,3,4\n' + "1,2,3,4\n".repeat(50_000); // 400 KB: open to the end
  assertThrows(
    () => parseCsv(short, { source: "q.csv" }),
    DataError,
    `q.csv: row 2: a quoted field is never closed (a stray '"'?)`,
  );
  const long = '1,"2,3,4\n' + "1,2,3,4\n".repeat(200_000); // 1.6 MB: stops at the bound
  const lines: number[] = [];
  const splitter = new CsvSplitter("q.csv", (_, line) => lines.push(line));
  const m = await failure(() => {
    for (let i = 0; i < long.length; i += 65536) splitter.feed(long.slice(i, i + 65536));
    splitter.end();
  });
  assertEquals(
    m,
    `q.csv: row 1: a quoted field is still open after 1048576 characters (a stray '"'?)`,
  );
  assertEquals(lines, []);
});

Deno.test("Training data needs 2 rows: loadConfiguredData() names the file", async () => {
  assertEquals(parseCsv("a,b\n1,2\n").rows, 1); // encode/reconstruct may apply a model to one row
  await withFile("a,b,c\n1,2,3\n", async (path) => {
    const cfg = { ...DEFAULTS, data: path, imageShape: null, scale: "standard" as const };
    await assertRejects(
      () => loadConfiguredData(cfg),
      DataError,
      `${path}: has 1 data row; training needs at least 2`,
    );
  });
});

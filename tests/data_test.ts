import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { loadDataset, parseCsv, row } from "../lib/data.ts";
import { DataError } from "../lib/errors.ts";

Deno.test("loadDataset() reads the digits: 1797 rows, 64 columns, labels 0-9, 8x8 images", async () => {
  const d = await loadDataset("data/digits.csv");
  assertEquals([d.rows, d.columns, d.imageShape], [1797, 64, [8, 8]]);
  assertEquals(d.classes, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  // First row of sklearn's load_digits(): a zero.
  assertEquals(Array.from(row(d, 0).subarray(0, 8)), [0, 0, 5, 13, 9, 1, 0, 0]);
  assertEquals(d.classes[d.labels![0]], "0");
  assertEquals(d.featureNames[63], "p63");
});

Deno.test("parseCsv() detects a header, a label column and a headerless file", () => {
  const withHeader = parseCsv("a,b,label\n1,2,cat\n3,4,dog\n5,6,cat\n");
  assertEquals(withHeader.featureNames, ["a", "b"]);
  assertEquals(withHeader.classes, ["cat", "dog"]);
  assertEquals(Array.from(withHeader.labels!), [0, 1, 0]);
  assertEquals(Array.from(withHeader.x), [1, 2, 3, 4, 5, 6]);
  const plain = parseCsv("1,2,3\r\n4,5,6\r\n\r\n");
  assertEquals([plain.rows, plain.columns, plain.labels], [2, 3, null]);
  assertEquals(plain.featureNames, ["c0", "c1", "c2"]);
});

Deno.test("parseCsv() sorts numeric labels numerically", () => {
  const d = parseCsv("x,y,class\n1,1,10\n2,2,9\n3,3,2\n");
  assertEquals(d.classes, ["2", "9", "10"]);
});

const bad: [string, string, RegExp][] = [
  ["empty file", "", /t\.csv: file is empty/],
  ["blank lines only", "\n\n", /file is empty/],
  ["header only", "a,b,label\n", /header line but no data rows/],
  ["ragged row", "a,b\n1,2\n3\n", /row 3 has 1 fields; expected 2/],
  [
    "non-numeric cell",
    "a,b\n1,2\n3,x\n",
    /row 3, column 2 \('b'\): expected a finite number, got 'x'/,
  ],
  ["NaN cell", "1,2\nNaN,4\n", /row 2, column 1: expected a finite number, got 'NaN'/],
  ["empty cell", "1,2\n,4\n", /row 2, column 1: expected a finite number, got ''/],
  ["Infinity", "1,2\n3,Infinity\n", /row 2, column 2/],
  ["binary", "PK\x03\x04\0\0garbage", /binary data/],
  ["one column", "a\n1\n2\n", /1 feature column/],
];
for (const [what, text, message] of bad) {
  Deno.test(`parseCsv() rejects ${what} with a DataError naming the place`, () => {
    assertThrows(() => parseCsv(text, { source: "t.csv" }), DataError, undefined);
    try {
      parseCsv(text, { source: "t.csv" });
    } catch (e) {
      assertEquals(message.test((e as Error).message), true, (e as Error).message);
      assertEquals((e as Error).message.includes("\n"), false);
    }
  });
}

Deno.test("loadDataset() names a missing file, a folder and invalid UTF-8", async () => {
  await assertRejects(() => loadDataset("no/such.csv"), DataError, "no/such.csv: file not found");
  await assertRejects(() => loadDataset("tests"), DataError, "tests:");
  const tmp = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeFile(tmp, new Uint8Array([0xff, 0xfe, 0x31, 0x2c, 0x32, 0x0a]));
  await assertRejects(() => loadDataset(tmp), DataError, "not a text file");
  await Deno.remove(tmp);
});

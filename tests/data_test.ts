import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { loadDataset, parseCsv, row } from "../lib/data.ts";
import { DataError } from "../lib/errors.ts";

Deno.test("loadDataset() reads the digits: 1797 rows, 64 columns, labels 0-9", async () => {
  const d = await loadDataset("data/digits.csv");
  assertEquals([d.rows, d.columns, d.imageShape, d.header, d.labelName], [
    1797,
    64,
    null,
    true,
    "label",
  ]);
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

Deno.test("parseCsv() honours --header/--no-header and --label-column by name, index or none", () => {
  const t = "1,2,3\n4,5,6\n7,8,9\n";
  assertEquals(parseCsv(t, { header: true }).featureNames, ["1", "2", "3"]);
  assertEquals(parseCsv(t, { header: true }).rows, 2);
  assertEquals(parseCsv(t, { labelColumn: "2" }).classes, ["3", "6", "9"]);
  const named = parseCsv("a,kind,b\n1,x,2\n3,y,4\n", { labelColumn: "kind" });
  assertEquals([named.featureNames, named.classes, named.labelName], [
    ["a", "b"],
    ["x", "y"],
    "kind",
  ]);
  assertEquals(parseCsv("a,b,label\n1,2,3\n4,5,6\n", { labelColumn: "none" }).columns, 3);
  assertThrows(
    () => parseCsv("a,b\n1,2\n", { header: false, source: "h.csv" }),
    DataError,
    "h.csv: row 1, column 1: expected a finite number, got 'a'",
  );
  assertThrows(
    () => parseCsv("a,b,c\n1,2,3\n", { labelColumn: "kind", source: "k.csv" }),
    DataError,
    "k.csv: no column named 'kind'; columns are a, b, c",
  );
  assertThrows(() => parseCsv("1,2,3\n", { labelColumn: "5" }), DataError, "out of range");
  assertThrows(
    () => parseCsv("a,b,label\n1,2,\n", { source: "e.csv" }),
    DataError,
    "e.csv: row 2, column 3 ('label'): empty label",
  );
});

Deno.test("parseCsv() reads quoted fields, CRLF, a BOM, spaces and trailing blank lines", () => {
  const d = parseCsv('\uFEFF"a","b","c"\r\n"1", 2 ,"3"\r\n4,5,6\r\n\r\n\n');
  assertEquals([d.featureNames, Array.from(d.x), d.rows], [["a", "b", "c"], [1, 2, 3, 4, 5, 6], 2]);
});

Deno.test("loadDataset() streams a 70,000-row file with progress and agrees with parseCsv()", async () => {
  const lines = ["a,b,c,d,e,f,g,h,i,label"];
  for (let i = 0; i < 70000; i++) {
    lines.push(
      [...Array.from({ length: 9 }, (_, j) => ((i * 31 + j * 7) % 97) / 4), i % 3].join(","),
    );
  }
  const text = lines.join("\r\n") + "\r\n";
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(path, text);
  const seen: number[] = [];
  const streamed = await loadDataset(path, { onProgress: (p) => seen.push(p.rows) });
  const parsed = parseCsv(text, { source: path });
  assertEquals(streamed.rows, 70000);
  assertEquals(streamed.x, parsed.x);
  assertEquals(Array.from(streamed.labels!), Array.from(parsed.labels!));
  assertEquals(streamed.x[9 * 12345 + 4], ((12345 * 31 + 4 * 7) % 97) / 4);
  assertEquals(seen, [65535]); // once per 65,536 lines: the header and 65,535 rows
  await Deno.remove(path);
});

Deno.test("loadDataset() names an unreadable file", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(path, "1,2\n");
  await Deno.chmod(path, 0o000);
  // Root reads files whatever their mode; only an ordinary user can see the error.
  const blocked = await Deno.readTextFile(path).then(() => false, () => true);
  if (blocked) await assertRejects(() => loadDataset(path), DataError, "not readable");
  await Deno.remove(path);
});

// parseCsv() on CSV text: a header and a label column detected or chosen (--header/--no-header,
// --label-column), labels sorted numerically, no image shape inferred, quoted fields, CRLF and a
// BOM, and numbers in every decimal spelling up to float32's largest.

import { assert, assertEquals, assertFalse, assertThrows } from "@std/assert";
import { parseCsv } from "../../lib/data/load.ts";
import { DataError } from "../../lib/errors.ts";

Deno.test("parseCsv() detects a header, a label column and a headerless file", () => {
  const withHeader = parseCsv("a,b,label\n1,2,cat\n3,4,dog\n5,6,cat\n");
  assertEquals(withHeader.featureNames, ["a", "b"]);
  assertEquals(withHeader.classes, ["cat", "dog"]);
  assertEquals(Array.from(withHeader.labels!), [0, 1, 0]);
  assertEquals(Array.from(withHeader.x), [1, 2, 3, 4, 5, 6]);
  assertEquals([withHeader.header, withHeader.labelName], [true, "label"]);
  const plain = parseCsv("1,2,3\r\n4,5,6\r\n\r\n");
  assertEquals([plain.rows, plain.columns, plain.labels], [2, 3, null]);
  assertEquals([plain.header, plain.labelName, plain.classes], [false, null, []]);
  assertEquals(plain.featureNames, ["c0", "c1", "c2"]);
});

Deno.test("parseCsv() takes the first non-blank line as header if any cell is not a number", () => {
  const names = parseCsv("\n  \nx,1,2\n1,2,3\n", { source: "b.csv" }).featureNames;
  assertEquals(names, ["x", "1", "2"]); // one non-numeric cell makes a header
  assertThrows(
    () => parseCsv("\n\nx,1,2\n1,2,3\n4,5,x\n", { source: "b.csv" }),
    DataError,
    "b.csv: row 5, column index 2 ('2'): expected a finite number, got 'x'", // lines as an editor counts
  );
  assertFalse(parseCsv("\n1, 2\n3,4\n").header, "a first line of numbers is not a header");
  assertEquals(parseCsv("Class,a,b\n1,2,3\n1,5,6\n").labelName, "Class"); // any case
});

Deno.test("parseCsv() never infers an image shape, even for 64 columns", () => {
  const line = Array.from({ length: 64 }, (_, j) => j).join(",");
  const d = parseCsv(`${line}\n${line}\n`);
  assertEquals([d.columns, d.imageShape, d.header], [64, null, false]);
});

Deno.test("parseCsv() sorts numeric labels numerically", () => {
  const d = parseCsv("x,y,class\n1,1,10\n2,2,9\n3,3,2\n");
  assertEquals(d.classes, ["2", "9", "10"]);
  assertEquals(Array.from(d.labels!), [2, 1, 0]);
});

Deno.test("parseCsv() honours --header/--no-header and --label-column by name, index or none", () => {
  const t = "1,2,3\n4,5,6\n7,8,9\n";
  assertEquals(parseCsv(t, { header: true }).featureNames, ["1", "2", "3"]);
  assertEquals(parseCsv(t, { header: true }).rows, 2);
  const byIndex = parseCsv(t, { labelColumn: "2" });
  assertEquals([byIndex.classes, byIndex.columns, byIndex.featureNames], [
    ["3", "6", "9"],
    2,
    ["c0", "c1"],
  ]);
  const named = parseCsv("a,kind,b\n1,x,2\n3,y,4\n", { labelColumn: "kind" });
  assertEquals([named.featureNames, named.classes, named.labelName], [
    ["a", "b"],
    ["x", "y"],
    "kind",
  ]);
  assertEquals(parseCsv("a,b,c,d\n1,2,3,4\n", { labelColumn: "0" }).labelName, "a");
  const none = parseCsv("a,b,label\n1,2,3\n4,5,6\n", { labelColumn: "none" });
  assertEquals([none.columns, none.labels, none.labelName], [3, null, null]);
  assertThrows(
    () => parseCsv("a,b\n1,2\n", { header: false, source: "h.csv" }),
    DataError,
    "h.csv: row 1, column index 0: expected a finite number, got 'a'",
  );
  assertThrows(
    () => parseCsv("a,b,c\n1,2,3\n", { labelColumn: "kind", source: "k.csv" }),
    DataError,
    "k.csv: no column named 'kind'; columns are a, b, c",
  );
  const wide = Array.from({ length: 30 }, (_, j) => `f${j}`).join(",");
  const m = assertThrows(() => parseCsv(`${wide}\n${"1,".repeat(29)}1\n`, { labelColumn: "y" }));
  assert(
    (m as Error).message.endsWith(
      "columns are f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, …",
    ),
  );
  assertThrows(() => parseCsv("1,2,3\n", { labelColumn: "5" }), DataError, "out of range");
  assertThrows(() => parseCsv("1,2,3\n", { labelColumn: "3" }), DataError, "out of range");
  assertThrows(
    () => parseCsv("a,b,label\n1,2,\n", { source: "e.csv" }),
    DataError,
    "e.csv: row 2, column index 2 ('label'): empty label",
  );
});

Deno.test("parseCsv() reads quoted fields, CRLF, a BOM, spaces and trailing blank lines", () => {
  const d = parseCsv('\uFEFF"a","b","c"\r\n"1", 2 ,"3"\r\n4,5,6\r\n\r\n\n');
  assertEquals([d.featureNames, Array.from(d.x), d.rows], [["a", "b", "c"], [1, 2, 3, 4, 5, 6], 2]);
  const q = parseCsv('"x, ""the"" first" , "y\nin two lines"\n 1 , "2"\n');
  assertEquals([q.featureNames, Array.from(q.x)], [['x, "the" first', "y\nin two lines"], [1, 2]]);
});

Deno.test("parseCsv() keeps values up to float32's largest, and tiny ones", () => {
  const d = parseCsv("3.4e38,-3.4028235e38,1e-30\n1,2,3\n");
  assertEquals(Array.from(d.x.subarray(0, 3)), [3.4e38, -3.4028235e38, 1e-30].map(Math.fround));
});

Deno.test("parseCsv() reads decimals in every spelling Number() shares with them", () => {
  const d = parseCsv("a,b,c,d\n1e3,-.5,+2,0.\n 7 ,0010,1E-2,-0\n");
  assertEquals(Array.from(d.x), [1000, -0.5, 2, 0, 7, 10, 0.01, -0].map(Math.fround));
});

// Choosing rows by label (--normal-label, --positive-label): parsing, masks, unknown labels.

import { assertEquals, assertThrows } from "@std/assert";
import { labelMask, parseLabelList, rowsWithLabels } from "../../lib/data/labels.ts";
import { parseCsv } from "../../lib/data/load.ts";
import { UsageError } from "../../lib/errors.ts";

const DATA = parseCsv("a,b,label\n1,2,x\n3,4,y\n5,6,z\n7,8,x\n", { source: "t.csv" });

Deno.test("rows with the listed labels, in file order, classes narrowed", () => {
  assertEquals(parseLabelList("normal-label", " x, z,x"), ["x", "z"]);
  assertEquals(Array.from(labelMask(DATA, ["x", "z"], { flag: "normal-label" })), [1, 0, 1, 1]);
  const kept = rowsWithLabels(DATA, ["x", "z"], { flag: "normal-label" });
  assertEquals([kept.rows, Array.from(kept.x), kept.classes], [3, [1, 2, 5, 6, 7, 8], ["x", "z"]]);
  assertEquals(Array.from(kept.labels!), [0, 1, 0]);
  assertEquals(rowsWithLabels(DATA, [], { flag: "normal-label" }), DATA);
});

Deno.test("unknown labels, empty names and unlabelled data are usage errors naming the flag", () => {
  assertThrows(
    () => labelMask(DATA, ["w"], { flag: "positive-label" }),
    UsageError,
    "--positive-label: no label 'w' in t.csv; its labels are x, y, z",
  );
  assertThrows(() => parseLabelList("normal-label", "x,,y"), UsageError, "--normal-label expects");
  const bare = parseCsv("1,2\n3,4\n", { source: "bare.csv" });
  assertThrows(
    () => rowsWithLabels(bare, ["1"], { flag: "normal-label" }),
    UsageError,
    "--normal-label needs a label column; bare.csv has none",
  );
});

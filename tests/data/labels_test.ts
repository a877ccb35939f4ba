// Choosing rows by label (--normal-label, --positive-label): parsing, masks, unknown labels.

import { assertEquals, assertThrows } from "@std/assert";
import { labelMask, parseLabelList, rowsWithLabels } from "../../lib/data/labels.ts";
import { parseCsv } from "../../lib/data/load.ts";
import { ConfigError } from "../../lib/errors.ts";

const DATA = parseCsv("a,b,label\n1,2,x\n3,4,y\n5,6,z\n7,8,x\n", { source: "t.csv" });

Deno.test("rows with the listed labels, in file order, classes narrowed", () => {
  assertEquals(parseLabelList("normal-label", " x, z,x"), ["x", "z"]);
  assertEquals(Array.from(labelMask(DATA, ["x", "z"], { field: "normalLabels" })), [1, 0, 1, 1]);
  const kept = rowsWithLabels(DATA, ["x", "z"], { field: "normalLabels" });
  assertEquals([kept.rows, Array.from(kept.x), kept.classes], [3, [1, 2, 5, 6, 7, 8], ["x", "z"]]);
  assertEquals(Array.from(kept.labels!), [0, 1, 0]);
  assertEquals(rowsWithLabels(DATA, [], { field: "normalLabels" }), DATA);
});

Deno.test("unknown labels, empty names and unlabelled data are ConfigErrors naming the field", () => {
  assertThrows(
    () => labelMask(DATA, ["w"], { field: "positiveLabels" }),
    ConfigError,
    "positiveLabels: no label 'w' in t.csv; its labels are x, y, z",
  );
  assertThrows(() => parseLabelList("normalLabels", "x,,y"), ConfigError, "normalLabels expects");
  const bare = parseCsv("1,2\n3,4\n", { source: "bare.csv" });
  assertThrows(
    () => rowsWithLabels(bare, ["1"], { field: "normalLabels" }),
    ConfigError,
    "normalLabels needs a label column; bare.csv has none",
  );
});

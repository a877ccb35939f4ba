// Class names (--class-names): parsing, renaming a data set's classes in order, and the
// one-line errors for a wrong count, unlabelled data, empty or repeated names.

import { assertEquals, assertThrows } from "@std/assert";
import { nameClasses, parseClassNames } from "../../lib/data/labels.ts";
import { parseCsv } from "../../lib/data/load.ts";
import { ConfigError } from "../../lib/errors.ts";

const DATA = parseCsv("a,b,label\n1,0,2\n3,0,10\n5,0,1\n7,0,2\n", { source: "t.csv" });

Deno.test("class names replace the sorted classes in order; rows and labels stay", () => {
  assertEquals(DATA.classes, ["1", "2", "10"]); // numeric labels sort as numbers
  const named = nameClasses(DATA, parseClassNames("classNames", " one, two ,ten"), {
    field: "classNames",
  });
  assertEquals(named.classes, ["one", "two", "ten"]);
  assertEquals(Array.from(named.labels!, (l) => named.classes[l]), ["two", "ten", "one", "two"]);
  assertEquals(named.x, DATA.x);
  assertEquals(DATA.classes, ["1", "2", "10"]); // the input is not changed
  assertEquals(nameClasses(DATA, [], { field: "classNames" }), DATA);
});

Deno.test("a wrong count, unlabelled data, empty or repeated names are ConfigErrors", () => {
  assertThrows(
    () => nameClasses(DATA, ["one", "two"], { field: "classNames" }),
    ConfigError,
    "classNames gives 2 names for the 3 classes of t.csv (1, 2, 10)",
  );
  const bare = parseCsv("1,2\n3,4\n", { source: "bare.csv" });
  assertThrows(
    () => nameClasses(bare, ["x"], { field: "classNames" }),
    ConfigError,
    "classNames needs labels; bare.csv has none",
  );
  assertThrows(
    () => parseClassNames("classNames", "a,,b"),
    ConfigError,
    "an empty name at position 2 in 'a,,b'",
  );
  assertThrows(() => parseClassNames("classNames", "a,b,a"), ConfigError, "'a' twice");
});

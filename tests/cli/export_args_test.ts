// The flags of `deno task export`: defaults, the formats, and UsageErrors naming the flag.

import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { EXPORT_FLAGS, exportArgsFrom, exportHelp } from "../../lib/cli/export_args.ts";
import { UsageError } from "../../lib/errors.ts";

Deno.test("exportArgsFrom(): the default folder is <run>/export-<format>", () => {
  const a = exportArgsFrom(["--run", "out/d/", "--format", "onnx"]);
  assertEquals([a.run, a.format, a.out, a.detect, a.help], [
    "out/d",
    "onnx",
    "out/d/export-onnx",
    undefined,
    false,
  ]);
  const b = exportArgsFrom([
    "--run=out/d",
    "--format=web",
    "--out",
    "site",
    "--detect",
    "out/d/detect-x",
  ]);
  assertEquals([b.out, b.detect], ["site", "out/d/detect-x"]);
  assertEquals(exportArgsFrom(["--help"]).help, true);
});

Deno.test("exportArgsFrom(): wrong or missing flags are UsageErrors naming the flag", () => {
  assertThrows(
    () => exportArgsFrom(["--format", "web"]),
    UsageError,
    "--run and --format are required",
  );
  assertThrows(() => exportArgsFrom(["--run", "r", "--format", "pb"]), UsageError, "got 'pb'");
  assertThrows(
    () => exportArgsFrom(["--run", "r", "--format", "web", "--outt", "x"]),
    UsageError,
    "--out",
  );
  assertThrows(
    () => exportArgsFrom(["--run", "r", "--format", "web", "--format", "onnx"]),
    UsageError,
    "more than once",
  );
});

Deno.test("exportHelp() lists every flag", () => {
  for (const f of EXPORT_FLAGS) assertStringIncludes(exportHelp(), `--${f}`);
});

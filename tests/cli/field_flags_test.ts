// The command line's names for library fields: each field maps to a flag that exists, and a
// library ConfigError prints as the same one-line message naming the flag (exit 2 in main.ts).

import { assert, assertEquals, assertThrows } from "@std/assert";
import { commandLineError, FIELD_FLAGS, flagOf } from "../../lib/cli/field_flags.ts";
import { DETECT_FLAGS } from "../../lib/cli/detect_args.ts";
import { TRAIN_FLAGS } from "../../lib/cli/train_flags.ts";
import { numFlag } from "../../lib/_number_flag.ts";
import { parseCsv } from "../../lib/data/load.ts";
import { labelMask } from "../../lib/data/labels.ts";
import { fitResize } from "../../lib/data/resize.ts";
import { ConfigError, DataError, UsageError } from "../../lib/errors.ts";
import { seedList } from "../../lib/repro/seeds.ts";

/** The tasks' own flags (tasks/repro.ts, sweep.ts, quality.ts, bench.ts), beside train's and detect's. */
const TASK_FLAGS = ["seeds", "shard", "merge", "baseline", "tolerance", "backends"];
const FLAGS = new Set([...TRAIN_FLAGS.map((f) => f.flag), ...DETECT_FLAGS, ...TASK_FLAGS]);

/** The CLI's message for the ConfigError `f` throws. */
function cliMessage(f: () => unknown): string {
  const u = commandLineError(assertThrows(f, ConfigError));
  assert(u instanceof UsageError);
  return (u as UsageError).message;
}

Deno.test("flagOf(): config keys map to their flags; a flag's own name stays", () => {
  assertEquals(flagOf("valSplit"), "--val-split");
  assertEquals(flagOf("normalLabels"), "--normal-label");
  assertEquals(flagOf("positiveLabels"), "--positive-label");
  assertEquals(flagOf("blas"), "--blas"); // not --exact, which also sets it
  assertEquals(flagOf("seeds"), "--seeds");
  for (const flag of Object.values(FIELD_FLAGS)) assert(FLAGS.has(flag), flag);
});

Deno.test("every field a library ConfigError names is a flag of some task", () => {
  const fields = new Set<string>();
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) walk(path);
      else if (path.endsWith(".ts")) {
        const src = Deno.readTextFileSync(path);
        for (const m of src.matchAll(/new ConfigError\(\s*"([^"]+)"/g)) fields.add(m[1]);
        for (const m of src.matchAll(/\{ field: "([^"]+)" \}/g)) fields.add(m[1]);
      }
    }
  };
  walk("lib");
  fields.delete("grid"); // its message names no setting
  assert(fields.size >= 10, `${[...fields]}`);
  for (const field of fields) {
    assert(FLAGS.has(flagOf(field).slice(2)), `${field} → ${flagOf(field)}`);
  }
});

Deno.test("a library ConfigError names the field; the command line, the flag", () => {
  const e = assertThrows(() => seedList("1,1"), ConfigError);
  assertEquals([e.field, e.value, e.message], ["seeds", "1,1", "seeds lists a seed twice: '1,1'"]);
  assertEquals(cliMessage(() => seedList("1,1")), "--seeds lists a seed twice: '1,1'");
  assertEquals(
    cliMessage(() => numFlag("valSplit", "2", { min: 0, max: 1 })),
    "--val-split expects a number ≥ 0 and ≤ 1, got '2'",
  );
  const bare = parseCsv("1,2\n3,4\n", { source: "bare.csv" });
  assertEquals(
    cliMessage(() => labelMask(bare, ["1"], { field: "normalLabels" })),
    "--normal-label needs a label column; bare.csv has none",
  );
  assertEquals(
    cliMessage(() => fitResize([100000, 100000], { rows: 1, channels: 1 })),
    "--resize 100000x100000: one image would hold 10,000,000,000 values; one input may hold at " +
      "most 536,870,912 (2^29, 2 GiB as float32)",
  );
});

Deno.test("commandLineError(): a DataError's hint names the flag; other errors stay as they are", () => {
  const d = new DataError((n) => `out/a: holds a run of other settings; add ${n("force")}`);
  assertEquals(d.message, "out/a: holds a run of other settings; add force");
  const shown = commandLineError(d) as DataError;
  assert(shown instanceof DataError);
  assertEquals(shown.message, "out/a: holds a run of other settings; add --force");
  assertEquals(flagOf("writeBaseline"), "--write-baseline"); // no table row: camelCase → kebab
  const plain = new DataError("x.csv: row 2: bad");
  assertEquals((commandLineError(plain) as Error).message, plain.message);
  const u = new UsageError("--epochs expects an integer ≥ 1, got 'x'");
  assertEquals(commandLineError(u), u);
  const t = new TypeError("x");
  assertEquals(commandLineError(t), t);
});

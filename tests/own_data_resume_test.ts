// Crashes, signals and a full disk during `train` on your own data: exit codes, the checkpoint
// kept and the command that resumes it, and `--resume` ending where an uninterrupted run ends
// (or refusing data that differs from the checkpoint's).

import { assertEquals, assertStringIncludes } from "@std/assert";
import { cli, cliEnv } from "./cli.ts";
import { moduleTempDir } from "./temp.ts";

// Each test writes into its own subfolder of this one, removed when the module ends.
const tmp = moduleTempDir("own_data_resume_test-");

// Faults are injected at named points by tasks/fault_hook.ts (AE_TEST_FAULT), never timed.
const SHORT = ["--hidden", "8", "--epochs", "6", "--backend", "wasm", "--name", "r"];
const shortRun = (out: string, more: string[] = [], data = "data/wine.csv") => [
  "train",
  "--data",
  data,
  ...SHORT,
  "--out",
  out,
  ...more,
];
const ls = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
/** A temp file's name with its random suffix as `*`. */
const anySuffix = (name: string) => name.replace(/\.partial-[0-9a-f]+$/, ".partial-*");
let straight: Promise<{ epochs: unknown; files: unknown }> | null = null;
/** The uninterrupted run that every resumed run must equal. */
function uninterrupted() {
  straight ??= cli(...shortRun(`${tmp}/straight`)).then(async (r) => {
    assertEquals(r.code, 0, r.stderr);
    return JSON.parse(await Deno.readTextFile(`${tmp}/straight/r/run.json`));
  });
  return straight;
}
/** Resumes the run in `out`, which must continue after `done` epochs and end as uninterrupted. */
async function assertResumesToTheEnd(out: string, done: number) {
  const resumed = await cli(...shortRun(out, ["--resume"]));
  assertEquals(resumed.code, 0, resumed.stderr);
  assertStringIncludes(resumed.stdout, `resuming from ${out}/.r.ckpt: ${done} of 6 epochs done`);
  const [a, b] = [await uninterrupted(), JSON.parse(await Deno.readTextFile(`${out}/r/run.json`))];
  assertEquals(b.epochs, a.epochs);
  assertEquals(b.files, a.files);
  assertEquals(ls(out), ["r"]); // checkpoint, temp file and lock are gone
  await Deno.remove(out, { recursive: true });
}

Deno.test("train --resume after a crash at any point of a checkpoint write ends where an uninterrupted run ends", async () => {
  const none = await cli(...shortRun(`${tmp}/none`, ["--resume"]));
  assertEquals(none.code, 1);
  assertStringIncludes(none.stderr, `${tmp}/none/.r.ckpt: no checkpoint to resume`);
  // SIGKILL mid-file (a torn temp file) and just before the rename (a whole temp file).
  for (const point of ["checkpoint-write", "checkpoint-rename"]) {
    const out = `${tmp}/kill-${point}`;
    const r = await cliEnv({ AE_TEST_FAULT: `${point}:3:kill` }, ...shortRun(out));
    assertEquals(r.code, 137, r.stderr);
    assertEquals(ls(out).map(anySuffix), [".r.ckpt", ".r.ckpt.partial-*", ".r.lock"]);
    await assertResumesToTheEnd(out, 2);
  }
});

Deno.test("Ctrl-C or SIGTERM: exit 130 or 143, names the checkpoint kept and the command that resumes", async () => {
  for (const [signal, code] of [["sigint", 130], ["sigterm", 143]] as const) {
    const out = `${tmp}/${signal}`;
    const r = await cliEnv({ AE_TEST_FAULT: `checkpoint-rename:3:${signal}` }, ...shortRun(out));
    assertEquals(r.code, code, r.stderr);
    const resume = `deno task train ${shortRun(out).slice(1).join(" ")} --resume`;
    assertEquals(
      r.stderr.trim().split("\n").at(-1),
      `interrupted: kept the checkpoint ${out}/.r.ckpt (3 of 6 epochs); resume with: ${resume}`,
    );
    assertEquals(ls(out), [".r.ckpt"]); // no temp file, no lock
    await assertResumesToTheEnd(out, 3);
  }
});

Deno.test("a signal after training (evaluation, PCA, figures, page) stops there: nothing written, the checkpoint kept", async () => {
  const phases = ["latent codes", "reconstructions", "PCA baseline", "figures", "report page"];
  for (const [i, phase] of phases.entries()) {
    const signal = i % 2 ? "sigterm" : "sigint";
    const out = `${tmp}/after-${i}`;
    const r = await cliEnv({ AE_TEST_FAULT: `phase-${phase}:1:${signal}` }, ...shortRun(out));
    assertEquals(r.code, signal === "sigint" ? 130 : 143, `${phase}: ${r.stderr}`);
    const resume = `deno task train ${shortRun(out).slice(1).join(" ")} --resume`;
    assertEquals(
      r.stderr.trim().split("\n").at(-1),
      `interrupted while evaluating: kept the checkpoint ${out}/.r.ckpt (5 of 6 epochs); ` +
        `resume with: ${resume}`,
    );
    assertEquals(ls(out), [".r.ckpt"]); // no run folder, no temp folder, no lock
    await assertResumesToTheEnd(out, 5);
  }
});

Deno.test("a full disk during a checkpoint: exit 1, the previous checkpoint kept whole", async () => {
  const out = `${tmp}/enospc`;
  const r = await cliEnv({ AE_TEST_FAULT: "checkpoint-write:3:enospc" }, ...shortRun(out));
  assertEquals([r.code, r.stderr.trim().split("\n").at(-1)], [
    1,
    `error: ${out}/.r.ckpt: could not write the checkpoint (No space left on device (os error 28)); the previous one is kept (free some space or make ${out} writable, then --resume)`,
  ]);
  assertEquals(ls(out), [".r.ckpt"]);
  await assertResumesToTheEnd(out, 2);
});

Deno.test("train --resume refuses data that differs from the checkpoint's, naming the file", async () => {
  const out = `${tmp}/edited`;
  await Deno.mkdir(out);
  const wine = (await Deno.readTextFile("data/wine.csv")).split("\n");
  await Deno.writeTextFile(`${out}/w.csv`, wine.join("\n"));
  const args = (...more: string[]) => shortRun(out, more, `${out}/w.csv`);
  const r = await cliEnv({ AE_TEST_FAULT: "checkpoint-rename:3:kill" }, ...args());
  assertEquals(r.code, 137, r.stderr);
  await Deno.writeTextFile(`${out}/w.csv`, wine.slice(0, 101).join("\n") + "\n"); // 100 rows
  const again = await cli(...args("--resume"));
  assertEquals(again.code, 1);
  assertStringIncludes(
    again.stderr,
    `error: ${out}/w.csv: not the data the checkpoint was made with (178 rows`,
  );
  assertEquals(ls(out), [".r.ckpt", "w.csv"]); // no run folder, the checkpoint kept
  await Deno.remove(out, { recursive: true });
});

// `deno task plot --run out/<name> [--open]`: redraws a saved run's figures and index.html
// from its model and data without training (or a seed study's from its summary.csv and
// latents/), replacing each file atomically (never through a link).

import { Interrupted, UsageError } from "../lib/errors.ts";
import { watchSignals } from "./_signals.ts";
import { faultHook } from "./fault_hook.ts";
import { parseFlags } from "../lib/cli/flags.ts";
import { redrawRun } from "../lib/run/redraw_run.ts";
import { redrawStudy } from "../lib/repro/run_seeds.ts";
import { replaceFile } from "../lib/atomic_write.ts";

const USAGE = "Usage: deno task plot --run out/<name> [--open]\n" +
  "  --run: a run folder (train) or a seed study folder (repro: out/<study>-repro)";

/** Runs the plot task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const flags = parseFlags(args, { strings: ["run"], booleans: ["open"] });
  if (flags.help) return console.log(USAGE);
  const dir = (flags.run as string | undefined)?.replace(/\/+$/, "");
  if (!dir) throw new UsageError(`--run is required: the folder to redraw; ${USAGE}`);
  const has = (f: string) => Deno.stat(`${dir}/${f}`).then(() => true, () => false);
  // A seed study (repro) has study.json and no run.json; anything else is read as a run folder.
  const study = !(await has("run.json")) && await has("study.json");
  const live = Deno.stderr.isTerminal();
  let shown = "";
  const status = (text: string) => {
    if (!live || text === shown) return; // redrawn only when it changes
    Deno.stderr.writeSync(new TextEncoder().encode(`\r\x1b[2K${(shown = text)}`));
  };
  const watch = await watchSignals(); // a signal stops before anything is replaced
  const fault = faultHook(Deno.env.get("AE_TEST_FAULT"), watch);
  let files: Map<string, string | Uint8Array>, last = "";
  try {
    files = study ? await redrawStudy(dir) : await redrawRun(dir, {
      onProgress: (phase, fraction) => {
        if (phase !== last) fault?.(`phase-${(last = phase)}`);
        watch.check(1, 0);
        status(`${phase}: ${Math.round(100 * fraction)}%`);
      },
    });
    watch.check(1, 0);
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    status("");
    console.error(`interrupted: ${dir}/ was left as it was`);
    Deno.exit(watch.exitCode() || 130);
  } finally {
    status("");
    watch.close();
  }
  for (const [name, content] of files) {
    // A fresh temp file each, renamed over the old one; a link or a folder there is refused.
    await replaceFile(`${dir}/${name}`, {
      content,
      what: "a redrawn figure",
      instead: "copy the run folder somewhere writable and plot the copy",
      fault,
      point: "plot",
    });
  }
  console.log(`redrew ${[...files.keys()].join(", ")} in ${dir}/`);
  if (flags.open) {
    const page = await Deno.realPath(`${dir}/index.html`);
    console.log(`report: file://${page}`);
    const opener = Deno.build.os === "darwin" ? "open" : "xdg-open";
    try {
      await new Deno.Command(opener, { args: [page], stdout: "null", stderr: "null" }).spawn()
        .status;
    } catch {
      console.log(`(no ${opener} here: open the path above in a browser)`);
    }
  }
}

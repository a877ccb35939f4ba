// `deno task plot --run out/<name> [--open]`: redraws a saved run's figures and index.html
// from its model and data without training (or a seed study's from its summary.csv and
// latents/), replacing each file atomically.

import { UsageError } from "../lib/errors.ts";
import { parseFlags } from "../lib/cli/flags.ts";
import { redrawRun } from "../lib/run/saved_run.ts";
import { redrawStudy } from "../lib/repro/run_seeds.ts";

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
  const files = study ? await redrawStudy(dir) : await redrawRun(dir);
  for (const [name, content] of files) {
    const tmp = `${dir}/.${name}.partial`;
    if (typeof content === "string") await Deno.writeTextFile(tmp, content);
    else await Deno.writeFile(tmp, content);
    await Deno.rename(tmp, `${dir}/${name}`);
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

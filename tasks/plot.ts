// `deno task plot --run out/<name> [--open]`: redraws a saved run's figures and index.html
// from its model and data without training, replacing each file atomically.

import { UsageError } from "../lib/errors.ts";
import { parseFlags } from "../lib/cli/flags.ts";
import { redrawRun } from "../lib/run/saved_run.ts";

/** Runs the plot task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const flags = parseFlags(args, { strings: ["run"], booleans: ["open"] });
  if (flags.help) return console.log("Usage: deno task plot --run out/<name> [--open]");
  const dir = (flags.run as string | undefined)?.replace(/\/+$/, "");
  if (!dir) throw new UsageError("--run is required: the run folder to redraw, e.g. out/<name>");
  const files = await redrawRun(dir);
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

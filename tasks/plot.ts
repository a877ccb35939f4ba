// `deno task plot --run out/<name>`: redraws a saved run's figures from its model and
// data without training, replacing each file atomically.

import { parseFlags } from "../lib/flags.ts";
import { UsageError } from "../lib/errors.ts";
import { redrawRun } from "../lib/pipeline.ts";

/** Runs the plot task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const flags = parseFlags(args, { strings: ["run"] });
  if (flags.help) return console.log("Usage: deno task plot --run out/<name>");
  const dir = flags.run as string | undefined;
  if (!dir) throw new UsageError("--run is required: the run folder to redraw, e.g. out/<name>");
  const files = await redrawRun(dir.replace(/\/+$/, ""));
  for (const [name, content] of files) {
    const tmp = `${dir}/.${name}.partial`;
    if (typeof content === "string") await Deno.writeTextFile(tmp, content);
    else await Deno.writeFile(tmp, content);
    await Deno.rename(tmp, `${dir}/${name}`);
  }
  console.log(`redrew ${[...files.keys()].join(", ")} in ${dir}/`);
}

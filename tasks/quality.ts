// `deno task quality`: the first issue's quality bar as a benchmark. Trains one config
// over seeds 34–43 (--seeds a-b), writes each run and <out>/quality/quality.json, and
// exits 1 when the median reconstruction MSE is above --max-median (12.8).

import { trainConfigFromArgs } from "../lib/cli/config_args.ts";
import { numFlag, splitFlags, takeSwitches } from "../lib/cli/flags.ts";
import { trainRun } from "../lib/run/train_run.ts";
import { seedList } from "../lib/repro/seeds.ts";
import { median } from "../lib/repro/study.ts";
import { writeRunFolder } from "../lib/run/folder.ts";
import { checkReplaceable } from "../lib/run/target.ts";
import { writeOutput } from "./output.ts";

/** Runs the quality benchmark with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const { on, rest: args1 } = takeSwitches(args, ["force"]);
  const { own, rest } = splitFlags(args1, ["seeds", "max-median"]);
  const { help, ...base } = trainConfigFromArgs(rest); // help stays out of run.json
  if (help) {
    return console.log(
      "Usage: deno task quality [--seeds 34-43] [--max-median 12.8] [--force] [train flags]",
    );
  }
  const seeds = seedList(own.seeds ?? "34-43");
  const bar = numFlag("max-median", own["max-median"] ?? "12.8", { min: 0 });
  const mses: number[] = [];
  for (const seed of seeds) {
    const run = await trainRun({ ...base, seed, name: "" }, {
      clock: () => performance.now() / 1000,
      prepare: (name, config) =>
        checkReplaceable(`${base.out}/quality/${name}`, { config, force: on.force }),
    });
    await writeRunFolder(`${base.out}/quality`, run.name, { ...run, force: on.force });
    await Deno.remove(run.checkpoint).catch(() => {});
    const { metrics, timing, backend } = run.manifest;
    mses.push(metrics.reconstruction_mse);
    console.log(
      `seed ${seed}: MSE ${metrics.reconstruction_mse.toFixed(3)} (PCA ${
        metrics.pca_mse.toFixed(3)
      }, ${timing.train.toFixed(1)} s, ${backend})`,
    );
  }
  const m = median(mses);
  const summary = { seeds, reconstruction_mse: mses, median: m, max_median: bar, pass: m <= bar };
  await writeOutput(`${base.out}/quality/quality.json`, JSON.stringify(summary, null, 2) + "\n");
  console.log(
    `median reconstruction MSE ${m.toFixed(3)} (bar ${bar}): ${summary.pass ? "PASS" : "FAIL"}`,
  );
  if (!summary.pass) Deno.exit(1);
}

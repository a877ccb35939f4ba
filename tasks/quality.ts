// `deno task quality`: the first issue's quality bar as a benchmark. Trains one config
// over seeds 34–43 (--seeds a-b) as a seed study does (runSeeds), writes each run and
// <out>/quality/quality.json, and exits 1 when the median reconstruction MSE is above
// --max-median (12.8).

import { trainConfigFromArgs } from "../lib/cli/config_args.ts";
import { numFlag, splitFlags, takeSwitches } from "../lib/cli/flags.ts";
import { seedList } from "../lib/repro/seeds.ts";
import { median } from "../lib/repro/study.ts";
import { runSeeds } from "../lib/repro/run_seeds.ts";
import { checkReplaceable } from "../lib/run/target.ts";
import { writeOutput } from "./output.ts";

/** The flags quality takes besides train's (for a mistyped flag's suggestion). */
const OWN = ["force", "seeds", "max-median"];

/** Runs the quality benchmark with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const { on, rest: args1 } = takeSwitches(args, ["force"]);
  const { own, rest } = splitFlags(args1, ["seeds", "max-median"]);
  const { help, ...base } = trainConfigFromArgs(rest, { exact: true, others: OWN }); // help not in run.json
  if (help) {
    return console.log(
      "Usage: deno task quality [--seeds 34-43] [--max-median 12.8] [--force] [train flags]",
    );
  }
  const seeds = seedList(own.seeds ?? "34-43");
  const bar = numFlag("max-median", own["max-median"] ?? "12.8", { min: 0 });
  const qualityOut = `${base.out}/quality`;
  const { results } = await runSeeds({ ...base, out: qualityOut }, seeds, {
    clock: () => performance.now() / 1000,
    force: on.force,
    prepare: (name, config) =>
      checkReplaceable(`${qualityOut}/${name}`, { config, force: on.force }),
    onSeed: (r) =>
      console.log(
        `seed ${r.seed}: MSE ${r.reconstruction_mse.toFixed(3)} (PCA ${r.pca_mse.toFixed(3)}, ${
          r.train_s.toFixed(1)
        } s, ${r.backend})`,
      ),
  });
  const mses = results.map((r) => r.reconstruction_mse);
  const m = median(mses);
  const summary = { seeds, reconstruction_mse: mses, median: m, max_median: bar, pass: m <= bar };
  await writeOutput(`${base.out}/quality/quality.json`, JSON.stringify(summary, null, 2) + "\n");
  console.log(
    `median reconstruction MSE ${m.toFixed(3)} (bar ${bar}): ${summary.pass ? "PASS" : "FAIL"}`,
  );
  if (!summary.pass) Deno.exit(1);
}

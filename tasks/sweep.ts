// `deno task sweep`: a grid over list-valued train flags (`--latent 1,2,4,8 --model ae,vae`),
// each cell × seed a normal run folder, then <out>/<name>-sweep/ with summary.csv, elbow.svg,
// report.md (the recommended latent size), index.html and sweep.json. Resumable; shards merge.

import { trainConfigFromArgs } from "../lib/cli/config_args.ts";
import { UsageError } from "../lib/errors.ts";
import { numFlag, splitFlags, takeList, takeSwitches } from "../lib/cli/flags.ts";
import { baselineDrift, checkBaselineFile } from "../lib/repro/study_report.ts";
import { mergeSweepShards, shardFolderFiles, sweepFolderFiles } from "../lib/repro/sweep_files.ts";
import { sweepBaseline } from "../lib/repro/sweep_results.ts";
import { planSweep, runSweep, type SweepMeta } from "../lib/repro/sweep_run.ts";
import { writeFolder } from "../lib/run/folder.ts";
import { seedList } from "../lib/repro/seeds.ts";
import { writeOutput } from "./output.ts";
import { statusWriter } from "../lib/cli/progress.ts";
import { runStatus } from "../lib/cli/run_status.ts";

const USAGE =
  "Usage: deno task sweep [train flags, lists as axes: --latent 1,2,4,8 --model ae,vae --hidden '64|128,128']\n" +
  "         [--seeds 34-36] [--tolerance 0.05] [--shard i/n] [--baseline FILE [--write-baseline]]\n" +
  "       deno task sweep --merge DIR… [--out DIR] [--tolerance 0.05]\n" +
  "A list flag is an axis; `|` separates values that hold commas (quote it for the shell).\n" +
  "Defaults: --latent 1,2,4,8,16, --val-split 0.2, --seeds 34-36. Re-running skips complete runs.";

/** The flags sweep takes besides train's (for a mistyped flag's suggestion). */
const OWN = ["merge", "write-baseline", "seeds", "shard", "baseline", "tolerance"];

/** Runs the sweep task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const { list: dirs, rest: a1 } = takeList(args, "merge");
  const { on, rest: a2 } = takeSwitches(a1, ["write-baseline"]);
  const { own, rest } = splitFlags(a2, ["seeds", "shard", "baseline", "tolerance"]);
  if (rest.includes("--help")) return console.log(USAGE);
  if (on["write-baseline"] && !own.baseline) {
    throw new UsageError("--write-baseline needs --baseline FILE to write to");
  }
  const tolerance = own.tolerance === undefined
    ? 0.05
    : numFlag("tolerance", own.tolerance, { min: 0, example: "0.05" });
  if (own.shard && own.baseline) {
    throw new UsageError(
      "--shard trains part of a sweep; --baseline applies to the merged one (--merge)",
    );
  }
  // A bad --baseline fails before anything trains.
  const checked = own.baseline
    ? await checkBaselineFile(own.baseline, { write: on["write-baseline"] })
    : null;
  let meta: SweepMeta, runs;
  let out: string;
  if (dirs) {
    if (own.shard || own.seeds) {
      throw new UsageError("--merge combines shards; it takes neither --shard nor --seeds");
    }
    trainConfigFromArgs(rest, { others: OWN }); // a mistyped flag: unknown, with a suggestion
    const outAt = rest.indexOf("--out");
    if (rest.length !== (outAt < 0 ? 0 : 2)) {
      throw new UsageError(
        `--merge takes only --out and --tolerance besides the shard folders, got '${
          rest.join(" ")
        }'`,
      );
    }
    out = outAt < 0 ? "out" : rest[outAt + 1];
    ({ runs, ...meta } = await mergeSweepShards(dirs));
  } else {
    const plan = planSweep(rest, {
      seeds: seedList(own.seeds ?? "34-36"),
      toConfig: (cell) => trainConfigFromArgs(cell, { others: OWN }),
    });
    const total = plan.grid.cells.length * plan.seeds.length;
    console.log(
      `sweep ${plan.title}: ${plan.grid.cells.length} cells × ${plan.seeds.length} seeds = ${total} runs → ${plan.runsDir}/`,
    );
    let done = 0;
    const stopAfter = Number(Deno.env.get("AE_SWEEP_STOP_AFTER") ?? 0); // test hook: an interruption
    const clock = () => performance.now() / 1000;
    const data = [...plan.configs.values()][0].data;
    const live = runStatus(statusWriter(Deno.stderr), { clock, data });
    runs = await runSweep(plan, {
      ...live,
      shard: own.shard,
      clock,
      prepare: (name) => Promise.resolve(live.named(name)),
      onRun: ({ result: r, dir, skipped, resumed }) => {
        live.clear();
        const how = skipped
          ? "complete, skipped"
          : `${resumed ? "resumed from its checkpoint, " : ""}trained in ${r.train_s.toFixed(1)} s`;
        const val = Number.isFinite(r.scaled_val_mse)
          ? `${r.scaled_val_mse.toFixed(3)} (${r.scaling}-scaled; ${
            r.val_mse.toFixed(3)
          } in data units)`
          : r.val_mse.toFixed(3);
        const warned = r.warnings ? `; warnings: ${r.warnings}` : "";
        console.log(
          `[${++done}] ${r.cell} seed ${r.seed}: ${how}; val MSE ${val}${warned} → ${dir}/`,
        );
        if (done === stopAfter) throw new Error(`stopped after ${done} runs (AE_SWEEP_STOP_AFTER)`);
      },
    });
    meta = plan.meta;
    out = plan.out;
    if (own.shard) {
      const name = `${plan.title}-sweep-shard-${own.shard.replace("/", "of")}`;
      const files = shardFolderFiles(meta, { shard: own.shard, runs });
      return console.log(`wrote ${await writeFolder(out, name, { files, marker: "sweep.json" })}/`);
    }
  }
  const command = `deno task sweep ${args.join(" ")}`;
  const { files, metrics } = sweepFolderFiles(meta, { runs, command, tolerance });
  const dir = await writeFolder(out, `${meta.title}-sweep`, { files, marker: "sweep.json" });
  const rec = JSON.parse(files.get("sweep.json") as string).recommendation;
  const best = [rec.best.setting, `latent ${rec.best.latent}`].filter(Boolean).join(", ");
  console.log(`wrote ${dir}/: recommended latent size ${rec.latent} (${rec.rule}); best: ${best}`);
  if (own.baseline && on["write-baseline"]) {
    const base = sweepBaseline(meta.grid, { runs, config: meta.config });
    await writeOutput(own.baseline, JSON.stringify(base, null, 2) + "\n");
  } else if (own.baseline) {
    const drift = baselineDrift(checked!, metrics);
    for (const d of drift) console.error(`drift: ${d}`);
    console.log(
      drift.length
        ? `baseline ${own.baseline}: ${drift.length} metric(s) drifted`
        : `baseline ${own.baseline}: all metrics within their bands`,
    );
    if (drift.length) Deno.exit(1);
  }
}

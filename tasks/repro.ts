// `deno task repro`: one configuration over many seeds (any train flags), each run a normal
// run folder, then <out>/<study>-repro/ with tables, figures and report.md. Also shards
// (--shard i/n, --merge DIR…), a determinism check, and baselines that guard the results.

import { trainConfigFromArgs } from "../lib/cli/config_args.ts";
import { UsageError } from "../lib/errors.ts";
import { splitFlags, takeList, takeSwitches } from "../lib/cli/flags.ts";
import { baselineDrift, checkBaselineFile, makeBaseline } from "../lib/repro/study_report.ts";
import {
  checkDeterminism,
  mergeShards,
  runSeeds,
  studyConfig,
  summaryFiles,
} from "../lib/repro/run_seeds.ts";
import { shardFiles } from "../lib/repro/study.ts";
import { writeFolder } from "../lib/run/folder.ts";
import { checkReplaceable } from "../lib/run/target.ts";
import { seedList, shardSeeds } from "../lib/repro/seeds.ts";
import { writeOutput } from "./output.ts";
import { statusWriter } from "../lib/cli/progress.ts";
import { runStatus } from "../lib/cli/run_status.ts";

/** The flags repro takes besides train's (for a mistyped flag's suggestion). */
const OWN = ["merge", "check-determinism", "write-baseline", "force", "seeds", "shard", "baseline"];

/** Runs the repro task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const { list: dirs, rest: a1 } = takeList(args, "merge");
  const { on, rest: a2 } = takeSwitches(a1, ["check-determinism", "write-baseline", "force"]);
  const { own, rest } = splitFlags(a2, ["seeds", "shard", "baseline"]);
  const { help, ...cfg } = trainConfigFromArgs(rest, { exact: true, others: OWN }); // help not in run.json
  if (help) {
    return console.log(
      "Usage: deno task repro [--seeds 34-38] [--shard i/n] [--check-determinism] [--baseline FILE [--write-baseline]] [--force] [train flags]\n       deno task repro --merge DIR… [--out DIR]",
    );
  }
  if (on["write-baseline"] && !own.baseline) {
    throw new UsageError("--write-baseline needs --baseline FILE to write to");
  }
  if (dirs && (own.shard || on["check-determinism"])) {
    throw new UsageError(
      "--merge combines shards; it takes neither --shard nor --check-determinism",
    );
  }
  if (own.shard && (own.baseline || on["check-determinism"])) {
    throw new UsageError(
      "--shard trains part of a study; --baseline applies to the merged study (--merge), " +
        "--check-determinism to a study run without --shard",
    );
  }
  const seeds = seedList(own.seeds ?? "34-38");
  const write = on["write-baseline"];
  // A bad or mismatched --baseline fails before anything trains (after merging: its config).
  const baseline = own.baseline && !dirs
    ? await checkBaselineFile(own.baseline, { write, config: studyConfig(cfg) })
    : null;
  const clock = () => performance.now() / 1000;
  const live = runStatus(statusWriter(Deno.stderr), { clock, data: cfg.data });
  const { results, hashes, config, title, loaded } = dirs
    ? await mergeShards(dirs)
    : await runSeeds(cfg, own.shard ? shardSeeds(seeds, own.shard) : seeds, {
      ...live,
      clock,
      force: on.force,
      prepare: (name, config) => {
        live.named(name);
        return checkReplaceable(`${cfg.out}/${name}`, { config, force: on.force });
      },
      onSeed: (r, dir) => {
        live.clear();
        console.log(
          `seed ${r.seed}: MSE ${r.reconstruction_mse.toFixed(3)}, kNN ${
            r.knn_accuracy?.toFixed(3) ?? "n/a"
          }, ${r.train_s.toFixed(1)} s → ${dir}/`,
        );
      },
    });
  if (own.shard) {
    const name = `${title}-repro-shard-${own.shard.replace("/", "of")}`;
    const study = JSON.stringify({ title, config, seeds: results.map((r) => r.seed) }, null, 2) +
      "\n";
    return console.log(
      `wrote ${await writeFolder(cfg.out, name, {
        files: shardFiles(results).set("study.json", study),
        marker: "study.json",
      })}/`,
    );
  }
  const base = own.baseline && dirs
    ? await checkBaselineFile(own.baseline, { write, config })
    : baseline;
  const det = on["check-determinism"]
    ? await checkDeterminism(cfg, {
      result: results[0],
      files: hashes!.get(results[0].seed)!,
      loaded, // the data as read once (a FIFO cannot be read again)
      hooks: { ...live, prepare: (name) => Promise.resolve(live.named(`${name} (rerun)`)) },
    })
    : undefined;
  live.clear();
  const { files, metrics } = summaryFiles(results, {
    config,
    title,
    command: `deno task repro ${args.join(" ")}`,
    extra: det ? { determinism: det } : {},
  });
  console.log(
    `wrote ${await writeFolder(cfg.out, `${title}-repro`, {
      files,
      marker: "study.json",
    })}/ (report.md answers the seed questions)`,
  );
  let failed = false;
  if (det) {
    console.log(
      `determinism (seed ${results[0].seed}, ${det.backend}): ${
        det.identical ? "identical" : `differs in ${det.differing.join(", ")}`
      }; largest latent difference ${det.maxLatentDiff}`,
    );
    failed ||= !det.identical && det.backend !== "webgpu";
  }
  if (own.baseline && write) {
    await writeOutput(
      own.baseline,
      JSON.stringify(makeBaseline(results, { config }), null, 2) + "\n",
    );
  } else if (own.baseline) {
    const drift = baselineDrift(base!, metrics);
    for (const d of drift) console.error(`drift: ${d}`);
    console.log(
      drift.length
        ? `baseline ${own.baseline}: ${drift.length} metric(s) drifted`
        : `baseline ${own.baseline}: all metrics within their bands`,
    );
    failed ||= drift.length > 0;
  }
  if (failed) Deno.exit(1);
}

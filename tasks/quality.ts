// `deno task quality`: the first issue's quality bar as a benchmark. Trains the given
// config over seeds 34–43 (or --seeds a-b), writes every run and out/quality/quality.json,
// and exits 1 when the median reconstruction MSE is above --max-median (12.8).

import { DEFAULTS, FLAG_HELP, trainConfigFromArgs } from "../lib/config.ts";
import { parseFlags } from "../lib/flags.ts";
import { UsageError } from "../lib/errors.ts";
import { trainRun } from "../lib/pipeline.ts";
import { writeRunFolder } from "../lib/run.ts";

/** Runs the quality benchmark with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const own = parseFlags(args, { strings: [...Object.keys(FLAG_HELP), "seeds", "max-median"] });
  if (own.help) {
    return console.log(
      "Usage: deno task quality [--seeds 34-43] [--max-median 12.8] [train flags]",
    );
  }
  const m = /^(\d+)-(\d+)$/.exec(String(own.seeds ?? "34-43"));
  if (!m || +m[1] > +m[2]) {
    throw new UsageError(`--seeds expects a range like 34-43, got '${own.seeds}'`);
  }
  const maxMedian = Number(own["max-median"] ?? 12.8);
  if (!Number.isFinite(maxMedian)) {
    throw new UsageError(`--max-median expects a number, got '${own["max-median"]}'`);
  }
  const trainArgs = args.filter((_, i) =>
    !/^--(seeds|max-median)/.test(args[i]) && !/^--(seeds|max-median)$/.test(args[i - 1] ?? "")
  );
  const base = trainConfigFromArgs(trainArgs);
  const outDir = `${base.out === DEFAULTS.out ? "out" : base.out}/quality`;
  const rows: {
    seed: number;
    reconstruction_mse: number;
    pca_mse: number;
    train_s: number;
    backend: string;
  }[] = [];
  for (let seed = +m[1]; seed <= +m[2]; seed++) {
    const clock = () => performance.now() / 1000;
    const run = await trainRun({ ...base, seed, name: "" }, {
      clock,
      versions: { deno: Deno.version.deno },
    });
    await writeRunFolder(outDir, run.name, run);
    const { metrics, timing, backend } = run.manifest;
    rows.push({
      seed,
      reconstruction_mse: metrics.reconstruction_mse,
      pca_mse: metrics.pca_mse,
      train_s: timing.train,
      backend,
    });
    console.log(
      `seed ${seed}: MSE ${metrics.reconstruction_mse.toFixed(3)}  (PCA ${
        metrics.pca_mse.toFixed(3)
      }, ${timing.train.toFixed(1)} s, ${backend})`,
    );
  }
  const sorted = rows.map((r) => r.reconstruction_mse).sort((a, b) => a - b);
  const median = (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
  const pass = median <= maxMedian;
  const summary = { median_reconstruction_mse: median, max_median: maxMedian, pass, runs: rows };
  await Deno.writeTextFile(
    `${outDir}/quality.json.partial`,
    JSON.stringify(summary, null, 2) + "\n",
  );
  await Deno.rename(`${outDir}/quality.json.partial`, `${outDir}/quality.json`);
  console.log(
    `median reconstruction MSE ${median.toFixed(3)} (bar ${maxMedian}): ${pass ? "PASS" : "FAIL"}`,
  );
  if (!pass) Deno.exit(1);
}

// `deno task train`: flags → TrainConfig → trainRun() → run folder under --out.
// Prints the notebook's log lines, and a live status line when stderr is a terminal.

import { helpText, trainConfigFromArgs } from "../lib/config.ts";
import { trainRun } from "../lib/pipeline.ts";
import { notebookLine, statusLine } from "../lib/progress.ts";
import { writeRunFolder } from "../lib/run.ts";

/** Runs the train task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const cfg = trainConfigFromArgs(args);
  if (cfg.help) return console.log(helpText("Usage: deno task train [flags]"));
  const { help: _, ...config } = cfg;
  const live = Deno.stderr.isTerminal();
  const clock = () => performance.now() / 1000;
  let start = clock();
  const run = await trainRun(config, {
    clock,
    versions: { deno: Deno.version.deno },
    onStart: (b) => {
      console.log(`backend: ${b.backend} (${b.reason}); adapter: ${b.adapter ?? "none"}`);
      start = clock();
    },
    onEpoch: (info) => {
      const line = notebookLine(info, config.epochs);
      if (live) Deno.stderr.writeSync(new TextEncoder().encode("\r\x1b[2K"));
      if (line) console.log(line);
      if (live) {
        const status = statusLine(info, { epochs: config.epochs, seconds: clock() - start });
        Deno.stderr.writeSync(new TextEncoder().encode(status));
      }
    },
  });
  if (live) Deno.stderr.writeSync(new TextEncoder().encode("\r\x1b[2K"));
  const dir = await writeRunFolder(config.out, run.name, run);
  const m = run.manifest.metrics;
  console.log(
    `reconstruction MSE ${m.reconstruction_mse.toFixed(3)} (PCA baseline ${
      m.pca_mse.toFixed(3)
    }); ` +
      `trained in ${run.manifest.timing.train.toFixed(1)} s on ${run.manifest.backend}`,
  );
  console.log(`wrote ${dir}/`);
}

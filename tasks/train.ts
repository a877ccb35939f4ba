// `deno task train`: flags → TrainConfig → trainRun() → run folder under --out.
// Prints the notebook's log lines, and a live status line when stderr is a terminal.

import { helpText, trainConfigFromArgs } from "../lib/config_args.ts";
import { trainRun } from "../lib/pipeline.ts";
import { notebookLine, statusLine } from "../lib/progress.ts";
import { writeRunFolder } from "../lib/run.ts";

/** Runs the train task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const { help, ...config } = trainConfigFromArgs(args);
  if (help) return console.log(helpText("Usage: deno task train [flags]"));
  const live = Deno.stderr.isTerminal();
  const status = (text: string) =>
    live && Deno.stderr.writeSync(new TextEncoder().encode(`\r\x1b[2K${text}`));
  const clock = () => performance.now() / 1000;
  let start = clock();
  const run = await trainRun(config, {
    clock,
    versions: { deno: Deno.version.deno },
    onLoad: (p) =>
      status(
        `loading ${config.data}: ${p.rows} rows, ${(100 * p.bytes / p.totalBytes).toFixed(0)}%`,
      ),
    onStart: (b) => {
      status("");
      console.log(`backend: ${b.backend} (${b.reason}); adapter: ${b.adapter ?? "none"}`);
      start = clock();
    },
    onEpoch: (info) => {
      const line = notebookLine(info, config.epochs);
      status("");
      if (line) console.log(line);
      status(statusLine(info, { epochs: config.epochs, seconds: clock() - start }));
    },
  });
  status("");
  const dir = await writeRunFolder(config.out, run.name, run);
  await Deno.remove(run.checkpoint, { recursive: true }).catch(() => {});
  const m = run.manifest.metrics;
  const [mse, pca, units] = m.scaled_reconstruction_mse === undefined
    ? [m.reconstruction_mse, m.pca_mse, ""]
    : [
      m.scaled_reconstruction_mse,
      m.scaled_pca_mse,
      ` in ${run.manifest.config.scale}-scaled units`,
    ];
  console.log(
    `reconstruction MSE ${mse.toFixed(3)} (PCA baseline ${pca.toFixed(3)})${units}; ` +
      `trained in ${
        run.manifest.timing.train.toFixed(1)
      } s on ${run.manifest.backend} (${run.manifest.engine})`,
  );
  console.log(`wrote ${dir}/`);
}

// `deno task detect --run out/<name> --data rows.csv`: anomaly scores of the rows by the run's
// reconstruction error (scaled units), a decision per row, metrics against PCA, a detect folder.

import { loadRowsFor, loadRun } from "../lib/run/saved_run.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import { detectArgsFrom, detectHelp } from "../lib/cli/detect_args.ts";
import { disposeModel } from "../lib/model/autoencoder.ts";
import { detectRows } from "../lib/run/detect_run.ts";
import { checkScoresOutput, writeDetectFolder } from "../lib/run/detect_folder.ts";
import { writeOutput } from "./output.ts";

/** Runs the detect task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const a = detectArgsFrom(args);
  if (a.help) return console.log(detectHelp());
  if (a.output) await checkScoresOutput(a.output);
  await selectBackend("wasm");
  const run = await loadRun(a.run);
  try {
    const data = await loadRowsFor(run, a.data, a.rows);
    const clock = () => performance.now() / 1000;
    const result = await detectRows(run, data, { ...a.options, clock });
    const dir = await writeDetectFolder(a.out, result);
    if (a.output) await writeOutput(a.output, result.files.get("scores.csv") as string);
    const s = result.summary, t = s.ours.threshold;
    console.log(
      `scored ${data.rows} rows in ${result.seconds.toFixed(2)} s; threshold ${
        t.value.toPrecision(4)
      } (${t.rule}${t.contamination ? ` ${t.contamination}` : ""}): ${s.ours.flagged} flagged ` +
        `(PCA baseline: ${s.baseline.flagged})`,
    );
    if (s.ours.metrics && s.baseline.metrics) {
      const m = s.ours.metrics, b = s.baseline.metrics;
      console.log(
        `anomalies = labels ${s.positive_labels!.join(",")}: ROC-AUC ${m.roc_auc.toFixed(3)} ` +
          `(PCA ${b.roc_auc.toFixed(3)}), average precision ${m.average_precision.toFixed(3)} ` +
          `(PCA ${b.average_precision.toFixed(3)}), precision@${m.n} ${
            m.precision_at_n.toFixed(3)
          } (PCA ${b.precision_at_n.toFixed(3)})`,
      );
    }
    console.log(`wrote ${dir}/`);
  } finally {
    disposeModel(run.model);
  }
}

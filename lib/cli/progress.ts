// Progress text for training: the notebook's log lines (epochs 0, 10, …, last), a one-line
// status (epoch, loss, steps/s, ETA) that a task redraws on a terminal, and how early stopping
// ended. Epochs are numbered from 0 everywhere, as the notebook's log does.

import type { EpochInfo } from "../engine/train.ts";
import type { RunManifest } from "../run/folder.ts";

/** The notebook's log line for this epoch, or null when the notebook would stay quiet. */
export function notebookLine(info: EpochInfo, epochs: number): string | null {
  if (info.epoch % 10 !== 0 && info.epoch !== epochs - 1) return null;
  const val = info.valLoss === undefined ? "" : ` Val: ${info.valLoss.toFixed(3)}`;
  return `[Epoch ${info.epoch}] Loss: ${info.loss.toFixed(3)}${val}`;
}

/**
 * The status line while data loads, e.g. `loading x.npy: 12,000 rows, 43%`: rows read so far and
 * the share of the file read (of a .npz entry's archive bytes; of the images, for a PNG folder),
 * or the bytes read where the size is unknown (a FIFO).
 */
export function loadLine(
  path: string,
  p: { rows: number; bytes: number; totalBytes: number },
): string {
  const share = p.totalBytes > 0
    ? `${Math.min(100, (100 * p.bytes) / p.totalBytes).toFixed(0)}%`
    : `${p.bytes.toLocaleString("en-US")} bytes`;
  return `loading ${path}: ${p.rows.toLocaleString("en-US")} rows, ${share}`;
}

/** A status line such as `epoch 12/49  loss 23.412  118 steps/s  ETA 9s` (epochs 0 to 49). */
export function statusLine(info: EpochInfo, options: { epochs: number; seconds: number }): string {
  const rate = options.seconds > 0 ? info.steps / options.seconds : 0;
  const left = (options.seconds / (info.epoch + 1)) * (options.epochs - info.epoch - 1);
  const val = info.valLoss === undefined ? "" : `  val ${info.valLoss.toFixed(3)}`;
  return `epoch ${info.epoch}/${options.epochs - 1}  loss ${info.loss.toFixed(3)}${val}  ` +
    `${rate.toFixed(0)} steps/s  ETA ${formatSeconds(left)}`;
}

/**
 * A phase's status line, e.g. `kNN graph: 43%  ETA 1m05s` after `seconds` in it (the ETA from
 * 1% on, as the rate so far predicts).
 */
export function phaseLine(step: string, fraction: number, options: { seconds: number }): string {
  const pct = `${step}: ${Math.round(100 * fraction)}%`;
  if (!(fraction >= 0.01) || fraction >= 1) return pct;
  return `${pct}  ETA ${formatSeconds((options.seconds / fraction) * (1 - fraction))}`;
}

/** 7.2 → "7s", 125 → "2m05s". */
function formatSeconds(s: number): string {
  const r = Math.round(s);
  return r < 60 ? `${r}s` : `${Math.floor(r / 60)}m${String(r % 60).padStart(2, "0")}s`;
}

/**
 * What early stopping did, for the log: where it stopped and which epoch's weights the model
 * kept; null when early stopping was off.
 */
export function earlyStopLine(
  result: {
    bestEpoch: number | null;
    stoppedEarly: boolean;
    /** Losses per epoch, as run.json lists them. */
    epochs: { epoch: number; loss: number; val_loss?: number }[];
  },
  options: { patience: number },
): string | null {
  if (result.bestEpoch === null || !options.patience) return null;
  const best = result.epochs.find((e) => e.epoch === result.bestEpoch);
  const val = best?.val_loss !== undefined;
  const loss = val ? best!.val_loss! : best?.loss;
  const kept =
    `kept the weights of epoch ${result.bestEpoch} (${val ? "validation" : "training"} ` +
    `loss ${loss?.toFixed(3)})`;
  const last = result.epochs.at(-1)?.epoch;
  return result.stoppedEarly
    ? `[Epoch ${last}] early stopping: no better ${
      val ? "validation" : "training"
    } loss for ${options.patience} epochs; ${kept}`
    : `early stopping did not trigger; ${kept}`;
}

/**
 * The lines `train` prints once a run is written: constant columns, early stopping, and the
 * reconstruction MSE beside PCA's (in the scaled units training minimised and the data's), on the
 * held-out rows first when there are some. (run.json's warnings go to stderr: lib/run/warnings.ts.)
 */
export function summaryLines(
  manifest: Omit<RunManifest, "files">,
  config: { earlyStop: number; scale: string },
): string[] {
  const lines: string[] = [];
  const t = manifest.training ?? {};
  const constant = (t.constant_columns ?? []) as string[];
  if (constant.length) {
    const one = constant.length === 1;
    lines.push(
      `note: ${constant.length} of ${manifest.data.columns} columns ${one ? "is" : "are"} ` +
        `constant (${list(constant)}); ${one ? "it scales" : "they scale"} to 0 and ` +
        `${one ? "carries" : "carry"} nothing to learn`,
    );
  }
  const stop = earlyStopLine({
    bestEpoch: (t.best_epoch ?? null) as number | null,
    stoppedEarly: t.stopped_early === true,
    epochs: manifest.epochs,
  }, { patience: config.earlyStop });
  if (stop) lines.push(stop);
  const m = manifest.metrics;
  const pair = (scaled: string, data: string, label: string) => {
    const [k, p] = [scaled, scaled.replace("_mse", "_pca_mse").replace("reconstruction_", "")];
    const [dk, dp] = [data, data === "val_mse" ? "val_pca_mse" : "pca_mse"];
    return m[k] === undefined
      ? `${label} ${m[dk].toFixed(3)} (PCA baseline ${m[dp].toFixed(3)})`
      : `${label} ${m[k].toFixed(3)} (PCA baseline ${m[p].toFixed(3)}) in ${config.scale}-scaled ` +
        `units, ${m[dk].toPrecision(4)} (PCA ${m[dp].toPrecision(4)}) in the data's`;
  };
  // Held-out rows first: what the model makes of rows it never trained on.
  const heldOut = m.val_mse === undefined
    ? ""
    : `${pair("scaled_val_mse", "val_mse", "held-out MSE")}; all rows: `;
  const all = pair("scaled_reconstruction_mse", "reconstruction_mse", "reconstruction MSE");
  const map = mapLine(m);
  if (map) lines.push(map);
  const blas = /products by (oneDNN|OpenBLAS)/.exec(manifest.engine_reason ?? "")?.[1];
  lines.push(
    `${heldOut}${all}; ` +
      `trained in ${manifest.timing.train.toFixed(1)} s on ${manifest.backend} (${manifest.engine}${
        blas ? `, products by ${blas}; --exact for the Wasm kernels' machine-independent bits` : ""
      })`,
  );
  return lines;
}

/** pumap's neighbourhood metrics beside PCA's (lib/eval/neighbourhood.ts); "" without them. */
function mapLine(m: Record<string, number>): string {
  const part = (prefix: string, rows: string) => {
    const t = m[`${prefix}trustworthiness_5`], knn = m[`${prefix}knn5_accuracy`];
    if (t === undefined) return "";
    const pca = (key: string) => `(PCA ${m[`${prefix}pca_${key}`].toFixed(3)})`;
    return `${rows}: trustworthiness-5 ${t.toFixed(3)} ${pca("trustworthiness_5")}` +
      (knn === undefined ? "" : `, kNN-5 accuracy ${knn.toFixed(3)} ${pca("knn5_accuracy")}`);
  };
  const held = part("val_", "held-out rows");
  const train = part("", "training rows");
  return train && `map of the ${[held, train].filter(Boolean).join("; ")}`;
}

/** Up to 8 names, then "…". */
function list(names: string[]): string {
  return names.slice(0, 8).join(", ") + (names.length > 8 ? ", …" : "");
}

/**
 * A live status line on `stream` (a task passes Deno.stderr): each call redraws it in place when
 * the text changes; "" clears it before a log line. Silent where `stream` is no terminal.
 */
export function statusWriter(
  stream: { isTerminal(): boolean; writeSync(p: Uint8Array): number },
): (text: string) => void {
  const live = stream.isTerminal();
  let shown = "";
  return (text) => {
    if (!live || text === shown) return; // redrawn only when it changes
    stream.writeSync(new TextEncoder().encode(`\r\x1b[2K${(shown = text)}`));
  };
}

/**
 * What an interrupted `train` says: the checkpoint kept (and the command that resumes it, each
 * argument quoted for a POSIX shell), or that nothing was kept before the first one.
 */
export function interruptedLine(
  kept: { path: string; epochs: number } | null,
  options: { epochs: number; evaluating: boolean; resume: string[] },
): string {
  if (!kept) return "interrupted before the first checkpoint; nothing was kept";
  const during = options.evaluating ? " while evaluating" : "";
  return `interrupted${during}: kept the checkpoint ${kept.path} (${kept.epochs} of ` +
    `${options.epochs} epochs); resume with: ${options.resume.map(quote).join(" ")}`;
}

/** `arg` as a POSIX shell reads it back: bare when safe, else in single quotes. */
function quote(arg: string): string {
  return /^[\w./=:,@+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

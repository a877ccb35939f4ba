// Progress text for training: the notebook's log lines (epochs 0, 10, …, last), a one-line
// status (epoch, loss, steps/s, ETA) that a task redraws on a terminal, and how early stopping
// ended. Epochs are numbered from 0 everywhere, as the notebook's log does.

import type { EpochInfo } from "./train.ts";

/** The notebook's log line for this epoch, or null when the notebook would stay quiet. */
export function notebookLine(info: EpochInfo, epochs: number): string | null {
  if (info.epoch % 10 !== 0 && info.epoch !== epochs - 1) return null;
  const val = info.valLoss === undefined ? "" : ` Val: ${info.valLoss.toFixed(3)}`;
  return `[Epoch ${info.epoch}] Loss: ${info.loss.toFixed(3)}${val}`;
}

/** A status line such as `epoch 12/49  loss 23.412  118 steps/s  ETA 9s` (epochs 0 to 49). */
export function statusLine(info: EpochInfo, options: { epochs: number; seconds: number }): string {
  const rate = options.seconds > 0 ? info.steps / options.seconds : 0;
  const left = (options.seconds / (info.epoch + 1)) * (options.epochs - info.epoch - 1);
  const val = info.valLoss === undefined ? "" : `  val ${info.valLoss.toFixed(3)}`;
  return `epoch ${info.epoch}/${options.epochs - 1}  loss ${info.loss.toFixed(3)}${val}  ` +
    `${rate.toFixed(0)} steps/s  ETA ${formatSeconds(left)}`;
}

/** 7.2 → "7s", 125 → "2m05s". */
export function formatSeconds(s: number): string {
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

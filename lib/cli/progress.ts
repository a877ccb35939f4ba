// Progress text for training: the notebook's log lines (epochs 0, 10, …, last) and a
// one-line status (epoch, loss, steps/s, ETA) that a task redraws on a terminal.

import type { EpochInfo } from "../engine/train.ts";

/** The notebook's log line for this epoch, or null when the notebook would stay quiet. */
export function notebookLine(info: EpochInfo, epochs: number): string | null {
  if (info.epoch % 10 !== 0 && info.epoch !== epochs - 1) return null;
  const val = info.valLoss === undefined ? "" : ` Val: ${info.valLoss.toFixed(3)}`;
  return `[Epoch ${info.epoch}] Loss: ${info.loss.toFixed(3)}${val}`;
}

/** A status line such as `epoch 12/50  loss 23.412  118 steps/s  ETA 9s`. */
export function statusLine(info: EpochInfo, options: { epochs: number; seconds: number }): string {
  const rate = options.seconds > 0 ? info.steps / options.seconds : 0;
  const left = (options.seconds / (info.epoch + 1)) * (options.epochs - info.epoch - 1);
  const val = info.valLoss === undefined ? "" : `  val ${info.valLoss.toFixed(3)}`;
  return `epoch ${info.epoch + 1}/${options.epochs}  loss ${info.loss.toFixed(3)}${val}  ` +
    `${rate.toFixed(0)} steps/s  ETA ${formatSeconds(left)}`;
}

/** 7.2 → "7s", 125 → "2m05s". */
function formatSeconds(s: number): string {
  const r = Math.round(s);
  return r < 60 ? `${r}s` : `${Math.floor(r / 60)}m${String(r % 60).padStart(2, "0")}s`;
}

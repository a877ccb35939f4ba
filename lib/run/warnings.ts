// Guardrails after training: what a run's numbers say went wrong, as {code, message} entries for
// run.json's `warnings`, the `warning:` lines on stderr, the report page and sweep/repro tables.
// Each names the figure that triggered it and what to try.

import { member } from "../model/family.ts";

/** One guardrail that fired. */
export interface RunWarning {
  /** worse-than-pca, map-no-better-than-pca, kl-collapse, baseline-all-columns, dead-outputs
   * or early-stop. */
  code: string;
  /** One line for people: the figures and what to try. */
  message: string;
}

/** A model this many times PCA's error (or worse) gets a warning. */
export const PCA_RATIO = 1.1;
/** A vae whose KL per latent dimension (nats per sample) is below this has collapsed. */
export const KL_COLLAPSE = 0.01;

/** What the guardrails read of a finished run. */
export interface WarningInput {
  /** The family member (`--model`). */
  model: string;
  /** run.json's metrics. */
  metrics: Record<string, number>;
  /** The data's columns and, by name, those whose ReLU output died. */
  columns: number;
  deadOutputs?: readonly string[];
  /** The latent size (vae: the KL's dimensions). */
  latent: number;
  /** The PCA baseline's components: asked for by the model's size, and used. */
  pcaComponents: { wanted: number; used: number };
  /** Early stopping: it triggered, the epoch kept, the last epoch run, the patience. */
  earlyStop?: { stopped: boolean; kept: number | null; last: number; patience: number };
}

/**
 * The guardrails that fire for a run, in order: (a) worse than PCA by more than PCA_RATIO on the
 * held-out rows (or, without a split, all rows), in the scaled units where the data were scaled;
 * (b) a vae's KL per latent dimension below KL_COLLAPSE; (c) a baseline as wide as the data;
 * (d) ReLU outputs dead on every row; (e) early stopping triggered and kept an earlier epoch;
 * (f) a map (pumap) whose trustworthiness-5 is no better than PCA's, on the held-out rows where
 * there are some.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { runWarnings } from "./warnings.ts";
 * const w = runWarnings({
 *   model: "ae", columns: 13, latent: 2, pcaComponents: { wanted: 2, used: 2 },
 *   metrics: { reconstruction_mse: 3, pca_mse: 2 },
 * });
 * assertEquals(w.map((x) => x.code), ["worse-than-pca"]);
 * ```
 */
export function runWarnings(run: WarningInput): RunWarning[] {
  const out: RunWarning[] = [];
  const m = run.metrics;
  const pick = ["scaled_val_mse", "val_mse", "scaled_reconstruction_mse", "reconstruction_mse"]
    .find((k) => Number.isFinite(m[k]));
  const pcaKey = pick?.endsWith("val_mse")
    ? pick.replace(/val_mse$/, "val_pca_mse")
    : pick?.replace("reconstruction_mse", "pca_mse");
  const [mse, pca] = [m[pick ?? ""], m[pcaKey ?? ""]];
  if (pick && pca > 0 && mse > PCA_RATIO * pca) {
    const rows = pick.includes("val") ? "held-out" : "training";
    const units = pick.startsWith("scaled") ? "scaled units" : "the data's units";
    const remedy = remedyOf(run.model);
    out.push({
      code: "worse-than-pca",
      message: `${rows} MSE ${sig(mse)} is ${sig(mse / pca)}× PCA's ${sig(pca)} ` +
        `(${run.pcaComponents.used} components, ${units}); a linear model does better here` +
        (remedy ? `; try ${remedy}` : ""),
    });
  }
  if (Number.isFinite(m.kl) && m.kl / run.latent < KL_COLLAPSE) {
    out.push({
      code: "kl-collapse",
      message: `KL ${sig(m.kl / run.latent)} nats per latent dimension (below ${KL_COLLAPSE}): ` +
        `the code has collapsed and every row decodes alike; try a smaller --beta (0.01) or ` +
        `a longer --kl-warmup`,
    });
  }
  if (run.pcaComponents.wanted >= run.columns) {
    out.push({
      code: "baseline-all-columns",
      message: `the PCA baseline would need ${run.pcaComponents.wanted} components, as many as ` +
        `the data's ${run.columns} columns (it rebuilds every row exactly); it was capped at ` +
        `${run.pcaComponents.used}; keep the code smaller than the columns (--topk, --latent)`,
    });
  }
  const dead = run.deadOutputs ?? [];
  if (dead.length) {
    out.push({
      code: "dead-outputs",
      message: `${dead.length} of ${run.columns} output units are 0 on every row ` +
        `(their ReLU died): ${list(dead)}; --output linear avoids this`,
    });
  }
  const e = run.earlyStop;
  if (e?.stopped) {
    out.push({
      code: "early-stop",
      message: `early stopping triggered: no better loss for ${e.patience} epochs after epoch ` +
        `${e.kept}; the model holds epoch ${e.kept}'s weights, not epoch ${e.last}'s`,
    });
  }
  const map = ["val_", ""].find((p) => Number.isFinite(m[`${p}trustworthiness_5`]));
  if (map !== undefined && m[`${map}trustworthiness_5`] <= m[`${map}pca_trustworthiness_5`]) {
    const [t, pca] = [m[`${map}trustworthiness_5`], m[`${map}pca_trustworthiness_5`]];
    out.push({
      code: "map-no-better-than-pca",
      message: `the map's trustworthiness-5 on the ${map ? "held-out" : "training"} rows, ` +
        `${t.toFixed(3)}, is no better than PCA's ${pca.toFixed(3)} (${run.latent} ` +
        `components): its neighbourhoods are no more faithful than a linear projection; train ` +
        `longer (--epochs auto trains 500 epochs up to 10,000 rows)`,
    });
  }
  return out;
}

function remedyOf(model: string): string {
  try {
    return member(model).remedy ?? "";
  } catch {
    return "";
  }
}

function sig(v: number): string {
  return Number(v.toPrecision(3)).toString();
}

/** Up to 8 names, then "…". */
function list(names: readonly string[]): string {
  return names.slice(0, 8).join(", ") + (names.length > 8 ? ", …" : "");
}

// A detect folder's index.html: the decision (threshold, rows flagged), the metrics beside the
// PCA baseline's, the figures inlined, and the top anomalies with their largest column errors
// (and, for image rows, the originals beside their reconstructions). Nothing is fetched.

import { escapeXml } from "../render/axes.ts";
import { ordinal } from "../render/format.ts";
import { CSS, fmt } from "./page.ts";
import { base64 } from "./page_client.ts";
import type { RunFiles } from "./files.ts";
import type { DetectSummary, ScorerResult } from "../eval/detect_summary.ts";

/** The page (also well-formed XML). */
export function detectPage(
  input: { summary: DetectSummary; figures: RunFiles; imageShape: [number, number] | null },
): string {
  const s = input.summary, title = `Anomalies in ${s.data.path}`;
  const t = s.ours.threshold;
  const rule = t.rule === "contamination"
    ? `the ${percentile(100 * (1 - t.contamination!))} percentile of the training rows' scores ` +
      `(contamination ${t.contamination})`
    : t.rule === "auto"
    ? "Tukey's fence Q3 + 1.5·IQR of the training rows' scores (contamination auto)"
    : "fixed (--threshold)";
  const figures = [...input.figures].filter(([n]) => /\.(svg|png)$/.test(n))
    .map(([name, c]) =>
      `<figure>${
        name.endsWith(".png")
          ? `<img alt="${name}" src="data:image/png;base64,${base64(c as Uint8Array)}"/>`
          : String(c)
      }<figcaption>${name}</figcaption></figure>`
    ).join("\n");
  return `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>
<title>${escapeXml(title)}</title><style>${CSS}</style></head>
<body><h1>${escapeXml(title)}</h1><p class="sub">${
    escapeXml(
      `${s.data.rows} rows scored by ${s.run} (${s.model}); score: ${s.score}. ` +
        `Threshold ${fmt(t.value)}: ${rule}, fitted on ${s.training.rows} rows of ` +
        `${s.training.path}${
          s.training.normal_labels ? ` labelled ${s.training.normal_labels.join(",")}` : ""
        }.`,
    )
  }</p>
<div class="card"><h2>Decision and metrics</h2>${metricsTable(s)}</div>
<div class="card"><h2>Figures</h2><div class="row figures">${figures}</div></div>
<div class="card"><h2>Top ${s.top.length} rows by score</h2>${topTable(s)}</div>
<div class="card"><details><summary>detect.json</summary><pre>${
    escapeXml(JSON.stringify(s, null, 1))
  }</pre></details></div>
</body></html>
`;
}

/** Ours beside PCA: threshold, rows flagged and (with labels) every metric. */
function metricsTable(s: DetectSummary): string {
  const cols: [string, ScorerResult][] = [
    [s.model, s.ours],
    [`PCA, ${s.baseline.components} components`, s.baseline],
  ];
  const rows: [string, (r: ScorerResult) => string][] = [
    ["threshold", (r) => fmt(r.threshold.value)],
    ["training rows above it", (r) => `${fmt(100 * r.threshold.train_flagged)}%`],
    ["rows flagged", (r) => `${r.flagged} of ${s.data.rows}`],
  ];
  if (s.ours.metrics) {
    const m = (k: keyof NonNullable<ScorerResult["metrics"]>) => (r: ScorerResult) =>
      fmt(r.metrics![k]);
    rows.push(
      ["ROC-AUC", m("roc_auc")],
      ["average precision", m("average_precision")],
      [`precision@${s.ours.metrics.n}`, m("precision_at_n")],
      ["precision at threshold", m("precision")],
      ["recall at threshold", m("recall")],
      [
        "tp / fp / tn / fn",
        (r) => `${r.metrics!.tp} / ${r.metrics!.fp} / ${r.metrics!.tn} / ${r.metrics!.fn}`,
      ],
    );
  }
  const note = s.positive_labels
    ? `<p class="note">Anomalies: rows labelled ${escapeXml(s.positive_labels.join(", "))}.</p>`
    : `<p class="note">No metrics: name the anomalous labels with --positive-label.</p>`;
  return `<table class="metrics"><tr><th></th>${
    cols.map(([n]) => `<th>${escapeXml(n)}</th>`).join("")
  }</tr>\n${
    rows.map(([name, f]) =>
      `<tr><th>${escapeXml(name)}</th>${
        cols.map(([, r]) => `<td class="v">${escapeXml(f(r))}</td>`).join("")
      }</tr>`
    ).join("\n")
  }</table>${note}`;
}

/** One line per top row: its scores and its five largest column errors with their share. */
function topTable(s: DetectSummary): string {
  const head = "<tr><th>row</th><th>label</th><th>score</th><th>PCA score</th><th>anomaly</th>" +
    "<th>largest column errors: name value → reconstruction (share of the error)</th></tr>";
  const lines = s.top.map((t) =>
    `<tr><td class="v">${t.index}</td><td>${escapeXml(t.label)}</td><td class="v">${
      fmt(t.score)
    }</td><td class="v">${fmt(t.pca_score)}</td><td>${t.anomaly ? "yes" : "no"}</td><td>${
      escapeXml(
        t.features.slice(0, 5).map((f) =>
          `${f.name} ${fmt(f.value)} → ${fmt(f.reconstruction)} (${Math.round(100 * f.share)}%)`
        ).join("; "),
      )
    }</td></tr>`
  );
  return `<table class="toprows">${head}\n${lines.join("\n")}</table>`;
}

/** A percentile's name: 90th, 91st, 92nd, 99.5th. */
function percentile(p: number): string {
  const v = Number(p.toPrecision(4));
  return Number.isInteger(v) ? ordinal(v) : `${v}th`;
}

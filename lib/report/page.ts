// A run's self-contained report page (index.html): run facts, metrics beside the PCA baseline,
// configuration, every figure inlined (PNG as data URIs, SVG as markup) and the latent explorer
// (html_client.ts). Nothing is fetched: no outside scripts, fonts, styles or images.

import { classColor, escapeXml } from "../render/axes.ts";
import { formatSig } from "../render/format.ts";
import { base64, explorerParts } from "./page_client.ts";
import { latentSize, type PageInput, type PageOptions } from "./page_input.ts";

export type { DecoderLayer, PageData, PageInput, PageOptions } from "./page_input.ts";
export { latentSize } from "./page_input.ts";

/**
 * The report pages' style sheet (run, study and detect pages). Its classes are the pages' own:
 * none may be a class the inlined figures use (`bar`, `line`, `mark`, …), or it would restyle
 * them (tests/report/page_test.ts and browser_test.ts check).
 */
export const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:20px 28px;color:#222;background:#fafafa}
h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:0 0 8px}
h3{font-size:15px;margin:0 0 4px}.sub{color:#555;margin:0 0 16px}
.top{display:grid;gap:0 16px;grid-template-columns:repeat(auto-fit,minmax(360px,1fr))}
.row{display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 14px;margin-bottom:16px}
table{border-collapse:collapse}td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:top}
th{font-weight:600;color:#444}td.v{font-variant-numeric:tabular-nums;text-align:right}
.note{color:#666;font-size:13px}.top .card{min-width:0}
.top td{overflow-wrap:anywhere}.top td.v{white-space:nowrap;overflow-wrap:normal}
.better{color:#1a7f37}.worse{color:#b3261e}
.cfg{columns:2;column-gap:24px;font-size:13px}.cfg div{break-inside:avoid;overflow-wrap:anywhere}.cfg b{font-weight:600}
#explorer{background:#fff;cursor:crosshair;max-width:100%;height:auto}
.hint{color:#555;margin:0 0 8px}#legend{list-style:none;padding:0;margin:0;min-width:120px}
#legend li{cursor:pointer;padding:2px 6px;border-radius:4px;user-select:none;white-space:nowrap}
#legend li:hover{background:#eee}#legend li.off{opacity:.35;text-decoration:line-through}
.sw{display:inline-block;width:11px;height:11px;border-radius:6px;margin-right:6px}
#sample{width:380px}.pair{display:flex;gap:12px}figure{margin:0}
figcaption{color:#555;font-size:13px}#sample canvas{border:1px solid #999;display:block}
.fvals td{padding:1px 6px 1px 0;font-size:13px}div.fbar{height:5px;margin:1px 0}
.figures figure{background:#fff;border:1px solid #ddd;padding:6px}
.figures img,.figures svg{max-width:100%;height:auto;display:block}.figures svg{width:560px}
.warnings{border-color:#d08000;background:#fff8e8}
pre{background:#f3f3f3;padding:8px;font-size:12px;overflow:auto;max-height:480px}`;

/** The run's full HTML document (also well-formed XML): one file, nothing fetched. */
export function runPage(input: PageInput, options: PageOptions = {}): string {
  const { manifest } = input, k = latentSize(input);
  return `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>${escapeXml(input.title)}</title><style>${CSS}</style></head>
<body><h1>${escapeXml(input.title)}</h1><p class="sub">${escapeXml(summary(input, k))}</p>
${warningsHtml(manifest)}<div class="top"><div class="card"><h2>Metrics</h2>${
    metricsTable(manifest)
  }</div>
<div class="card"><h2>Run</h2>${runTable(manifest)}</div>
<div class="card"><h2>Configuration</h2>${
    configList(stable(manifest).config, manifest.training)
  }</div></div>
${explorerHtml(input, { ...options, k })}
<div class="card"><h2>Figures</h2><div class="row figures">${figuresHtml(input.figures)}</div></div>
<div class="card"><details><summary>run.json</summary><pre>${
    escapeXml(JSON.stringify(stable(manifest), null, 1))
  }</pre></details></div>
</body></html>
`;
}

/** The latent explorer's card: plot, legend (with counts), sample panel and scripts. */
function explorerHtml(input: PageInput, options: PageOptions & { k: number }): string {
  const { data } = input, k = options.k;
  const stride = Math.max(1, Math.ceil(data.rows / (options.maxPoints ?? 5000)));
  const idx = Array.from({ length: Math.ceil(data.rows / stride) }, (_, p) => p * stride);
  const classes = data.labels ? data.classes : [];
  const counts = classes.map(() => 0);
  for (const i of idx) if (data.labels) counts[data.labels[i]]++;
  const legend = classes.map((name, c) =>
    `<li class="legend-item" data-class="${c}" tabindex="0" role="button" aria-pressed="true">` +
    `<span class="sw" style="background:${classColor(c, classes.length)}"></span>` +
    `${escapeXml(name)} <span class="note">(${counts[c]})</span></li>`
  ).join("\n");
  const decodes = input.decoder?.[0]?.fin === Math.min(k, 2);
  const hint = "Hover over a point to see that sample" +
    (input.reconstruction ? " beside its reconstruction" : "") +
    (decodes ? "; click empty space to decode that latent point" : "") +
    (classes.length ? ". Click a class in the legend to hide or show it." : ".");
  const shown = stride > 1 ? ` (${idx.length} of ${data.rows} rows: one in ${stride})` : "";
  const { svg, scripts } = explorerParts(input, { idx });
  return `<div class="card"><h2>Latent explorer${shown}</h2><p class="hint">${escapeXml(hint)}</p>
<div class="row">${svg}<ul id="legend">${legend}</ul>
<div id="sample" aria-live="polite"><p class="note">Hover over a point.</p></div></div>
${scripts}</div>`;
}

function summary(input: PageInput, k: number): string {
  const m = input.manifest, cfg = (m.config ?? {}) as Record<string, unknown>;
  const path = (m.data as { path?: string } | undefined)?.path ?? cfg.data;
  return [
    cfg.model ? `model ${cfg.model}` : "",
    `${input.data.rows} rows × ${input.data.columns} columns${path ? ` of ${path}` : ""}`,
    `latent size ${k}`,
    m.backend ? `trained on ${m.backend}${m.engine ? ` (${m.engine})` : ""}` : "",
  ].filter(Boolean).join(" · ");
}

/** run.json's warnings (lib/run/warnings.ts) as a card above the metrics; none: nothing. */
function warningsHtml(manifest: Record<string, unknown>): string {
  const list = (manifest.warnings ?? []) as { code: string; message: string }[];
  if (!list.length) return "";
  const items = list.map((w) => `<li><b>${escapeXml(w.code)}</b>: ${escapeXml(w.message)}</li>`);
  return `<div class="card warnings"><h2>Warnings</h2><ul>${items.join("")}</ul></div>\n`;
}

/** Every metric; an MSE or a map's neighbourhood metric with a PCA counterpart shows it beside. */
function metricsTable(manifest: Record<string, unknown>): string {
  const m = (manifest.metrics ?? {}) as Record<string, number>;
  const rows = Object.keys(m).sort((a, b) => rank(a) - rank(b)).map((key) => {
    const pca = m[pcaKey(key)];
    const r = /(reconstruction|val)_mse$/.test(key) && pca > 0 ? m[key] / pca : NaN;
    const gap = formatSig(Math.abs(1 - r) * 100, { digits: 2 }); // 0.4% is not "0%"
    const how = r >= 2 ? `${fmt(r)}× PCA's` : `${gap}% ${r <= 1 ? "below" : "above"} PCA's`;
    const note = NEIGHBOURHOOD.test(key) && pca !== undefined
      ? `<span class="${m[key] > pca ? "better" : "worse"}">PCA's ${fmt(pca)}</span>` // higher wins
      : Number.isNaN(r)
      ? ""
      : `<span class="${r <= 1 ? "better" : "worse"}">${how} ${fmt(pca)}</span>`;
    const name = escapeXml(key).replace(/_(?=[a-z]{3})/g, "_<wbr/>"); // breaks at _, not before 5
    const cells = [name, fmt(m[key]), note];
    return `<tr><th>${cells[0]}</th><td class="v">${cells[1]}</td><td class="note">${
      cells[2]
    }</td></tr>`;
  });
  return `<table class="metrics">${rows.join("\n")}</table>`;
}

/** pumap's neighbourhood metrics of the map (lib/eval/neighbourhood.ts), not PCA's. */
const NEIGHBOURHOOD = /^(val_)?(trustworthiness_5|knn5_accuracy)$/;

/**
 * The PCA metric beside a model's: val_mse → val_pca_mse, reconstruction_mse → pca_mse,
 * trustworthiness_5 → pca_trustworthiness_5, val_knn5_accuracy → val_pca_knn5_accuracy.
 */
function pcaKey(key: string): string {
  if (NEIGHBOURHOOD.test(key)) return key.replace(/^(val_)?/, "$1pca_");
  return key.endsWith("val_mse")
    ? key.replace(/val_mse$/, "val_pca_mse")
    : key.replace("reconstruction_mse", "pca_mse");
}

/** Held-out errors first (scaled, then the data's units), then all rows', then the rest. */
function rank(key: string): number {
  const order = ["scaled_val_mse", "scaled_val_pca_mse", "val_mse", "val_pca_mse"];
  if (order.includes(key)) return order.indexOf(key) - 4;
  return key === "reconstruction_mse" ? 0 : key === "pca_mse" ? 1 : key.includes("mse") ? 2 : 3;
}

/**
 * The manifest without what differs between two runs of one configuration (timing, file hashes,
 * the output folder, whether it resumed), so the page is as reproducible as the run's other files.
 */
function stable(manifest: Record<string, unknown>): Record<string, unknown> {
  const { timing: _t, files: _f, ...rest } = manifest;
  const { out: _o, resume: _r, ...config } = (manifest.config ?? {}) as Record<string, unknown>;
  return { ...rest, config };
}

/** Backend, adapter, data and versions. */
function runTable(m: Record<string, unknown>): string {
  const data = m.data as { path?: string; rows?: number; columns?: number } | undefined;
  const flat = (v: unknown) =>
    v && typeof v === "object"
      ? Object.entries(v).map(([k, x]) => `${k} ${typeof x === "number" ? fmt(x) : x}`).join(", ")
      : String(v ?? "—");
  const rows: [string, unknown][] = [
    ["backend", m.backend],
    ["backend reason", m.backend_reason],
    ["engine", m.engine === undefined ? undefined : `${m.engine}: ${m.engine_reason}`],
    ["WebGPU adapter", m.adapter ?? "none"],
    ["data", data ? `${data.path} (${data.rows} × ${data.columns})` : undefined],
    ["epochs run", Array.isArray(m.epochs) ? m.epochs.length : undefined],
    ["kept epoch", keptEpoch(m)],
    ["versions", m.versions],
  ];
  return `<table>${
    rows.filter(([, v]) => v !== undefined).map(([k, v]) =>
      `<tr><th>${k}</th><td>${escapeXml(flat(v))}</td></tr>`
    ).join("\n")
  }</table>`;
}

/**
 * With --early-stop: the epoch whose weights the model kept, and why. "early stopping" only when
 * it stopped the run (patience ran out); else the best epoch's weights (restored all the same)
 * or the last epoch's. Undefined without --early-stop.
 */
function keptEpoch(m: Record<string, unknown>): string | undefined {
  const t = (m.training ?? {}) as { best_epoch?: number | null; stopped_early?: boolean };
  if (t.best_epoch === undefined || t.best_epoch === null) return undefined;
  const epochs = m.epochs as { epoch: number; val_loss?: number }[] | undefined;
  const last = epochs?.at(-1)?.epoch;
  if (t.stopped_early) return `${t.best_epoch} (early stopping, stopped after epoch ${last})`;
  if (t.best_epoch === last) return `${t.best_epoch}, the last (early stopping did not trigger)`;
  const loss = epochs?.some((e) => e.val_loss !== undefined) ? "validation" : "training";
  return `${t.best_epoch}, the lowest ${loss} loss (early stopping did not trigger)`;
}

/** Settings that mean something only for some family members (the rest apply to all). */
const ONLY_FOR: Record<string, string[]> = {
  latent: ["ae", "dae", "vae", "pumap"],
  output: ["ae", "dae", "pumap"],
  beta: ["vae"],
  klWarmup: ["vae"],
  noise: ["dae", "pumap"],
  l1: ["sae"],
  topk: ["sae"],
  neighbors: ["pumap"],
  minDist: ["pumap"],
  reconWeight: ["pumap"],
};

/** The configuration's settings that apply to its model (all of them stay in run.json), with the
 * count `--epochs auto` trained (run.json's training.epochs); lists may break after a comma. */
function configList(config: unknown, training: unknown): string {
  const trained = (training as { epochs?: unknown } | undefined)?.epochs;
  const all = { ...(config ?? {}) } as Record<string, unknown>;
  if (all.epochs === "auto" && typeof trained === "number") all.epochs = `auto (${trained})`;
  const kind = String(all.model ?? "ae");
  const entries = Object.entries(all).filter(([k]) =>
    (ONLY_FOR[k]?.includes(kind) ?? true) && (k !== "channels" || all.arch === "conv")
  );
  const text = (v: unknown) =>
    Array.isArray(v) ? (v.length ? v.join(",") : "—") : v === "" ? '""' : String(v);
  return `<div class="cfg">${
    entries.map(([k, v]) =>
      `<div><b>${escapeXml(k)}</b> ${escapeXml(text(v)).replaceAll(",", ",<wbr/>")}</div>`
    ).join("")
  }</div>`;
}

/** loss.svg first, then the PNG figures, then the other SVGs, each in name order. */
function figuresHtml(figures: Map<string, Uint8Array | string>): string {
  const order = (n: string) => n === "loss.svg" ? 0 : n.endsWith(".png") ? 1 : 2;
  return [...figures].filter(([n]) => /\.(png|svg)$/.test(n))
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([name, content]) => {
      const body = name.endsWith(".png")
        ? `<img alt="${escapeXml(name)}" src="data:image/png;base64,${
          base64(content as Uint8Array)
        }"/>`
        : String(content).replace(/^\s*<\?xml[^>]*\?>\s*/, "").replace(/<!DOCTYPE[^>]*>\s*/i, "");
      return `<figure>${body}<figcaption>${escapeXml(name)}</figcaption></figure>`;
    }).join("\n");
}

/** A metric as the pages print it: 4 significant digits, or 3 in exponent form below 1e-3 and from 1e6. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** A markdown table (header, `|---|` rule, rows; text already escaped) as an HTML table. */
function tableHtml(block: string): string {
  const cells = (line: string) =>
    line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
  const [head, , ...rows] = block.split("\n");
  const tr = (cs: string[], tag: string) =>
    `<tr>${cs.map((c) => `<${tag}>${c}</${tag}>`).join("")}</tr>`;
  return `<table>${tr(cells(head), "th")}${rows.map((r) => tr(cells(r), "td")).join("")}</table>`;
}

/** A seed study's page: report.md's text and its SVG figures, inlined. */
export function studyPage(
  input: { title: string; report: string; figures: Map<string, Uint8Array | string> },
): string {
  const text = input.report.split(/\n\n+/).map((block) => {
    const b = escapeXml(block.trim()).replace(/`([^`]+)`/g, "<code>$1</code>")
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
    if (b.startsWith("# ")) return `<h1>${b.slice(2)}</h1>`;
    if (b.startsWith("## ")) return `<h2>${b.slice(3)}</h2>`;
    if (b.startsWith("|")) return tableHtml(b);
    return `<p>${b}</p>`;
  }).join("\n");
  const svgs = new Map([...input.figures].filter(([n]) => n.endsWith(".svg")));
  return `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><meta charset="utf-8"/>
<title>${escapeXml(input.title)}</title><style>${CSS}</style></head>
<body>${text}
<div class="card"><h2>Figures</h2><div class="row figures">${figuresHtml(svgs)}</div></div>
</body></html>
`;
}

// A run's self-contained report page (index.html): configuration, metrics beside the PCA
// baseline, every figure inlined (PNG as data URIs, SVG as markup), and an interactive
// latent explorer driven by html_client.ts. No network: nothing is loaded from outside.

import { classColor, escapeXml } from "./axes.ts";
import { CLIENT_JS } from "./html_client.ts";

/** What the page shows. */
export interface PageInput {
  /** Page heading, e.g. the run name. */
  title: string;
  /** run.json's content (config, metrics, backend, adapter, epochs …). */
  manifest: Record<string, unknown>;
  /** Run files; *.png and *.svg are inlined in name order, others skipped. */
  figures: Map<string, Uint8Array | string>;
  /** The data in its own units. */
  data: {
    x: Float32Array;
    rows: number;
    columns: number;
    labels: Int32Array | null;
    classes: string[];
    imageShape: [number, number] | null;
    featureNames: string[];
  };
  /** Latent codes. // [rows, k] */
  latent: Float32Array;
  /** Reconstructions in the data's units. // [rows, columns] */
  reconstruction: Float32Array;
  /** Generative models with a 2-D latent: decoder layers (input-major weights) for click-to-decode. */
  decoder?: {
    w: ArrayLike<number>;
    b: ArrayLike<number>;
    relu: boolean;
    fin: number;
    fout: number;
  }[];
  /** With `decoder`: outputs are sigmoid(logits) × this (the vae's Bernoulli means). */
  outScale?: number;
}

const CSS = `body{font-family:sans-serif;margin:24px;max-width:1400px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{background:#f3f3f3}.explore{display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap}
#explorer{border:1px solid #ddd;background:#fff}#sample{min-width:340px}.pair{display:flex;gap:12px}
figure{margin:0;text-align:center}canvas{image-rendering:pixelated;border:1px solid #999}
.legend{list-style:none;padding:0;margin:0}.legend-item{cursor:pointer;padding:2px 6px;user-select:none}
.legend-item.off{opacity:.3}.swatch{display:inline-block;width:12px;height:12px;border-radius:6px;margin-right:6px}
.figures{display:flex;flex-wrap:wrap;gap:16px}.figures figure{border:1px solid #eee;padding:6px}
.figures img{max-width:100%}details pre{background:#f7f7f7;padding:8px;font-size:12px;overflow:auto}`;

/** The full HTML document for a run. */
export function runPage(input: PageInput): string {
  const { data, manifest } = input;
  const k = input.latent.length / data.rows;
  let [vmin, vmax] = [Infinity, -Infinity];
  for (const v of data.x) [vmin, vmax] = [Math.min(vmin, v), Math.max(vmax, v)];
  const round = (a: ArrayLike<number>) => Array.from(a, (v) => Number(v.toPrecision(4)));
  const run = {
    k,
    d: data.columns,
    latent: round(input.latent),
    x: round(data.x),
    recon: round(input.reconstruction),
    labels: data.labels ? Array.from(data.labels) : new Array(data.rows).fill(-1),
    classes: data.classes,
    colors: (data.classes.length ? data.classes : ["all"]).map((_, i, a) =>
      classColor(i, a.length)
    ),
    imageShape: data.imageShape,
    features: data.featureNames,
    vmin,
    vmax,
    decoder: input.decoder?.map((l) => ({ ...l, w: round(l.w), b: round(l.b) })) ?? null,
    outScale: input.outScale ?? null,
  };
  const metrics = (manifest.metrics ?? {}) as Record<string, number>;
  const legend = data.classes.map((c, i) =>
    `<li class="legend-item" data-class="${i}"><span class="swatch" style="background:${
      run.colors[i]
    }"></span>${escapeXml(c)}</li>`
  ).join("");
  const figures = [...input.figures].filter(([n]) => /\.(png|svg)$/.test(n)).sort(([a], [b]) =>
    a.localeCompare(b)
  )
    .map(([name, content]) => {
      const body = name.endsWith(".png")
        ? `<img alt="${name}" src="data:image/png;base64,${base64(content as Uint8Array)}">`
        : String(content).replace(/^<\?xml[^>]*>\s*/, "");
      return `<figure><figcaption>${escapeXml(name)}</figcaption>${body}</figure>`;
    }).join("\n");
  const hint = input.decoder && k === 2 && data.imageShape
    ? "Hover or click a point to see that sample; click empty space to decode that latent point."
    : "Hover or click a point to see that sample.";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(input.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}</style></head>
<body><h1>${escapeXml(input.title)}</h1>
<p>Backend <b>${escapeXml(String(manifest.backend ?? "?"))}</b>${
    manifest.adapter ? ` (adapter ${escapeXml(String(manifest.adapter))})` : ""
  }; ${data.rows} rows × ${data.columns} columns.</p>
<h2>Metrics</h2>${metricsTable(metrics)}
<h2>Latent explorer</h2><p>${hint} Click a legend entry to hide or show a class.</p>
<div class="explore"><svg id="explorer" viewBox="0 0 640 480" width="640" height="480"></svg>
<div><ul class="legend">${legend}</ul></div><div id="sample"><p>No sample selected yet.</p></div></div>
<h2>Figures</h2><div class="figures">${figures}</div>
<h2>Configuration</h2><details open><summary>run.json (without file hashes, epochs and timings)</summary><pre>${
    escapeXml(JSON.stringify(shown(manifest), null, 2))
  }</pre></details>
<script>window.RUN = ${JSON.stringify(run).replace(/</g, "\\u003c")};</script>
<script>${CLIENT_JS}</script>
</body></html>
`;
}

/** The manifest as the page shows it: no hashes, epochs or timings, nor where it was written,
 * so that the same run gives the same page byte for byte. */
function shown(manifest: Record<string, unknown>): Record<string, unknown> {
  const { files: _f, epochs: _e, timing: _t, ...rest } = manifest;
  const { out: _o, resume: _r, ...config } = (manifest.config ?? {}) as Record<string, unknown>;
  return { ...rest, config };
}

function metricsTable(metrics: Record<string, number>): string {
  const rows = Object.entries(metrics).map(([k, v]) => {
    const baseline = k === "reconstruction_mse" && "pca_mse" in metrics
      ? ` <small>(PCA baseline ${metrics.pca_mse.toFixed(3)})</small>`
      : "";
    return `<tr><th>${escapeXml(k)}</th><td>${Number(v).toPrecision(5)}${baseline}</td></tr>`;
  });
  return `<table class="metrics">${rows.join("")}</table>`;
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** A seed study's page: report.md's text, the small multiples, heatmap and loss plot. */
export function studyPage(
  input: { title: string; report: string; figures: Map<string, Uint8Array | string> },
): string {
  const text = input.report.split(/\n\n+/).map((block) => {
    const b = escapeXml(block.trim()).replace(/`([^`]+)`/g, "<code>$1</code>");
    if (b.startsWith("# ")) return `<h1>${b.slice(2)}</h1>`;
    if (b.startsWith("## ")) return `<h2>${b.slice(3)}</h2>`;
    return `<p>${b}</p>`;
  }).join("\n");
  const figures = [...input.figures].filter(([n]) => n.endsWith(".svg")).sort(([a], [b]) =>
    a.localeCompare(b)
  )
    .map(([n, c]) =>
      `<figure><figcaption>${escapeXml(n)}</figcaption>${
        String(c).replace(/^<\?xml[^>]*>\s*/, "")
      }</figure>`
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${
    escapeXml(input.title)
  }</title><style>${CSS}</style></head>
<body>${text}
<h2>Figures</h2><div class="figures">${figures}</div>
</body></html>
`;
}

// Tests of the run page (lib/report/page.ts) as text: self-contained (nothing fetched), well-formed
// XML, one explorer point per row, legend items per class, every PNG inlined as a data URI that
// decodes, the metrics beside the PCA baseline, and the embedded data rounded and complete.

import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { DOMParser } from "@xmldom/xmldom";
import { decode } from "fast-png";
import { DEFAULTS } from "../../lib/config.ts";
import { type Dataset, loadDataset, parseCsv } from "../../lib/data/load.ts";
import { type PageInput, runPage } from "../../lib/report/page.ts";
import { imageGrid } from "../../lib/render/png.ts";
import { scatterSvg } from "../../lib/render/svg.ts";

const digits = await loadDataset("data/digits.csv");
digits.imageShape = [8, 8];

/** A fake but deterministic latent (left−right and top−bottom ink) and reconstruction. */
function fakeOutputs(data: Dataset): { latent: Float32Array; reconstruction: Float32Array } {
  const latent = new Float32Array(data.rows * 2);
  for (let i = 0; i < data.rows; i++) {
    for (let j = 0; j < data.columns; j++) {
      const v = data.x[i * data.columns + j], [r, c] = [Math.floor(j / 8), j % 8];
      latent[i * 2] += (c < 4 ? v : -v) / 50;
      latent[i * 2 + 1] += (r < 4 ? v : -v) / 50 + Math.sin(i) * 1e-3;
    }
  }
  const reconstruction = Float32Array.from(data.x, (v, j) => 0.8 * v + 1 + (j % 3) * 0.1234567);
  return { latent, reconstruction };
}

function digitsPage(extra: Partial<PageInput> = {}): { input: PageInput; html: string } {
  const png = imageGrid([{ pixels: digits.x.subarray(0, 64), width: 8, height: 8, caption: "a" }]);
  const svg = scatterSvg({ x: [0, 1, 2], y: [2, 1, 0] }, { title: "latent" });
  const input: PageInput = {
    title: "digits-ae-128x128x2-s34",
    manifest: {
      config: { ...DEFAULTS, name: "digits-ae-128x128x2-s34" },
      backend: "wasm",
      backend_reason: "asked for",
      engine: "fused",
      engine_reason: "Wasm SIMD kernels (lib/engine/fused/kernels/)",
      adapter: null,
      data: { path: "data/digits.csv", rows: digits.rows, columns: 64 },
      epochs: [{ epoch: 0, loss: 38.4 }, { epoch: 1, loss: 20.1 }],
      metrics: { reconstruction_mse: 12.3456789, pca_mse: 13.4209, kl: 2.345678 },
    },
    figures: new Map<string, Uint8Array | string>([
      ["samples.png", png],
      ["latent.svg", `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`],
      ["latent.csv", "index,label,z1,z2\nUNIQUE-CSV-TEXT\n"],
      ["model/weights.bin", new Uint8Array([1, 2, 3])],
    ]),
    data: digits,
    ...fakeOutputs(digits),
    ...extra,
  };
  return { input, html: runPage(input) };
}

/** Parses the page as XML, failing on any error or warning. */
function parse(html: string) {
  const fail = (level: string, msg: string) => {
    throw new Error(`page is not well-formed (${level}): ${msg}`);
  };
  return new DOMParser({ onError: fail }).parseFromString(html, "application/xhtml+xml");
}

/** The JSON embedded for the explorer. */
function runData(html: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="run-data">([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error("no run-data script");
  return JSON.parse(m[1]);
}

Deno.test("runPage(): self-contained, well-formed, nothing fetched", () => {
  const { html } = digitsPage();
  assert(html.startsWith("<!DOCTYPE html>"));
  parse(html);
  assert(!/<script[^>]*\ssrc\s*=/i.test(html), "an external script");
  assert(!/<link\b/i.test(html), "a <link> element");
  assert(!/@import|url\(/i.test(html), "CSS that loads something");
  assert(!/<(iframe|object|embed)\b/i.test(html), "an embedded document");
  const urls = [...html.matchAll(/(.{0,12})(https?:\/\/[^"'\s)<]*)/g)];
  assert(urls.length > 0);
  for (const [, before, url] of urls) {
    assertMatch(before, /xmlns(:\w+)?="$/, `a URL outside an xmlns attribute: ${before}${url}`);
  }
  assertEquals(runPage(digitsPage().input), html, "the page is not deterministic");
  // What differs between two runs of one configuration stays out of the page.
  const { input } = digitsPage();
  const cfg = input.manifest.config as Record<string, unknown>;
  const other = {
    ...input.manifest,
    timing: { train: 9.87 },
    config: { ...cfg, out: "/x", resume: true },
  };
  assertEquals(runPage({ ...input, manifest: other }), html, "timing, out or resume shows");
});

Deno.test("runPage(): one explorer point per row and a legend item per class", () => {
  const { html } = digitsPage();
  const doc = parse(html);
  const circles = Array.from(doc.getElementsByTagName("circle"))
    .filter((c) => c.getAttribute("class") === "pt");
  assertEquals(circles.length, digits.rows);
  assertEquals(circles.map((c) => Number(c.getAttribute("data-i"))), [
    ...Array(digits.rows).keys(),
  ]);
  circles.forEach((c, i) => assertEquals(Number(c.getAttribute("data-class")), digits.labels![i]));
  const items = Array.from(doc.getElementsByTagName("li"))
    .filter((li) => li.getAttribute("class") === "legend-item");
  assertEquals(
    items.map((li) => li.getAttribute("data-class")),
    digits.classes.map((_, c) => `${c}`),
  );
  assertEquals(items.map((li) => li.textContent!.split(" ")[0]), digits.classes);
  assertStringIncludes(items[0].textContent!, `(${digits.labels!.filter((l) => l === 0).length})`);
  assert(doc.getElementById("sample"), "no #sample panel");
  assert(doc.getElementById("explorer"), "no #explorer plot");
});

Deno.test("runPage(): PNGs inlined as data URIs that decode, SVGs as markup, no others", () => {
  const { input, html } = digitsPage();
  const uris = [...html.matchAll(/<img alt="([^"]+)" src="data:image\/png;base64,([^"]+)"/g)];
  assertEquals(uris.map((m) => m[1]), ["samples.png"]);
  for (const [, name, b64] of uris) {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    assertEquals(bytes, input.figures.get(name));
    const img = decode(bytes), src = decode(input.figures.get(name) as Uint8Array);
    assertEquals([img.width, img.height], [src.width, src.height]);
  }
  assert(!html.includes("<?xml"), "an <?xml?> header left inside the page");
  assertStringIncludes(html, `<text class="title"`);
  assert(!html.includes("UNIQUE-CSV-TEXT"), "a CSV was inlined");
  assertStringIncludes(html, "<figcaption>latent.svg</figcaption>");
  assert(!html.includes("weights.bin</figcaption>"));
});

Deno.test("runPage(): metrics beside the PCA baseline, backend, engine and configuration", () => {
  const { html } = digitsPage();
  assertStringIncludes(html, '<th>reconstruction_<wbr/>mse</th><td class="v">12.35</td>');
  assertStringIncludes(html, '<th>pca_<wbr/>mse</th><td class="v">13.42</td>');
  assertStringIncludes(html, "8% below PCA's 13.42");
  assertStringIncludes(html, '<th>kl</th><td class="v">2.346</td>');
  assertMatch(html, /<th>backend<\/th><td>wasm<\/td>/);
  assertStringIncludes(html, "<b>hidden</b> 128,<wbr/>128"); // a list breaks after a comma
  assertStringIncludes(html, "trained on wasm (fused)");
  assertStringIncludes(
    html,
    "<th>engine</th><td>fused: Wasm SIMD kernels (lib/engine/fused/kernels/)</td>",
  );
});

Deno.test("runPage(): a map's neighbourhood metrics show PCA's beside them, higher is better", () => {
  const metrics = {
    trustworthiness_5: 0.9861,
    pca_trustworthiness_5: 0.8304,
    val_knn5_accuracy: 0.6,
    val_pca_knn5_accuracy: 0.62,
  };
  const html = runPage({
    title: "t",
    manifest: { config: { model: "pumap" }, metrics },
    figures: new Map(),
    data: { ...digits, rows: 3, x: digits.x.slice(0, 3 * 64) },
    latent: new Float32Array(6),
    reconstruction: null,
  });
  assertStringIncludes(html, '<td class="note"><span class="better">PCA\'s 0.8304</span></td>');
  assertStringIncludes(html, '<td class="note"><span class="worse">PCA\'s 0.62</span></td>');
  assertStringIncludes(
    html,
    '<th>pca_<wbr/>trustworthiness_5</th><td class="v">0.8304</td><td class="note"></td>',
  );
});

Deno.test("runPage(): the embedded data is complete and rounded to about 3 digits", () => {
  const { html } = digitsPage();
  const run = runData(html) as {
    zx: number[];
    zy: number[];
    err: number[];
    x: string;
    recon: string;
    image: number[];
    decoder: unknown;
  };
  assertEquals([run.zx.length, run.zy.length, run.err.length], Array(3).fill(digits.rows));
  for (const v of [...run.zx, ...run.zy, ...run.err]) {
    assert(Number(v.toPrecision(3)) === v, `${v} has more than 3 significant digits`);
  }
  assertEquals(run.image, [8, 8]);
  const x = Uint8Array.from(atob(run.x), (c) => c.charCodeAt(0));
  assertEquals(x.length, digits.rows * 64);
  assertEquals(x[5], Math.round((digits.x[5] / 16) * 255)); // digits span 0…16
  assertEquals(atob(run.recon).length, digits.rows * 64);
  assertEquals(run.decoder, null);
  assert(!html.includes("click empty space"), "decoding offered without a decoder");
});

Deno.test("runPage(): decoder weights are embedded and decoding is offered", () => {
  const w = Float32Array.from({ length: 2 * 64 }, (_, i) => Math.cos(i) * 1.23456);
  const decoder = [{ w, b: new Float32Array(64).fill(0.5), relu: false, fin: 2, fout: 64 }];
  const { html } = digitsPage({ decoder, outScale: 16 });
  parse(html);
  const run = runData(html) as { decoder: { w: number[]; fin: number }[]; outScale: number };
  assertEquals(run.decoder[0].fin, 2);
  assertEquals(run.decoder[0].w.length, 128);
  assertEquals(run.decoder[0].w[1], Number((Math.fround(Math.cos(1) * 1.23456)).toPrecision(4)));
  assertEquals(run.outScale, 16);
  assertStringIncludes(html, "click empty space to decode that latent point");
});

Deno.test("runPage(): a table without labels or reconstructions, k = 1, escaped names", () => {
  const data = parseCsv("a&b,<c>\n1,2\n3,5\n4,4\n", { source: "t.csv" });
  const html = runPage({
    title: "<table> & run",
    manifest: { config: { data: "t.csv" }, metrics: {} },
    figures: new Map(),
    data,
    latent: new Float32Array([0.5, -1, 2]),
    reconstruction: null,
  });
  const doc = parse(html);
  assertStringIncludes(html, "<h1>&lt;table&gt; &amp; run</h1>");
  const circles = Array.from(doc.getElementsByTagName("circle"));
  assertEquals(circles.filter((c) => c.getAttribute("class") === "pt").length, 3);
  assertEquals(html.match(/class="legend-item"/g), null);
  assertStringIncludes(html, ">row</text>");
  const run = runData(html) as { features: string[]; x: number[]; recon: null; zy: null };
  assertEquals(run.features, ["a&b", "<c>"]);
  assertEquals([run.x, run.recon, run.zy], [[1, 2, 3, 5, 4, 4], null, null]);
});

Deno.test("runPage(): maxPoints keeps every n-th row", () => {
  const { input } = digitsPage();
  const html = runPage(input, { maxPoints: 500 });
  const rows = [...html.matchAll(/<circle class="pt" data-i="(\d+)"/g)].map((m) => +m[1]);
  assertEquals(rows.length, Math.ceil(digits.rows / 4));
  assert(rows.every((r, p) => r === 4 * p));
  assertStringIncludes(html, "(450 of 1797 rows: one in 4)");
  assertEquals((runData(html).err as number[]).length, rows.length);
});

Deno.test("runPage(): the Configuration box lists only the settings that apply to the model", () => {
  const box = (model: string, arch = "mlp") => {
    const { input } = digitsPage();
    const config = {
      ...(input.manifest.config as Record<string, unknown>),
      model,
      arch,
      channels: [32, 64],
    };
    const html = runPage({ ...input, manifest: { ...input.manifest, config } });
    const card = /<h2>Configuration<\/h2>(.*?)<\/div><\/div>/s.exec(html)![1];
    return [...card.matchAll(/<b>(\w+)<\/b>/g)].map((m) => m[1]);
  };
  const only = ["latent", "output", "beta", "klWarmup", "noise", "l1", "topk"];
  const shown = (model: string) => box(model).filter((k) => only.includes(k)).sort();
  assertEquals(shown("ae"), ["latent", "output"]);
  assertEquals(shown("dae"), ["latent", "noise", "output"]);
  assertEquals(shown("vae"), ["beta", "klWarmup", "latent"]);
  assertEquals(shown("sae"), ["l1", "topk"]);
  assertEquals([box("ae").includes("hidden"), box("sae").includes("lr")], [true, true]);
  assertEquals([box("ae").includes("channels"), box("ae", "conv").includes("channels")], [
    false,
    true,
  ]);
});

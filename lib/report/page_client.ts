// The run page's latent explorer: the scatter drawn as SVG (one `circle.pt` per row), the data
// embedded for it (rounded; images as one byte per pixel) and the inline script that shows a sample
// beside its reconstruction, toggles classes and decodes a clicked latent point with a tiny MLP.

import { classColor, extent, makeAxis } from "../render/axes.ts";
import { frameSvg } from "../render/frame.ts";
import { latentSize, type PageInput } from "./page_input.ts";
import type { Values } from "../data/table.ts";

/**
 * The explorer's plot (`svg#explorer` with `circle.pt[data-i][data-class]`) and its two scripts:
 * the embedded data (`script#run-data`, JSON) and the code that wires hover, click and legend.
 */
export function explorerParts(
  input: PageInput,
  options: { idx: number[] },
): { svg: string; scripts: string } {
  const { data, latent } = input, { idx } = options, k = latentSize(input);
  const classes = data.labels ? data.classes : [];
  const colors = classes.map((_, c) => classColor(c, classes.length));
  const z = (i: number, j: number) => (Number.isFinite(latent[i * k + j]) ? latent[i * k + j] : 0);
  const zx = idx.map((i) => z(i, 0)), zy = idx.map((i) => (k > 1 ? z(i, 1) : i));
  const [left, top, right, bottom] = [64, 12, 626, 430];
  const x = makeAxis(extent(zx), [left, right], { pad: 0.05 });
  const y = makeAxis(extent(zy), [bottom, top], { pad: 0.05 });
  const at = (v: number) => Math.round(v * 10) / 10;
  const dots = idx.map((i, p) => {
    const c = data.labels ? data.labels[i] : -1;
    const [cx, cy] = [at(x.map(zx[p])), at(y.map(zy[p]))];
    const fill = colors[c] ?? classColor(0, 1);
    return `<circle class="pt" data-i="${i}" data-class="${c}" cx="${cx}" cy="${cy}" r="3" ` +
      `fill="${fill}"/>`;
  });
  const labels = { x, xLabel: "z1", yLabel: k > 1 ? "z2" : "row" };
  const svg = `<svg id="explorer" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 480" ` +
    `width="640" height="480" font-family="sans-serif" font-size="12">\n` +
    frameSvg({ left, top, right, bottom }, y, labels) +
    `<g class="points" fill-opacity="0.75">\n${dots.join("\n")}</g></svg>`;
  const run = {
    k,
    // The plot's pixel box, and where z = 0 is and pixels per unit of z, to decode a click.
    box: [left, top, right, bottom],
    zAt: [x.map(0), x.map(1) - x.map(0), y.map(0), y.map(1) - y.map(0)].map((v) => sig1(v, 7)),
    zx: sig(zx, 3),
    zy: k > 1 ? sig(zy, 3) : null,
    ...rowValues(input, idx),
    classes,
    features: data.featureNames,
    decoder: input.decoder?.length
      ? input.decoder.map((l) => ({ ...l, w: sig(l.w, 4), b: sig(l.b, 4) }))
      : null,
    outScale: input.outScale ?? null,
    outOffset: input.outOffset ?? 0,
  };
  const scripts = `<script type="application/json" id="run-data">${jsonForScript(run)}</script>
<script>//<![CDATA[${CLIENT_JS}//]]></script>`;
  return { svg, scripts };
}

/** Each shown row's values, its reconstruction and MSE (images: bytes over the data's range). */
function rowValues(input: PageInput, idx: number[]) {
  const { data, reconstruction: rec } = input, d = data.columns;
  const pick = (a: Values) =>
    idx.flatMap((i) => Array.from<number>(a.subarray(i * d, (i + 1) * d)));
  const err = rec && idx.map((i) => {
    let s = 0;
    for (let j = i * d; j < (i + 1) * d; j++) s += (data.x[j] - rec[j]) ** 2;
    return s / d;
  });
  const base = { d, err: err && sig(err, 3) };
  if (!data.imageShape) {
    return { ...base, image: null, x: sig(pick(data.x), 3), recon: rec && sig(pick(rec), 3) };
  }
  let [lo, hi] = [Infinity, -Infinity];
  for (let i = 0; i < data.x.length; i++) {
    const v = data.x[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const s = 255 / (hi - lo || 1);
  const bytes = (a: Values) => { // the shown rows, one byte per value // [idx.length * d]
    const out = new Uint8Array(idx.length * d);
    idx.forEach((i, p) => {
      for (let j = 0; j < d; j++) {
        out[p * d + j] = Math.max(0, Math.min(255, Math.round((a[i * d + j] - lo) * s)));
      }
    });
    return base64(out);
  };
  const [x, recon] = [bytes(data.x), rec && bytes(rec)];
  return { ...base, image: data.imageShape, channels: data.channels ?? 1, lo, hi, x, recon };
}

/** JSON that is safe inside <script> and in XML: no <, > or & characters. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Values rounded to `digits` significant digits (non-finite values become 0). */
function sig(a: ArrayLike<number>, digits: number): number[] {
  return Array.from(a, (v) => sig1(v, digits));
}

function sig1(v: number, digits: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(digits)) : 0;
}

const B64 = new TextEncoder().encode(
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
);

/** Bytes as base64 text (for data: URIs and the embedded images). */
export function base64(bytes: Uint8Array): string {
  const out = new Uint8Array(4 * Math.ceil(bytes.length / 3));
  let o = 0, i = 0;
  for (; i + 2 < bytes.length; i += 3, o += 4) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o] = B64[n >> 18];
    out[o + 1] = B64[(n >> 12) & 63];
    out[o + 2] = B64[(n >> 6) & 63];
    out[o + 3] = B64[n & 63];
  }
  if (i < bytes.length) { // one or two bytes left: pad with '='
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    out[o] = B64[n >> 18];
    out[o + 1] = B64[(n >> 12) & 63];
    out[o + 2] = i + 1 < bytes.length ? B64[(n >> 6) & 63] : 61;
    out[o + 3] = 61;
  }
  return new TextDecoder().decode(out);
}

/**
 * Plain JavaScript run by index.html: reads `script#run-data`, shows the row nearest the mouse in
 * `#sample`, decodes clicks on empty plot space, and wires `#legend .legend-item[data-class]`.
 * Contains no `]]>`, `</script` or URLs.
 */
const CLIENT_JS = String.raw`
(() => {
"use strict";
const R = JSON.parse(document.getElementById("run-data").textContent);
const svg = document.getElementById("explorer"), sample = document.getElementById("sample");
const [left, top, right, bottom] = R.box;
const dots = [...svg.querySelectorAll("circle.pt")], n = dots.length, hidden = new Set();
const row = (p) => dots[p].getAttribute("data-i");
const PX = dots.map((c) => +c.getAttribute("cx")), PY = dots.map((c) => +c.getAttribute("cy"));
const cls = (p) => +dots[p].getAttribute("data-class"), xs = R.zx, ys = R.zy;
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
const fmt = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : String(v));
const mk = (tag, attrs) => {
  const e = document.createElementNS(svg.namespaceURI, tag);
  for (const a in attrs) e.setAttribute(a, attrs[a]);
  return svg.appendChild(e);
};
const mark = { visibility: "hidden", "pointer-events": "none", stroke: "#000", "stroke-width": 2 };
const ring = mk("circle", { r: 7, fill: "none", ...mark });
const cross = mk("path", { d: "M-7 0H7M0 -7V7", ...mark });
const bytes = (b) => (typeof b === "string" ? Uint8Array.from(atob(b), (c) => c.charCodeAt(0)) : b);
const X0 = bytes(R.x), R0 = R.recon === null ? null : bytes(R.recon), d = R.d;
const lo = Array(d).fill(Infinity), hi = Array(d).fill(-Infinity); // tables: each feature's range
for (let j = 0; !R.image && j < X0.length; j++) {
  [lo[j % d], hi[j % d]] = [Math.min(lo[j % d], X0[j]), Math.max(hi[j % d], X0[j])];
}
const clip = (v, a, b) => Math.max(a, Math.min(b, v));
const level = (v) => clip(Math.round(((v - R.lo) / (R.hi - R.lo || 1)) * 255), 0, 255);
const canvas = (id, caption) =>
  '<figure><canvas id="' + id + '"></canvas><figcaption>' + caption + "</figcaption></figure>";
const paint = (id, get) => { // one grey (or colour) square per pixel, about 168 px across
  const [h, w] = R.image, s = Math.max(1, Math.floor(168 / Math.max(h, w))), k = R.channels;
  const c = document.getElementById(id), g = c.getContext("2d");
  [c.width, c.height] = [w * s, h * s];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const at = (y * w + x) * k, v = [0, 1, 2].map((j) => get(at + (k === 3 ? j : 0)));
    g.fillStyle = "rgb(" + v.join(",") + ")";
    g.fillRect(x * s, y * s, s, s);
  }
};
const bar = (v, j, color) => {
  const width = Math.round(4 + 96 * clip((v - lo[j]) / (hi[j] - lo[j] || 1), 0, 1));
  return '<div class="fbar" style="width:' + width + "px;background:" + color + '"></div>';
};
const table = (orig, rec) => { // feature values as numbers, and as bars over each feature's range
  const cols = Math.min(d, 40), key = (c, t) => '<span style="color:' + c + '">■</span> ' + t;
  let t = '<table class="fvals"><tr><th>feature</th>' +
    (orig ? "<th>value</th><th>reconstructed</th>" : "<th>decoded</th>") + "<th></th></tr>";
  for (let j = 0; j < cols; j++) {
    const cell = (v) => '<td class="v">' + fmt(v) + "</td>";
    const bars = (orig ? bar(orig(j), j, "#1f77b4") : "") + (rec ? bar(rec(j), j, "#ff7f0e") : "");
    t += "<tr><td>" + esc(R.features[j]) + "</td>" + (orig ? cell(orig(j)) : "") +
      (rec ? cell(rec(j)) : "<td>—</td>") + "<td>" + bars + "</td></tr>";
  }
  const more = d > cols ? "first " + cols + " of " + d + " features. " : "";
  const keys = orig ? key("#1f77b4", "value") + " " + key("#ff7f0e", "reconstruction") : "";
  return t + '</table><p class="note">' + more + keys + "</p>";
};
const pin = (onPoint, x, y) => {
  ring.setAttribute("visibility", onPoint ? "visible" : "hidden");
  cross.setAttribute("visibility", onPoint ? "hidden" : "visible");
  (onPoint ? ring : cross).setAttribute("transform", "translate(" + x + " " + y + ")");
};
let current = -1;
const show = (p) => {
  const c = cls(p), label = c >= 0 ? " · label " + esc(R.classes[c]) : "";
  const z = "z1 " + fmt(xs[p]) + (R.zy ? ", z2 " + fmt(ys[p]) : "") +
    (R.k > 2 ? " (2 of " + R.k + ")" : "");
  const h = "<h3>Sample " + row(p) + label + '</h3><p class="note">' + z +
    (R.err ? " · reconstruction MSE " + fmt(R.err[p]) : "") + "</p>";
  current = p;
  if (R.image) {
    sample.innerHTML = h + '<div class="pair">' + canvas("orig", "original") +
      (R0 ? canvas("rec", "reconstruction") : "") + "</div>";
    paint("orig", (j) => X0[p * d + j]);
    if (R0) paint("rec", (j) => R0[p * d + j]);
  } else sample.innerHTML = h + table((j) => X0[p * d + j], R0 && ((j) => R0[p * d + j]));
  pin(true, PX[p], PY[p]);
};
const decode = (z) => { // dense layers, ReLU where asked; a vae's logits: sigmoid × outScale + outOffset
  let h = z;
  for (const L of R.decoder) {
    const o = new Float64Array(L.fout);
    for (let j = 0; j < L.fout; j++) {
      let s = L.b[j];
      for (let q = 0; q < L.fin; q++) s += h[q] * L.w[q * L.fout + j];
      o[j] = L.relu ? Math.max(0, s) : s;
    }
    h = o;
  }
  return Array.from(h, (v) => (R.outScale ? R.outOffset + R.outScale / (1 + Math.exp(-v)) : v));
};
const canDecode = R.decoder && R.decoder[0].fin === (R.zy ? 2 : 1);
const showDecoded = (px, py) => {
  const [x0, dx, y0, dy] = R.zAt, zx = (px - x0) / dx;
  const z = R.zy ? [zx, (py - y0) / dy] : [zx], out = decode(z);
  const h = '<h3>Decoded latent point</h3><p class="note">z = (' + z.map(fmt).join(", ") +
    "): the decoder's output, not a sample</p>";
  current = -1;
  if (R.image) {
    sample.innerHTML = h + canvas("dec", "decoder output");
    paint("dec", (j) => level(out[j]));
  } else sample.innerHTML = h + table(null, (j) => out[j]);
  pin(false, px, py);
};
const nearest = (e, within) => { // the closest visible point within some px of the mouse, else -1
  const q = svg.createSVGPoint();
  [q.x, q.y] = [e.clientX, e.clientY];
  const m = q.matrixTransform(svg.getScreenCTM().inverse());
  let best = -1, bd = within * within + 1e-9;
  for (let p = 0; p < n; p++) {
    const dd = (PX[p] - m.x) ** 2 + (PY[p] - m.y) ** 2;
    if (dd < bd && !hidden.has(String(cls(p)))) [bd, best] = [dd, p];
  }
  return [best, m];
};
svg.addEventListener("mousemove", (e) => {
  const [p] = nearest(e, 8);
  if (p >= 0 && p !== current) show(p);
});
svg.addEventListener("click", (e) => {
  const [p, m] = nearest(e, 5);
  if (p >= 0) show(p);
  const inside = m.x >= left && m.x <= right && m.y >= top && m.y <= bottom;
  if (p < 0 && canDecode && inside) showDecoded(m.x, m.y);
});
const toggle = (li) => {
  const c = li.getAttribute("data-class"), off = !hidden.has(c);
  if (off) hidden.add(c);
  else hidden.delete(c);
  li.classList.toggle("off", off);
  li.setAttribute("aria-pressed", String(!off));
  for (const dot of dots) {
    if (dot.getAttribute("data-class") === c) dot.style.display = off ? "none" : "";
  }
  if (current >= 0 && hidden.has(String(cls(current)))) ring.setAttribute("visibility", "hidden");
};
for (const li of document.querySelectorAll("#legend .legend-item")) {
  li.addEventListener("click", () => toggle(li));
  li.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" && e.key !== " ") return;
    e.preventDefault();
    toggle(li);
  });
}
})();
`;

// The demo page: pasted or uploaded CSV rows (or a drawn image) encoded in the browser, their
// codes drawn on the run's latent map (map.json) and their reconstruction errors listed.
// window.demo holds the state for scripted checks: ready, backend, codes, scores, error.

import { load } from "./autoencoder.js";

const $ = (id) => document.getElementById(id);
const state = { ready: false, backend: null, codes: null, scores: null, error: null };
globalThis.demo = state;

const fail = (e) => {
  state.error = String(e?.message ?? e);
  $("error").textContent = state.error;
};

const model = await load(new URL(".", import.meta.url)).catch((e) => fail(e));
const info = model?.info;
const [map, sample] = await Promise.all(
  ["map.json", "sample.json"].map((f) => fetch(f).then((r) => r.json()).catch(() => null)),
);

/**
 * Parses CSV text into rows of numbers. A first line that is not numeric is a header: with the
 * run's column names, the columns are picked by name (a label column is left out). A row with one
 * value too many that is not a number (a label) loses it.
 */
function parseRows(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length);
  const rows = lines.map((l) => l.split(/[,;\t]/).map((v) => v.trim().replace(/^"(.*)"$/, "$1")));
  let pick = null;
  if (rows.length && rows[0].some((v) => v !== "" && Number.isNaN(Number(v)))) {
    const header = rows.shift();
    const at = (info.names ?? []).map((n) => header.indexOf(n));
    if (info.names && at.every((j) => j >= 0)) pick = at;
  }
  return rows.map((r, i) => {
    let cells = pick ? pick.map((j) => r[j] ?? "") : r;
    const text = cells.filter((v) => Number.isNaN(Number(v)) || v === "");
    if (cells.length === info.columns + 1 && text.length === 1) {
      cells = cells.filter((v) => v !== text[0]);
    }
    const values = cells.map(Number);
    if (
      values.length !== info.columns || cells.some((v) => v === "" || !Number.isFinite(Number(v)))
    ) {
      throw new Error(
        `row ${i}: expected ${info.columns} numbers${
          info.names ? ` (${info.names.slice(0, 3).join(", ")}, …)` : ""
        }, ` +
          `got ${r.length} values; a header line naming the columns picks them`,
      );
    }
    return values;
  });
}

// The map's frame: the run's codes (first two coordinates) and the new ones.
const SIZE = 460, PAD = 30;
let frame;
function fitFrame(points) {
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1] ?? 0);
  const lo = [Math.min(...xs), Math.min(...ys)], hi = [Math.max(...xs), Math.max(...ys)];
  const span = [hi[0] - lo[0] || 1, hi[1] - lo[1] || 1];
  frame = (p) => [
    PAD + ((p[0] - lo[0]) / span[0]) * (SIZE - 2 * PAD),
    SIZE - PAD - (((p[1] ?? 0) - lo[1]) / span[1]) * (SIZE - 2 * PAD),
  ];
}

const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];
const NS = "http://www.w3.org/2000/svg";
const escape = (t) => String(t).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
function drawMap(codes) {
  const svg = $("map");
  svg.replaceChildren();
  const all = [...(map?.points ?? []), ...(codes ?? [])];
  if (!all.length) return;
  fitFrame(all); // the new codes may lie outside the run's
  const classes = [...new Set(map?.labels ?? [])];
  (map?.points ?? []).forEach((p, i) => {
    const [x, y] = frame(p);
    const c = document.createElementNS(NS, "circle");
    c.setAttribute("class", "train");
    c.setAttribute("cx", x.toFixed(1));
    c.setAttribute("cy", y.toFixed(1));
    c.setAttribute("r", "2.8");
    c.setAttribute("fill", PALETTE[classes.indexOf(map.labels[i]) % PALETTE.length]);
    svg.append(c);
  });
  for (const code of codes ?? []) {
    const [x, y] = frame(code);
    const m = document.createElementNS(NS, "path");
    m.setAttribute("class", "new");
    m.setAttribute("d", `M${x - 6},${y - 6}L${x + 6},${y + 6}M${x - 6},${y + 6}L${x + 6},${y - 6}`);
    svg.append(m);
  }
  for (const [x, y, label, anchor] of [[SIZE - 4, SIZE - 8, "z1", "end"], [6, 14, "z2", "start"]]) {
    const t = document.createElementNS(NS, "text");
    Object.entries({ x, y, "text-anchor": anchor }).forEach(([k, v]) => t.setAttribute(k, v));
    t.textContent = info.latent > 1 || label === "z1" ? label : "";
    svg.append(t);
  }
  const legend = classes.slice(0, 20).map((c, i) =>
    `<span><i style="background:${PALETTE[i % PALETTE.length]}"></i>${escape(c)}</span>`
  ).join("");
  $("map-note").innerHTML =
    `<div>${map ? "the run's codes (colour: label)" : "no saved latent map"}` +
    `${info.latent > 2 ? `; first 2 of ${info.latent} coordinates` : ""}; ✕ the new rows</div>` +
    `<div class="legend">${legend}</div>`;
}

async function encodeRows(rows) {
  $("error").textContent = "";
  const [codes, scores] = await Promise.all([model.encode(rows), model.score(rows)]);
  state.codes = codes;
  state.scores = scores;
  drawMap(codes);
  const head = `<tr><th>row</th><th>code</th><th>error (scaled MSE)</th><th>anomaly</th></tr>`;
  $("results").innerHTML = head +
    codes.map((c, i) =>
      `<tr class="${scores[i].anomaly ? "anomaly" : ""}"><td>${i}</td><td>${
        c.map((v) => v.toFixed(4)).join(", ")
      }</td>` +
      `<td>${scores[i].score.toPrecision(4)}</td><td>${scores[i].anomaly ?? "–"}</td></tr>`
    ).join("");
  return codes;
}

// Image runs: a canvas of the images' size to draw on or drop a picture into.
function setUpImages() {
  const [h, w] = info.imageShape;
  const max = Math.max(1, ...(sample ?? []).flat());
  for (const id of ["draw", "recon"]) Object.assign($(id), { width: w, height: h });
  const ctx = $("draw").getContext("2d");
  const clear = () => {
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, w, h);
  };
  clear();
  let down = false;
  const paint = (e) => {
    if (!down) return;
    const r = $("draw").getBoundingClientRect();
    ctx.fillStyle = "#fff";
    ctx.beginPath();
    ctx.arc(
      ((e.clientX - r.left) / r.width) * w,
      ((e.clientY - r.top) / r.height) * h,
      Math.max(0.6, w / 14),
      0,
      7,
    );
    ctx.fill();
  };
  $("draw").onpointerdown = (e) => ((down = true), paint(e));
  $("draw").onpointermove = paint;
  globalThis.onpointerup = () => (down = false);
  $("draw").ondragover = (e) => e.preventDefault();
  $("draw").ondrop = async (e) => {
    e.preventDefault();
    const bitmap = await createImageBitmap(e.dataTransfer.files[0]);
    ctx.drawImage(bitmap, 0, 0, w, h);
  };
  $("clear").onclick = clear;
  $("encode-drawing").onclick = () =>
    run(async () => {
      const px = ctx.getImageData(0, 0, w, h).data;
      const row = Array.from({ length: w * h }, (_, i) => (px[4 * i] / 255) * max);
      await encodeRows([row]);
      const [y] = await model.reconstruct([row]);
      const out = $("recon").getContext("2d"), img = out.createImageData(w, h);
      y.forEach((v, i) => {
        const g = Math.max(0, Math.min(255, (v / max) * 255));
        img.data.set([g, g, g, 255], 4 * i);
      });
      out.putImageData(img, 0, 0);
    });
  $("images").style.display = "block";
}

const run = (fn) => fn().catch(fail);
if (model) {
  state.backend = model.backend;
  $("title").textContent = `Autoencoder: ${info.run}`;
  $("facts").textContent =
    `${info.kind} (${info.arch}), ${info.columns} columns → ${info.latent} codes; ` +
    `running on tfjs ${model.backend}` +
    (info.threshold != null ? `; threshold ${info.threshold.toPrecision(4)}` : "");
  $("encode").onclick = () => run(() => encodeRows(parseRows($("rows").value)));
  $("sample").onclick = () => ($("rows").value = (sample ?? []).map((r) => r.join(",")).join("\n"));
  $("sample").disabled = !sample;
  $("file").onchange = async () => ($("rows").value = await $("file").files[0].text());
  if (info.imageShape && info.imageShape[0] * info.imageShape[1] === info.columns) setUpImages();
  drawMap(null);
  state.ready = true;
}

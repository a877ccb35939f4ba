// The run page's inline script as a string: draws the latent explorer from the embedded
// JSON (points coloured by class, legend toggles, hover/click shows a sample's original
// and reconstruction; for a 2-D generative model a click on empty space decodes it).

/** JavaScript run by index.html; reads `window.RUN` (see html.ts for its shape). */
export const CLIENT_JS = String.raw`
(() => {
const R = window.RUN, NS = "http://www.w3.org/2000/svg";
const svg = document.getElementById("explorer"), W = 640, H = 480, M = { l: 56, r: 16, t: 16, b: 44 };
const k = R.k, zx = (i) => R.latent[i * k], zy = (i) => (k > 1 ? R.latent[i * k + 1] : i);
const xs = R.labels.map((_, i) => zx(i)), ys = R.labels.map((_, i) => zy(i));
const ext = (a) => { let lo = Math.min(...a), hi = Math.max(...a); const p = (hi - lo || 1) * 0.05; return [lo - p, hi + p]; };
const [x0, x1] = ext(xs), [y0, y1] = ext(ys);
const sx = (v) => M.l + ((v - x0) / (x1 - x0)) * (W - M.l - M.r), sy = (v) => H - M.b - ((v - y0) / (y1 - y0)) * (H - M.t - M.b);
const ix = (p) => x0 + ((p - M.l) / (W - M.l - M.r)) * (x1 - x0), iy = (p) => y0 + ((H - M.b - p) / (H - M.t - M.b)) * (y1 - y0);
const mk = (tag, attrs, parent) => { const e = document.createElementNS(NS, tag); for (const a in attrs) e.setAttribute(a, attrs[a]); (parent || svg).appendChild(e); return e; };
mk("rect", { x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b, fill: "white", stroke: "#888", class: "plot-area" });
for (let t = 0; t <= 4; t++) {
  const gx = M.l + (t / 4) * (W - M.l - M.r), gy = M.t + (t / 4) * (H - M.t - M.b);
  mk("line", { x1: gx, x2: gx, y1: M.t, y2: H - M.b, stroke: "#eee" });
  mk("line", { x1: M.l, x2: W - M.r, y1: gy, y2: gy, stroke: "#eee" });
  mk("text", { x: gx, y: H - M.b + 16, "text-anchor": "middle", "font-size": 11 }).textContent = ix(gx).toPrecision(3);
  mk("text", { x: M.l - 6, y: gy + 4, "text-anchor": "end", "font-size": 11 }).textContent = iy(gy).toPrecision(3);
}
mk("text", { x: (W + M.l) / 2, y: H - 6, "text-anchor": "middle" }).textContent = "z1";
mk("text", { x: 14, y: H / 2, transform: "rotate(-90 14 " + H / 2 + ")", "text-anchor": "middle" }).textContent = k > 1 ? "z2" : "row";
const pts = mk("g", { class: "points" });
const hidden = new Set();
const dots = R.labels.map((c, i) => mk("circle", { class: "pt", "data-i": i, "data-class": c, cx: sx(xs[i]).toFixed(1), cy: sy(ys[i]).toFixed(1), r: 3, fill: R.colors[c < 0 ? 0 : c], "fill-opacity": 0.75 }, pts));
const sample = document.getElementById("sample");
const draw = (canvas, values) => {
  const [h, w] = R.imageShape, s = Math.floor(canvas.width / w), g = canvas.getContext("2d");
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const v = Math.max(0, Math.min(1, (values[y * w + x] - R.vmin) / (R.vmax - R.vmin || 1)));
    const c = Math.round(255 * v); g.fillStyle = "rgb(" + c + "," + c + "," + c + ")"; g.fillRect(x * s, y * s, s, s);
  }
};
const row = (a, i) => a.slice(i * R.d, (i + 1) * R.d);
const show = (i) => {
  const name = R.labels[i] >= 0 ? R.classes[R.labels[i]] : "none";
  let html = "<h3>Sample " + i + " · label " + name + "</h3>";
  const err = row(R.x, i).reduce((s, v, j) => s + (v - R.recon[i * R.d + j]) ** 2, 0) / R.d;
  html += "<p>z = (" + Array.from(R.latent.slice(i * k, (i + 1) * k), (v) => v.toFixed(3)).join(", ") + "), reconstruction MSE " + err.toFixed(3) + "</p>";
  if (R.imageShape) {
    html += '<div class="pair"><figure><canvas id="orig" width="160" height="160"></canvas><figcaption>original</figcaption></figure>' +
      '<figure><canvas id="rec" width="160" height="160"></canvas><figcaption>reconstruction</figcaption></figure></div>';
    sample.innerHTML = html; draw(document.getElementById("orig"), row(R.x, i)); draw(document.getElementById("rec"), row(R.recon, i));
  } else {
    html += "<table><tr><th>feature</th><th>value</th><th>reconstructed</th></tr>" + R.features.map((f, j) =>
      "<tr><td>" + f + "</td><td>" + R.x[i * R.d + j].toPrecision(4) + "</td><td>" + R.recon[i * R.d + j].toPrecision(4) + "</td></tr>").join("") + "</table>";
    sample.innerHTML = html;
  }
  dots.forEach((d) => d.setAttribute("stroke", "none")); dots[i].setAttribute("stroke", "black"); dots[i].setAttribute("stroke-width", 1.5);
};
const decode = (z) => { let h = z; for (const L of R.decoder) { const o = new Float64Array(L.fout); for (let j = 0; j < L.fout; j++) { let s = L.b[j]; for (let q = 0; q < L.fin; q++) s += h[q] * L.w[q * L.fout + j]; o[j] = L.relu ? Math.max(0, s) : s; } h = o; } return Array.from(h, (v) => R.outScale ? R.outScale / (1 + Math.exp(-v)) : v); };
pts.addEventListener("mouseover", (e) => { const i = e.target.getAttribute && e.target.getAttribute("data-i"); if (i !== null) show(+i); });
svg.addEventListener("click", (e) => {
  const i = e.target.getAttribute && e.target.getAttribute("data-i");
  if (i !== null) return show(+i);
  if (!R.decoder || k !== 2 || !R.imageShape) return;
  const box = svg.getBoundingClientRect(), px = (e.clientX - box.left) * (W / box.width), py = (e.clientY - box.top) * (H / box.height);
  const z = [ix(px), iy(py)];
  sample.innerHTML = "<h3>Decoded point</h3><p>z = (" + z.map((v) => v.toFixed(3)).join(", ") + ")</p>" +
    '<figure><canvas id="dec" width="160" height="160"></canvas><figcaption>decoder output</figcaption></figure>';
  draw(document.getElementById("dec"), decode(z));
});
document.querySelectorAll(".legend-item").forEach((el) => el.addEventListener("click", () => {
  const c = el.getAttribute("data-class");
  if (hidden.has(c)) hidden.delete(c); else hidden.add(c);
  el.classList.toggle("off", hidden.has(c));
  dots.forEach((d) => { d.style.display = hidden.has(d.getAttribute("data-class")) ? "none" : ""; });
}));
})();
`;

// Tests of the SVG charts: every chart must parse as XML (parse errors throw), and the marks,
// legend entries, escaping and tick values are counted and compared with hand-checked numbers.

import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { type Document, DOMParser, type Element } from "@xmldom/xmldom";
import { formatTick, logTicks, niceStep, niceTicks } from "../../lib/render/axes.ts";
import { barSvg, lineSvg, scatterSvg } from "../../lib/render/svg.ts";

/** Parses SVG text strictly: any XML warning or error throws. */
function parse(svg: string): Document {
  const parser = new DOMParser({
    onError: (level: string, message: string) => {
      throw new Error(`SVG ${level}: ${message}`);
    },
  });
  const doc = parser.parseFromString(svg, "image/svg+xml");
  const root = doc.documentElement!;
  assertEquals(root.tagName, "svg");
  assertEquals(root.getAttribute("xmlns"), "http://www.w3.org/2000/svg");
  for (const a of ["width", "height", "viewBox", "font-family"]) assert(root.getAttribute(a), a);
  return doc;
}

/** Elements `tag` whose class list contains `cls`. */
function byClass(doc: Document | Element, tag: string, cls: string): Element[] {
  return Array.from(doc.getElementsByTagName(tag))
    .filter((e) => (e.getAttribute("class") ?? "").split(" ").includes(cls));
}

/** A small seeded LCG in [0, 1). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

Deno.test("niceTicks() picks 1/2/5 × 10^k steps inside the range", () => {
  assertEquals(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assertEquals(niceTicks(0, 10), [0, 2, 4, 6, 8, 10]);
  assertEquals(niceTicks(-3.7, 8.2), [-2, 0, 2, 4, 6, 8]);
  assertEquals(niceTicks(0, 100), [0, 20, 40, 60, 80, 100]);
  assertEquals(niceTicks(0.001, 0.0042), [0.001, 0.0015, 0.002, 0.0025, 0.003, 0.0035, 0.004]);
  assertEquals(niceTicks(-1, 1), [-1, -0.5, 0, 0.5, 1]);
  assertEquals(niceTicks(1, 50, { target: 6, integer: true }), [10, 20, 30, 40, 50]);
  assertEquals(niceTicks(0, 2, { integer: true }), [0, 1, 2]);
  assertEquals(niceTicks(5, 1), []);
  assertEquals(niceStep(1), 0.2);
  assertEquals(niceStep(35), 5);
  assertEquals(niceStep(0), 1);
  assertEquals(logTicks(0.003, 20), [0.01, 0.1, 1, 10]);
  assertEquals(formatTick(0.2, 0.2), "0.2");
  assertEquals(formatTick(-20, 10), "-20");
  assertEquals(formatTick(2e-6, 1e-6), "2e-6");
  assertEquals(formatTick(1e-5), "1e-5");
  assertEquals(formatTick(0.001), "0.001");
});

Deno.test("scatterSvg() draws one circle.mark per point and one legend entry per class", () => {
  const r = lcg(42);
  const n = 1797;
  const x = Float32Array.from({ length: n }, () => r() * 10 - 5);
  const y = Float32Array.from({ length: n }, () => r() * 4);
  const labels = Array.from({ length: n }, (_, i) => i % 10);
  const doc = parse(scatterSvg({ x, y, labels }, { title: "latent" }));
  assertEquals(byClass(doc, "circle", "mark").length, n);
  const items = byClass(doc, "g", "legend-item");
  assertEquals(items.length, 10);
  const legendText = items.map((g) => g.getElementsByTagName("text")[0].textContent);
  assertEquals(legendText, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  // Point i has label i % 10, coloured with tab10 in class order.
  const marks = byClass(doc, "circle", "mark");
  assertEquals(marks[0].getAttribute("fill"), "#1f77b4");
  assertEquals(marks[3].getAttribute("fill"), "#d62728");
  // Legend to the right of the frame: every mark lies left of every legend swatch.
  const frame = byClass(doc, "g", "axes")[0].getElementsByTagName("rect")[0];
  const frameRight = Number(frame.getAttribute("x")) + Number(frame.getAttribute("width"));
  assert(marks.every((m) => Number(m.getAttribute("cx")) <= frameRight));
  const legendBox = byClass(doc, "g", "legend")[0].getElementsByTagName("rect")[0];
  assert(Number(legendBox.getAttribute("x")) > frameRight);
  const texts = Array.from(doc.getElementsByTagName("text"));
  assert(texts.some((t) => t.textContent === "z1") && texts.some((t) => t.textContent === "z2"));
});

Deno.test("scatterSvg() with classes: their order fills the legend and picks the colours", () => {
  const labels = ["Trouser", "Bag", "T-shirt/top", "Bag"];
  const classes = ["T-shirt/top", "Trouser", "Pullover", "Bag"]; // not sorted; one unused
  const doc = parse(scatterSvg({ x: [0, 1, 2, 3], y: [0, 1, 0, 1], labels, classes }));
  const items = byClass(doc, "g", "legend-item");
  assertEquals(items.map((g) => g.getElementsByTagName("text")[0].textContent), classes);
  const fills = byClass(doc, "circle", "mark").map((m) => m.getAttribute("fill"));
  assertEquals(fills, ["#ff7f0e", "#d62728", "#1f77b4", "#d62728"]); // tab10's 2nd, 4th, 1st
  assertThrows(
    () => scatterSvg({ x: [0], y: [0], labels: ["Coat"], classes }),
    RangeError,
    "label 'Coat' is not one of its classes",
  );
});

Deno.test("scatterSvg() in a narrow panel: x tick labels keep apart (fewer ticks), y ticks as before", () => {
  // The seed study's 360 px panels with a legend: z1 over 0.20–0.34 once gave 8 touching labels.
  const x = [0.2, 0.25, 0.3, 0.34], y = [-0.42, -0.3, -0.26, -0.4];
  const doc = parse(scatterSvg({ x, y, labels: ["bars", "cols", "checks", "bars"] }, {
    width: 360,
    height: 300,
  }));
  const axes = byClass(doc, "g", "axes")[0];
  const labels = Array.from(axes.getElementsByTagName("text"))
    .filter((t) => t.getAttribute("text-anchor") === "middle" && !t.getAttribute("class"));
  const xs = labels.map((t) => Number(t.getAttribute("x")));
  assert(labels.length >= 2, `${labels.length} x tick labels`);
  for (let i = 1; i < labels.length; i++) {
    const room = (labels[i].textContent!.length + labels[i - 1].textContent!.length) / 2 * 7.2;
    assert(xs[i] - xs[i - 1] >= room, `labels ${labels.map((t) => t.textContent)} at ${xs}`);
  }
  const yLabels = Array.from(axes.getElementsByTagName("text"))
    .filter((t) => t.getAttribute("text-anchor") === "end").map((t) => t.textContent);
  assertEquals(yLabels, ["-0.40", "-0.35", "-0.30"]); // a vertical axis keeps its ticks
});

Deno.test("scatterSvg() sorts numeric classes numerically and others lexicographically", () => {
  const numeric = parse(scatterSvg({ x: [1, 2, 3, 4], y: [1, 2, 3, 4], labels: [10, 9, 2, 10] }));
  const names = (doc: Document) =>
    byClass(doc, "g", "legend-item").map((g) => g.getElementsByTagName("text")[0].textContent);
  assertEquals(names(numeric), ["2", "9", "10"]);
  const words = parse(scatterSvg({ x: [1, 2, 3], y: [1, 2, 3], labels: ["b", "a", "B"] }));
  assertEquals(names(words), ["B", "a", "b"]);
  const many = Array.from({ length: 25 }, (_, i) => `c${i}`);
  const doc = parse(
    scatterSvg({ x: many.map((_, i) => i), y: many.map((_, i) => i), labels: many }),
  );
  assertEquals(byClass(doc, "g", "legend-item").length, 25);
  const fills = new Set(byClass(doc, "circle", "mark").map((m) => m.getAttribute("fill")));
  assertEquals(fills.size, 20, "tab20 past ten classes");
});

Deno.test("scatterSvg() handles no labels, degenerate and non-finite data", () => {
  const plain = parse(scatterSvg({ x: [1, 2, 3], y: [3, 2, 1] }));
  assertEquals(byClass(plain, "circle", "mark").length, 3);
  assertEquals(byClass(plain, "g", "legend-item").length, 0);
  const same = parse(scatterSvg({ x: [2, 2, 2], y: [5, 5, 5] }));
  assertEquals(byClass(same, "circle", "mark").length, 3);
  const one = parse(scatterSvg({ x: [0], y: [0], labels: ["only"] }));
  assertEquals(byClass(one, "circle", "mark").length, 1);
  const bad = parse(scatterSvg({ x: [1, NaN, 3, Infinity], y: [1, 2, -Infinity, 4] }));
  assertEquals(byClass(bad, "circle", "mark").length, 1);
  const empty = parse(scatterSvg({ x: [], y: [] }, { title: "empty" }));
  assertEquals(byClass(empty, "circle", "mark").length, 0);
  assert(byClass(empty, "g", "axes").length === 1, "empty input still draws axes");
  for (const svg of [plain, same, one, bad, empty].map((d) => d.toString())) {
    assert(!/NaN|Infinity/.test(svg), "no NaN or Infinity in coordinates");
  }
  assertThrows(() => scatterSvg({ x: [1, 2], y: [1] }), RangeError);
  assertThrows(() => scatterSvg({ x: [1, 2], y: [1, 2], labels: [1] }), RangeError);
});

Deno.test("chart titles and labels are XML-escaped", () => {
  const title = `a < b && c > "d" 'e'`;
  const charts = [
    scatterSvg({ x: [1], y: [1], labels: ["<&>"] }, { title, xLabel: "x<1", yLabel: "y&" }),
    lineSvg([{ name: "<a>", y: [1, 2] }, { name: "&b", y: [2, 1] }], { title }),
    barSvg([{ label: "<bar & co>", value: 1 }], { title }),
  ];
  assertThrows(() => parse(`<svg xmlns="http://www.w3.org/2000/svg"><text>a < b</text></svg>`));
  for (const svg of charts) {
    assert(!svg.includes(title), "raw title text must not appear");
    assert(svg.includes("a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;"));
    const doc = parse(svg);
    assertEquals(byClass(doc, "text", "title")[0].textContent, title);
  }
  const texts = Array.from(parse(charts[0]).getElementsByTagName("text"))
    .map((t) => t.textContent);
  for (const t of ["<&>", "x<1", "y&"]) assert(texts.includes(t), t);
});

Deno.test("lineSvg() draws one path.line per series and a legend for several", () => {
  const loss = Array.from({ length: 50 }, (_, i) => 10 * Math.exp(-i / 10) + 1);
  const doc = parse(lineSvg([{ name: "train", y: loss }, { name: "pca", y: loss.map(() => 3) }]));
  assertEquals(byClass(doc, "path", "line").length, 2);
  assertEquals(byClass(doc, "g", "legend-item").length, 2);
  const single = parse(lineSvg([{ name: "only", y: [3, 2, 1] }], { xLabel: "epoch" }));
  assertEquals(byClass(single, "path", "line").length, 1);
  assertEquals(byClass(single, "g", "legend-item").length, 0);
  assertEquals(byClass(single, "circle", "marker").length, 3, "short series get markers");
  const broken = parse(lineSvg([{ name: "gap", y: [1, NaN, 3, 4] }]));
  const d = byClass(broken, "path", "line")[0].getAttribute("d") ?? "";
  assertEquals((d.match(/M/g) ?? []).length, 2, "a NaN breaks the path");
  const empty = parse(lineSvg([]));
  assertEquals(byClass(empty, "path", "line").length, 0);
  assertThrows(() => lineSvg([{ name: "bad", y: [1, 2], x: [0] }]), RangeError);
});

Deno.test("lineSvg() with logY puts ticks at powers of ten and skips values <= 0", () => {
  const y = [100, 10, 1, 0.1, 0.01, 0, -1];
  const doc = parse(lineSvg([{ name: "loss", y }], { logY: true, yLabel: "loss" }));
  const axes = byClass(doc, "g", "axes")[0];
  const labels = Array.from(axes.getElementsByTagName("text"))
    .filter((t) => t.getAttribute("text-anchor") === "end").map((t) => t.textContent);
  assertEquals(labels, ["0.01", "0.1", "1", "10", "100"]);
  assertEquals(byClass(doc, "circle", "marker").length, 5);
  // Equal spacing between decades.
  const ys = Array.from(axes.getElementsByTagName("text"))
    .filter((t) => t.getAttribute("text-anchor") === "end").map((t) => Number(t.getAttribute("y")));
  assertAlmostEquals(ys[0] - ys[1], ys[3] - ys[4], 0.02);
});

Deno.test("barSvg() draws one rect.bar per bar with labels under the bars", () => {
  const bars = [{ label: "ae", value: 2.5 }, { label: "pca", value: 4 }, {
    label: "mean",
    value: 18,
  }];
  const doc = parse(barSvg(bars, { title: "MSE", yLabel: "MSE" }));
  const rects = byClass(doc, "rect", "bar");
  assertEquals(rects.length, 3);
  const h = rects.map((r) => Number(r.getAttribute("height")));
  assert(h[0] < h[1] && h[1] < h[2]);
  assertAlmostEquals(h[2] / h[1], 18 / 4, 0.01);
  const cats = byClass(doc, "text", "category");
  assertEquals(cats.map((t) => t.textContent), ["ae", "pca", "mean"]);
  assert(cats.every((t) => !t.getAttribute("transform")), "few short labels stay level");
  const many = Array.from({ length: 30 }, (_, i) => ({ label: `component ${i}`, value: i + 1 }));
  const rotated = parse(barSvg(many, { logY: true }));
  assertEquals(byClass(rotated, "rect", "bar").length, 30);
  assert(byClass(rotated, "text", "category").every((t) => t.getAttribute("transform")));
  assertEquals(byClass(parse(barSvg([])), "rect", "bar").length, 0);
  const odd = parse(barSvg([{ label: "neg", value: -2 }, { label: "nan", value: NaN }]));
  assertEquals(byClass(odd, "rect", "bar").length, 1);
});

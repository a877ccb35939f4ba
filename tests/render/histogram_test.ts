// The generic histogram chart: shares per bin per group, log bins, marker lines, valid XML.

import { assertAlmostEquals, assertEquals } from "@std/assert";
import { histogramSvg } from "../../lib/render/histogram.ts";
import { xml } from "../cli.ts";

/** The baseline's y and each bin's top y, from a path `M x0 base (L x y L x y)… L x base Z`. */
function bars(d: string): { base: number; tops: number[] } {
  const nums = d.replace(/[MLZ]/g, " ").trim().split(/\s+/).map(Number);
  const bins = (nums.length - 4) / 4;
  return { base: nums[1], tops: Array.from({ length: bins }, (_, b) => nums[3 + 4 * b]) };
}

Deno.test("histogram: one path per group, bin heights are shares, marker drawn, parses as XML", () => {
  const svg = histogramSvg([
    { name: "a", values: [0, 0, 0, 1] }, // 3/4 in the first bin, 1/4 in the last
    { name: "b", values: [1, 1] },
  ], { bins: 2, markers: [{ value: 0.5, label: "threshold 0.5" }], title: "t" });
  const doc = xml.parseFromString(svg, "image/svg+xml");
  const paths = Array.from(doc.getElementsByTagName("path"))
    .filter((p) => p.getAttribute("class") === "bars");
  assertEquals(paths.map((p) => p.getAttribute("data-name")), ["a", "b"]);
  const [a, b] = paths.map((p) => bars(p.getAttribute("d")!));
  assertEquals([a.tops.length, b.tops[0]], [2, b.base]); // b has nothing in the first bin
  // Heights relative to b's last bin (share 1): a's bins hold 3/4 and 1/4.
  const h = (y: number) => (a.base - y) / (b.base - b.tops[1]);
  assertAlmostEquals(h(a.tops[0]), 0.75, 1e-3);
  assertAlmostEquals(h(a.tops[1]), 0.25, 1e-3);
  assertEquals(svg.includes("threshold 0.5"), true);
  const log = histogramSvg([{ name: "x", values: [0.01, 0.1, 1, 10, 0, -1] }], { logX: true });
  xml.parseFromString(log, "image/svg+xml");
  assertEquals(log.includes(">0.01<") && log.includes(">10<"), true);
});

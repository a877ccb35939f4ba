// The run page in headless Chromium (Debian's `chromium`): train a small vae with the CLI, open
// its index.html, hover a point, hide a class from the legend, click the hidden point's spot to
// decode it, and screenshot the page (AE_SCREENSHOT=path keeps a copy, e.g. docs/report.png).

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { decode } from "fast-png";
import { loadDataset } from "../../lib/data/load.ts";
import { chromiumPath, openPage, type Page } from "./browser.ts";
import { cli } from "../cli.ts";

const chromium = chromiumPath();
const required = Deno.env.get("AE_REQUIRE_BROWSER");
const missing = "no Chromium at $CHROME_PATH or /usr/bin/chromium (apt-get install chromium)";
if (!chromium && !required) console.log(`browser_test.ts: skipped: ${missing}`);

/** The centre of the first element matching `selector`, scrolled into view. */
function centre(page: Page, selector: string): Promise<[number, number]> {
  return page.eval(`(() => {
    const e = document.querySelector(${JSON.stringify(selector)});
    e.scrollIntoView({ block: "center" });
    const r = e.getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2];
  })()`);
}

/** Where explorer point `i` is in the viewport (from its cx, cy: works while it is hidden). */
function pointAt(page: Page, i: number): Promise<[number, number]> {
  return page.eval(`(() => {
    const svg = document.getElementById("explorer");
    const c = svg.querySelector('circle.pt[data-i="${i}"]');
    svg.scrollIntoView({ block: "center" });
    const p = svg.createSVGPoint();
    [p.x, p.y] = [+c.getAttribute("cx"), +c.getAttribute("cy")];
    const q = p.matrixTransform(svg.getScreenCTM());
    return [q.x, q.y];
  })()`);
}

/** The grey level at the centre of each image pixel drawn on canvas#id (8×8 cells). */
function cells(page: Page, id: string): Promise<number[]> {
  return page.eval(`(() => {
    const c = document.getElementById(${JSON.stringify(id)}), s = c.width / 8;
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    return Array.from({ length: 64 }, (_, j) =>
      d[4 * (Math.floor((Math.floor(j / 8) + 0.5) * s) * c.width + Math.floor((j % 8 + 0.5) * s))]);
  })()`);
}

const sampleText = (page: Page) =>
  page.eval<string>(`document.getElementById("sample").textContent`);

Deno.test({
  name: "index.html in Chromium: hover shows a sample, the legend hides a class, a click decodes",
  ignore: !chromium && !required,
  fn: async () => {
    if (!chromium) throw new Error(`AE_REQUIRE_BROWSER is set, but there is ${missing}`);
    const out = await Deno.makeTempDir({ prefix: "ae-browser-" });
    let page: Page | undefined;
    try {
      const name = "digits-vae-32x2-s34";
      const args = ["--model", "vae", "--hidden", "32", "--epochs", "20", "--backend", "wasm"];
      const run = await cli("train", ...args, "--out", out, "--name", name);
      assertEquals(run.code, 0, run.stderr);
      page = await openPage(`file://${out}/${name}/index.html`, { width: 1280, height: 1000 });
      const digits = await loadDataset("data/digits.csv");
      assertEquals(await page.eval(`document.querySelectorAll("circle.pt").length`), digits.rows);

      // Hovering sample 17 shows it: its index and label, original and reconstruction.
      const c17 = digits.labels![17];
      await page.hover(...await pointAt(page, 17));
      assertStringIncludes(await sampleText(page), `Sample 17 · label ${digits.classes[c17]}`);
      const original = await cells(page, "orig"), reconstruction = await cells(page, "rec");
      assertEquals(
        original,
        Array.from(digits.x.subarray(17 * 64, 18 * 64), (v) => Math.round(v * 255 / 16)),
      );

      // Its class's legend item hides exactly that class's points.
      await page.click(...await centre(page, `#legend .legend-item[data-class="${c17}"]`));
      const hidden = `[...document.querySelectorAll("circle.pt")]
        .filter((c) => getComputedStyle(c).display === "none").map((c) => +c.dataset.class)`;
      const off = await page.eval<number[]>(hidden);
      assertEquals(off.length, digits.labels!.filter((l) => l === c17).length);
      assert(off.every((c) => c === c17), "a point of another class was hidden");

      // With every class hidden, a click where point 17 was decodes its latent code in the page:
      // the JavaScript decoder must give about the reconstruction tfjs made.
      const others = digits.classes.map((_, c) => c).filter((c) => c !== c17);
      const toggle = async (c: number) =>
        await page!.click(...await centre(page!, `#legend .legend-item[data-class="${c}"]`));
      for (const c of others) await toggle(c);
      assertEquals((await page.eval<number[]>(hidden)).length, digits.rows);
      await page.click(...await pointAt(page, 17));
      assertStringIncludes(await sampleText(page), "Decoded latent point");
      const decoded = await cells(page, "dec");
      const worst = Math.max(...decoded.map((v, j) => Math.abs(v - reconstruction[j])));
      assert(worst <= 8, `decoded pixels differ from the reconstruction by up to ${worst}/255`);
      for (const c of [c17, ...others]) await toggle(c);
      assertEquals(await page.eval<number[]>(hidden), []);

      // The screenshot: page top to the explorer's end, with sample 17 shown.
      await page.eval(`window.scrollTo(0, 0)`);
      await page.hover(...await pointAt(page, 17));
      await page.eval(`window.scrollTo(0, 0)`);
      const bottom = await page.eval<number>(
        `document.getElementById("explorer").closest(".card").getBoundingClientRect().bottom`,
      );
      const png = await page.screenshot({ fullPage: true, maxHeight: Math.ceil(bottom) + 16 });
      const img = decode(png);
      assert(img.width >= 1000 && img.height >= 700, `screenshot ${img.width}×${img.height}`);
      const colours = new Set<number>();
      for (let i = 0; i < img.data.length; i += img.channels * 7) {
        colours.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2]);
      }
      assert(colours.size > 50, `only ${colours.size} colours: a blank page?`);
      await Deno.writeFile(`${out}/report.png`, png);
      const keep = Deno.env.get("AE_SCREENSHOT");
      if (keep) await Deno.copyFile(`${out}/report.png`, keep);
      assertEquals(page.errors, [], "the page reported errors");
    } finally {
      await page?.close();
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test({
  name: "index.html in Chromium: no metric cell runs past its card (issue 12: '186700× F')",
  ignore: !chromium && !required,
  fn: async () => {
    if (!chromium) throw new Error(`AE_REQUIRE_BROWSER is set, but there is ${missing}`);
    const { runPage } = await import("../../lib/report/page.ts");
    const dir = await Deno.makeTempDir({ prefix: "ae-browser-" });
    let page: Page | undefined;
    try {
      const html = runPage({
        title: "diabetes-ae-16x2-s34",
        manifest: {
          config: { model: "ae", data: "diabetes.csv", hidden: [16], scale: "standard" },
          backend: "wasm",
          metrics: {
            reconstruction_mse: 215.09,
            pca_mse: 0.00115,
            scaled_reconstruction_mse: 0.4312,
            scaled_pca_mse: 0.458,
            knn_accuracy: 0.5,
          },
          data: { path: "diabetes.csv", rows: 442, columns: 11 },
        },
        figures: new Map(),
        data: {
          x: new Float32Array(4),
          rows: 2,
          columns: 2,
          labels: null,
          classes: [],
          imageShape: null,
          featureNames: ["a", "b"],
        },
        latent: new Float32Array([0, 1, 1, 0]),
        reconstruction: null,
      });
      await Deno.writeTextFile(`${dir}/index.html`, html);
      for (const width of [1280, 800]) {
        page = await openPage(`file://${dir}/index.html`, { width, height: 800 });
        const overflow = await page.eval<string[]>(`[...document.querySelectorAll(".top .card")]
          .flatMap((card) => { const right = card.getBoundingClientRect().right;
            return [...card.querySelectorAll("td, th")]
              .filter((c) => c.getBoundingClientRect().right > right + 0.5)
              .map((c) => c.textContent); })`);
        assertEquals(overflow, [], `cells past their card at ${width} px`);
        await page.close();
        page = undefined;
      }
    } finally {
      await page?.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

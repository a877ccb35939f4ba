// The run page in headless Chromium (Debian's `chromium`): train a small vae with the CLI, open
// its index.html, hover a point, hide a class from the legend, click the hidden point's spot to
// decode it, check that its SVG figures render as they do alone, and screenshot the page
// (AE_SCREENSHOT=path keeps a copy, e.g. docs/report.png).
// Chromium is driven by puppeteer-core (tests/report/browser.ts).

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { decode } from "fast-png";
import type { Page } from "puppeteer-core";
import { loadDataset } from "../../lib/data/load.ts";
import { cli } from "../cli.ts";
import { tempDir } from "../temp.ts";
import { figuresAsAlone, ignoreBrowser, js, openPage, requireChromium } from "./browser.ts";

const ignore = ignoreBrowser("browser_test.ts");

/** The centre of the first element matching `selector`, scrolled into view. */
function centre(page: Page, selector: string): Promise<[number, number]> {
  return js(
    page,
    `(() => {
    const e = document.querySelector(${JSON.stringify(selector)});
    e.scrollIntoView({ block: "center" });
    const r = e.getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2];
  })()`,
  );
}

/** Where explorer point `i` is in the viewport (from its cx, cy: works while it is hidden). */
function pointAt(page: Page, i: number): Promise<[number, number]> {
  return js(
    page,
    `(() => {
    const svg = document.getElementById("explorer");
    const c = svg.querySelector('circle.pt[data-i="${i}"]');
    svg.scrollIntoView({ block: "center" });
    const p = svg.createSVGPoint();
    [p.x, p.y] = [+c.getAttribute("cx"), +c.getAttribute("cy")];
    const q = p.matrixTransform(svg.getScreenCTM());
    return [q.x, q.y];
  })()`,
  );
}

/** The grey level at the centre of each image pixel drawn on canvas#id (8×8 cells). */
function cells(page: Page, id: string): Promise<number[]> {
  return js(
    page,
    `(() => {
    const c = document.getElementById(${JSON.stringify(id)}), s = c.width / 8;
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    return Array.from({ length: 64 }, (_, j) =>
      d[4 * (Math.floor((Math.floor(j / 8) + 0.5) * s) * c.width + Math.floor((j % 8 + 0.5) * s))]);
  })()`,
  );
}

const sampleText = (page: Page) =>
  js<string>(page, `document.getElementById("sample").textContent`);

Deno.test({
  name: "index.html in Chromium: hover shows a sample, the legend hides a class, a click decodes",
  ignore,
  fn: async () => {
    const chromium = requireChromium();
    await using tmp = await tempDir("ae-browser-");
    const out = tmp.path;
    const name = "digits-vae-32x2-s34";
    const args = ["--model", "vae", "--hidden", "32", "--epochs", "20", "--backend", "wasm"];
    const run = await cli("train", ...args, "--out", out, "--name", name);
    assertEquals(run.code, 0, run.stderr);
    const { browser, page, errors } = await openPage(chromium, `file://${out}/${name}/index.html`);
    try {
      const digits = await loadDataset("data/digits.csv");
      assertEquals(await js(page, `document.querySelectorAll("circle.pt").length`), digits.rows);

      // Hovering sample 17 shows it: its index and label, original and reconstruction.
      const c17 = digits.labels![17];
      await page.mouse.move(...await pointAt(page, 17));
      assertStringIncludes(await sampleText(page), `Sample 17 · label ${digits.classes[c17]}`);
      const original = await cells(page, "orig"), reconstruction = await cells(page, "rec");
      assertEquals(
        original,
        Array.from(digits.x.subarray(17 * 64, 18 * 64), (v) => Math.round(v * 255 / 16)),
      );

      // Its class's legend item hides exactly that class's points.
      await page.mouse.click(...await centre(page, `#legend .legend-item[data-class="${c17}"]`));
      const hidden = `[...document.querySelectorAll("circle.pt")]
        .filter((c) => getComputedStyle(c).display === "none").map((c) => +c.dataset.class)`;
      const off = await js<number[]>(page, hidden);
      assertEquals(off.length, digits.labels!.filter((l) => l === c17).length);
      assertEquals(off.filter((c) => c !== c17), [], "points of other classes were hidden");

      // With every class hidden, a click where point 17 was decodes its latent code in the page:
      // the JavaScript decoder must give about the reconstruction tfjs made.
      const others = digits.classes.map((_, c) => c).filter((c) => c !== c17);
      const toggle = async (c: number) =>
        await page.mouse.click(...await centre(page, `#legend .legend-item[data-class="${c}"]`));
      for (const c of others) await toggle(c);
      assertEquals((await js<number[]>(page, hidden)).length, digits.rows);
      await page.mouse.click(...await pointAt(page, 17));
      assertStringIncludes(await sampleText(page), "Decoded latent point");
      const decoded = await cells(page, "dec");
      const worst = Math.max(...decoded.map((v, j) => Math.abs(v - reconstruction[j])));
      assert(worst <= 8, `decoded pixels differ from the reconstruction by up to ${worst}/255`);
      for (const c of [c17, ...others]) await toggle(c);
      assertEquals(await js<number[]>(page, hidden), []);

      // The screenshot: page top to the explorer's end, with sample 17 shown.
      await js(page, `window.scrollTo(0, 0)`);
      await page.mouse.move(...await pointAt(page, 17));
      await js(page, `window.scrollTo(0, 0)`);
      const [bottom, pageHeight] = await js<[number, number]>(
        page,
        `[
        document.getElementById("explorer").closest(".card").getBoundingClientRect().bottom,
        document.documentElement.scrollHeight,
      ]`,
      );
      const height = Math.min(pageHeight, Math.ceil(bottom) + 16);
      const png = await page.screenshot({
        clip: { x: 0, y: 0, width: 1280, height },
        captureBeyondViewport: true,
      });
      const img = decode(png);
      assert(img.width >= 1000 && img.height >= 700, `screenshot ${img.width}×${img.height}`);
      const colours = new Set<number>();
      for (let i = 0; i < img.data.length; i += img.channels * 7) {
        colours.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2]);
      }
      assert(colours.size > 50, `only ${colours.size} colours: a blank page?`);
      const keep = Deno.env.get("AE_SCREENSHOT");
      if (keep) await Deno.writeFile(keep, png);
      assertEquals(errors, [], "the page reported errors");

      // Its SVG figures render on the page as they do alone.
      const dir = `${out}/${name}`;
      const svgs = await figuresAsAlone(page, { url: `file://${dir}/index.html`, dir });
      assert(svgs.includes("latent.svg") && svgs.includes("loss.svg"), svgs.join(" "));
    } finally {
      await browser.close();
    }
  },
});

Deno.test({
  name: "index.html in Chromium: no metric cell runs past its card (issue 12: '186700× F')",
  ignore,
  fn: async () => {
    const chromium = requireChromium();
    const { runPage } = await import("../../lib/report/page.ts");
    await using tmp = await tempDir("ae-browser-");
    const dir = tmp.path;
    {
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
      const { browser, page } = await openPage(chromium, `file://${dir}/index.html`);
      try {
        for (const width of [1280, 800]) {
          await page.setViewport({ width, height: 800 });
          const overflow = await js<string[]>(
            page,
            `[...document.querySelectorAll(".top .card")]
            .flatMap((card) => { const right = card.getBoundingClientRect().right;
              return [...card.querySelectorAll("td, th")]
                .filter((c) => c.getBoundingClientRect().right > right + 0.5)
                .map((c) => c.textContent); })`,
          );
          assertEquals(overflow, [], `cells past their card at ${width} px`);
        }
      } finally {
        await browser.close();
      }
    }
  },
});

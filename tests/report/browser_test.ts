// The run page in headless Chromium (Debian's `chromium`): train a small vae with the CLI, open
// its index.html, hover a point, hide a class from the legend, click the hidden point's spot to
// decode it, and screenshot the page (AE_SCREENSHOT=path keeps a copy, e.g. docs/report.png).
// Chromium is driven by puppeteer-core over a pipe (no network permission needed).

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { decode } from "fast-png";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { loadDataset } from "../../lib/data/load.ts";
import { cli } from "../cli.ts";
import { tempDir } from "../temp.ts";

/** Chromium's executable: $CHROME_PATH, else /usr/bin/chromium; null when neither exists. */
function chromiumPath(): string | null {
  for (const p of [Deno.env.get("CHROME_PATH"), "/usr/bin/chromium"]) {
    try {
      if (p && Deno.statSync(p).isFile) return p;
    } catch { /* not there */ }
  }
  return null;
}

/** Starts headless Chromium (a fresh profile, removed by close()) and opens `url` in a page. */
async function openPage(
  executablePath: string,
  url: string,
): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const browser = await puppeteer.launch({
    executablePath,
    pipe: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = []; // uncaught exceptions and console errors of the page
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.setViewport({ width: 1280, height: 1000 });
    await page.goto(url, { waitUntil: "load" });
    return { browser, page, errors };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

const chromium = chromiumPath();
const required = Deno.env.get("AE_REQUIRE_BROWSER");
const missing = "no Chromium at $CHROME_PATH or /usr/bin/chromium (apt-get install chromium)";
if (!chromium && !required) console.log(`browser_test.ts: skipped: ${missing}`);

/** Evaluates a JavaScript expression in the page (promises awaited) and returns its value. */
function js<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

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

/**
 * Every drawn element of an SVG (`svg` a JavaScript expression for it): its tag and class, and
 * its rendered box [x, y, width, height] relative to the SVG's, divided by the SVG's viewBox
 * scale, so a figure inlined in the page (scaled to fit) and the same file alone compare in the
 * figure's own units.
 */
function measure(page: Page, svg: string): Promise<{ what: string; box: number[] }[]> {
  return js(
    page,
    `(() => {
    const svg = ${svg}, vb = svg.viewBox.baseVal, r = svg.getBoundingClientRect();
    const [sx, sy] = [r.width / vb.width, r.height / vb.height];
    return [...svg.querySelectorAll("rect, path, circle, ellipse, line, polyline, polygon, text")]
      .map((e) => {
        const b = e.getBoundingClientRect();
        return { what: e.tagName + "." + (e.getAttribute("class") ?? ""),
          box: [(b.x - r.x) / sx, (b.y - r.y) / sy, b.width / sx, b.height / sy] };
      });
  })()`,
  );
}

/**
 * Each SVG figure inlined in the page at `url` must render as the same file does alone in
 * `dir`: every element's box alike within 0.5 of its units (a page style that reached into a
 * figure, such as .bar{height:5px} on its bars, changes them). Returns the figures compared.
 */
async function figuresAsAlone(page: Page, options: { url: string; dir: string }) {
  await page.goto(options.url, { waitUntil: "load" });
  const figures = `[...document.querySelectorAll(".figures figure")]
    .filter((f) => f.querySelector(":scope > svg"))`;
  const names = await js<string[]>(
    page,
    `${figures}.map((f) => f.querySelector("figcaption").textContent)`,
  );
  const inPage = new Map<string, { size: number[]; marks: { what: string; box: number[] }[] }>();
  for (const [i, name] of names.entries()) {
    const svg = `${figures}[${i}].querySelector(":scope > svg")`;
    const size = await js<number[]>(
      page,
      `[${svg}.getBoundingClientRect()].map((r) =>
      [r.width, r.height])[0]`,
    );
    inPage.set(name, { size, marks: await measure(page, svg) });
  }
  const text = (box: number[]) => `[${box.map((v) => v.toFixed(1)).join(", ")}]`;
  for (const name of names) {
    // Alone at the size the page gives it: text then snaps to the same pixels.
    const { size, marks: here } = inPage.get(name)!;
    await page.goto(`file://${options.dir}/${name}`, { waitUntil: "load" });
    await js(
      page,
      `document.documentElement.setAttribute("width", ${size[0]}),
      document.documentElement.setAttribute("height", ${size[1]})`,
    );
    const alone = await measure(page, "document.documentElement");
    assertEquals(here.map((e) => e.what), alone.map((e) => e.what), `${name}: its elements`);
    const worse = here.flatMap((e, k) => {
      const d = Math.max(...e.box.map((v, q) => Math.abs(v - alone[k].box[q])));
      return d > 0.5
        ? [`${e.what} #${k}: ${text(e.box)} on the page, ${text(alone[k].box)} alone`]
        : [];
    });
    assertEquals(worse.slice(0, 5), [], `${name}: ${worse.length} elements differ on the page`);
  }
  return names;
}

const sampleText = (page: Page) =>
  js<string>(page, `document.getElementById("sample").textContent`);

Deno.test({
  name: "index.html in Chromium: hover shows a sample, the legend hides a class, a click decodes",
  ignore: !chromium && !required,
  fn: async () => {
    if (!chromium) throw new Error(`AE_REQUIRE_BROWSER is set, but there is ${missing}`);
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
  name: "index.html in Chromium: a table run's figures render on the page as they do alone",
  ignore: !chromium && !required,
  fn: async () => {
    if (!chromium) throw new Error(`AE_REQUIRE_BROWSER is set, but there is ${missing}`);
    await using tmp = await tempDir("ae-browser-");
    const name = "wine-ae-8x2-s34";
    const args = ["--data", "data/wine.csv", "--hidden", "8", "--epochs", "5", "--backend", "wasm"];
    const run = await cli("train", ...args, "--out", tmp.path, "--name", name);
    assertEquals(run.code, 0, run.stderr);
    const dir = `${tmp.path}/${name}`;
    const { browser, page, errors } = await openPage(chromium, `file://${dir}/index.html`);
    try {
      const names = await figuresAsAlone(page, { url: `file://${dir}/index.html`, dir });
      assertEquals(names.sort(), ["feature_error.svg", "latent.svg", "loss.svg"]);

      // Its detect page likewise; and no top row's label breaks across lines ("cultivar" / "_2").
      const det = await cli("detect", "--run", dir, "--data", "data/wine.csv");
      assertEquals(det.code, 0, det.stderr);
      const page2 = `file://${dir}/detect-wine/index.html`;
      const scored = await figuresAsAlone(page, { url: page2, dir: `${dir}/detect-wine` });
      assertEquals(scored, ["scores.svg"]);
      await page.goto(page2, { waitUntil: "load" });
      const broken = await js<string[]>(
        page,
        `[...document.querySelectorAll("table tr td:nth-child(2)")].filter((td) => {
          const r = document.createRange();
          r.selectNodeContents(td);
          return new Set([...r.getClientRects()].map((q) => Math.round(q.top))).size > 1;
        }).map((td) => td.textContent)`,
      );
      assertEquals(broken, [], "label cells broken across lines");
      assertEquals(errors, [], "the page reported errors");
    } finally {
      await browser.close();
    }
  },
});

Deno.test({
  name: "index.html in Chromium: no metric cell runs past its card (issue 12: '186700× F')",
  ignore: !chromium && !required,
  fn: async () => {
    if (!chromium) throw new Error(`AE_REQUIRE_BROWSER is set, but there is ${missing}`);
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

// A table run's page in headless Chromium: every SVG figure inlined in index.html (and in its
// detect page) renders as the same file does alone, element by element, so no page style reaches
// into a figure (issue 20: .bar{height:5px} made feature_error.svg's bars 5 px strips).

import { assertEquals } from "@std/assert";
import { cli } from "../cli.ts";
import { tempDir } from "../temp.ts";
import { figuresAsAlone, ignoreBrowser, js, openPage, requireChromium } from "./browser.ts";

const ignore = ignoreBrowser("browser_figures_test.ts");

Deno.test({
  name: "index.html in Chromium: a table run's figures render on the page as they do alone",
  ignore,
  fn: async () => {
    const chromium = requireChromium();
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

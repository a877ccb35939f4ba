// The web bundle's demo page in headless Chromium (Debian's `chromium`, puppeteer-core): the
// bundle served from its folder as a static server would (requests answered from the files, no
// network), a pasted CSV row encoded to lib's codes (1e-5), drawn on the run's latent map, its
// error listed; a drawn digit encoded and reconstructed; no page errors, nothing fetched from
// outside the bundle. AE_SCREENSHOT=path keeps a picture (docs/export.png).

import { assert, assertEquals, assertLess } from "@std/assert";
import puppeteer, { type Page } from "puppeteer-core";
import { exportRun } from "../../lib/export/export_run.ts";
import { ignoreBrowser, js, requireChromium } from "../report/browser.ts";
import { tempDir } from "../temp.ts";
import { maxDiff, trainedRuns } from "./fixtures.ts";

const ignore = ignoreBrowser("demo_browser_test.ts");
const TYPES: Record<string, string> = {
  html: "text/html",
  js: "text/javascript",
  json: "application/json",
  wasm: "application/wasm",
};
const ORIGIN = "http://bundle.test";

/** Whether the new rows' ✕ is drawn and lies wholly inside the map. */
function markOnMap(page: Page): Promise<boolean> {
  return js<boolean>(
    page,
    `(() => { const m = document.querySelector('#map path.new').getBoundingClientRect(),
      s = document.getElementById('map').getBoundingClientRect();
      return m.width > 0 && m.left >= s.left && m.right <= s.right && m.top >= s.top &&
        m.bottom <= s.bottom; })()`,
  );
}

Deno.test({
  name: "demo page: a pasted row is encoded as lib does, drawn on the map; a drawing too",
  ignore,
  sanitizeResources: false, // puppeteer's pipe to Chromium
  sanitizeOps: false,
  fn: async () => {
    const chromium = requireChromium();
    const ref = (await trainedRuns(["ae"])).ae;
    await using tmp = await tempDir();
    const { dir } = await exportRun(ref.dir, { format: "web", out: `${tmp.path}/web` });
    const browser = await puppeteer.launch({
      executablePath: chromium,
      pipe: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [], outside: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.setRequestInterception(true);
      page.on("request", async (req) => {
        const url = new URL(req.url());
        const path = url.pathname === "/" ? "/index.html" : url.pathname;
        if (url.origin !== ORIGIN) outside.push(req.url());
        const body = url.origin === ORIGIN
          ? await Deno.readFile(`${dir}${decodeURIComponent(path)}`).catch(() => null)
          : null;
        if (!body) return req.respond({ status: 404, body: "" });
        const type = TYPES[path.split(".").at(-1)!] ?? "application/octet-stream";
        await req.respond({ status: 200, contentType: type, body: body as never });
      });
      await page.setViewport({ width: 1100, height: 760 });
      await page.goto(`${ORIGIN}/`, { waitUntil: "load" });
      await page.waitForFunction("globalThis.demo?.ready || globalThis.demo?.error", {
        timeout: 60_000,
      });
      assertEquals(await js(page, "globalThis.demo.error"), null);
      const backend = await js<string>(page, "globalThis.demo.backend");
      console.log(`demo page running on tfjs ${backend}`);
      assert(["webgpu", "wasm", "cpu"].includes(backend), backend);
      assertEquals(await js(page, "document.querySelectorAll('#map circle.train').length"), 300);

      // Paste the CSV's header and first row (its label column too), as from a spreadsheet:
      // the page picks the run's columns by name.
      const text = (await Deno.readTextFile("data/digits.csv")).split("\n").slice(0, 2).join("\n");
      await page.focus("#rows");
      await js(page, `document.getElementById("rows").value = ${JSON.stringify(text)}`);
      await page.click("#encode");
      await page.waitForFunction("globalThis.demo.codes?.length === 1", { timeout: 30_000 });
      const codes = await js<number[][]>(page, "globalThis.demo.codes");
      const latent = codes[0].length;
      assertLess(maxDiff(codes[0], ref.codes.subarray(0, latent)), 1e-5);
      const score = await js<number>(page, "globalThis.demo.scores[0].score");
      assertLess(maxDiff([score], ref.scores.subarray(0, 1)), 1e-5);
      assertEquals(await js(page, "document.querySelectorAll('#map path.new').length"), 1);
      assertEquals(await js(page, "document.querySelectorAll('#results tr').length"), 2);
      assert(await markOnMap(page), "the new row's mark lies on the map");

      // An image run: draw a stroke on the 8×8 canvas, encode it, see its reconstruction.
      const box = (await (await page.$("#draw"))!.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.85, { steps: 8 });
      await page.mouse.up();
      await page.click("#encode-drawing");
      await page.waitForFunction(
        `globalThis.demo.codes?.length === 1 &&
         globalThis.demo.codes[0][0] !== ${codes[0][0]}`,
        { timeout: 30_000 },
      );
      const drawn = await js<number>(
        page,
        `(() => { const d = document.getElementById("recon").getContext("2d")
          .getImageData(0, 0, 8, 8).data; let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i];
          return s; })()`,
      );
      assert(drawn > 0, "the drawing's reconstruction is drawn");
      assert(await markOnMap(page), "the drawing's mark lies on the map");
      const shot = Deno.env.get("AE_SCREENSHOT");
      if (shot) await page.screenshot({ path: shot as `${string}.png` });
      assertEquals(errors, []);
      assertEquals(outside, []);
    } finally {
      await browser.close();
    }
  },
});

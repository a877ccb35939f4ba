// The run page in a real browser (Debian's Chromium, headless): hovering a point shows that
// sample, a legend click hides its class, a click on empty latent space decodes it (vae),
// and a screenshot is taken (AE_SCREENSHOT=path keeps a copy, e.g. docs/report.png).

import { assertEquals } from "@std/assert";
import { decode } from "fast-png";
import { chromiumPath, openPage } from "./browser.ts";

const chromium = (() => {
  try {
    return chromiumPath();
  } catch {
    return null;
  }
})();
if (!chromium) {
  if (Deno.env.get("AE_REQUIRE_BROWSER")) {
    throw new Error("AE_REQUIRE_BROWSER is set but no Chromium was found");
  }
  console.log("browser_test: skipped, no Chromium (apt-get install chromium, or set CHROME_PATH)");
}

Deno.test({
  name:
    "index.html in Chromium: hover shows the sample, legend hides a class, a click decodes, screenshot",
  ignore: !chromium,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const out = await Deno.makeTempDir();
    const train = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-env",
        "main.ts",
        "train",
        "--model",
        "vae",
        "--epochs",
        "5",
        "--hidden",
        "32",
        "--backend",
        "wasm",
        "--out",
        out,
        "--name",
        "r",
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    assertEquals(train.code, 0, new TextDecoder().decode(train.stderr));
    const page = await openPage(`file://${out}/r/index.html`);
    try {
      // Hover point 17.
      const [x, y] = await page.eval<[number, number]>(
        `(() => { const r = document.querySelector('circle.pt[data-i="17"]').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`,
      );
      await page.mouse("mouseMoved", x, y);
      const text = await page.eval<string>(`document.getElementById("sample").textContent`);
      const label = await page.eval<string>(`RUN.classes[RUN.labels[17]]`);
      assertEquals(text.includes(`Sample 17 · label ${label}`), true, text);
      assertEquals(
        await page.eval<number>(`document.querySelectorAll("#sample canvas").length`),
        2,
      );
      // Toggle class 0 off: every point of that class is hidden, the others stay.
      const [lx, ly] = await page.eval<[number, number]>(
        `(() => { const r = document.querySelector('.legend-item[data-class="0"]').getBoundingClientRect(); return [r.x + 10, r.y + r.height / 2]; })()`,
      );
      await page.click(lx, ly);
      const counts = await page.eval<[number, number, number]>(
        `[document.querySelectorAll('circle.pt[data-class="0"]').length, [...document.querySelectorAll('circle.pt')].filter((c) => c.style.display === "none").length, RUN.labels.filter((l) => l === 0).length]`,
      );
      assertEquals(counts[0], counts[2]);
      assertEquals(counts[1], counts[2]);
      // Click the top-left corner of the plot (outside the 5% padding, no point there): decode it.
      const [cx, cy] = await page.eval<[number, number]>(
        `(() => { const r = document.querySelector('#explorer .plot-area').getBoundingClientRect(); return [r.x + 4, r.y + 4]; })()`,
      );
      await page.click(cx, cy);
      const decoded = await page.eval<string>(`document.getElementById("sample").textContent`);
      assertEquals(decoded.includes("Decoded point"), true, decoded);
      const lit = await page.eval<number>(
        `(() => { const c = document.getElementById("dec"); const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 40) n++; return n; })()`,
      );
      assertEquals(lit > 0, true, "the decoded digit is all black");
      await page.click(lx, ly); // show class 0 again for the screenshot
      await page.mouse("mouseMoved", x, y);
      const png = await page.screenshot();
      const img = decode(png);
      assertEquals([img.width, img.height], [1280, 1000]);
      const colours = new Set<number>();
      for (let i = 0; i < img.data.length; i += img.channels * 97) {
        colours.add(img.data[i] * 65536 + img.data[i + 1] * 256 + img.data[i + 2]);
      }
      assertEquals(colours.size > 20, true, `only ${colours.size} colours: a blank page?`);
      const keep = Deno.env.get("AE_SCREENSHOT");
      if (keep) await Deno.writeFile(keep, png);
    } finally {
      await page.close();
      await Deno.remove(out, { recursive: true });
    }
  },
});

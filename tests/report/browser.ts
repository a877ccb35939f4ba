// Headless Chromium (Debian's `chromium`) for the page tests, driven by puppeteer-core over a
// pipe (no network permission needed): where it is, a page opened in a fresh profile, and the
// check that each SVG figure inlined in a page renders as the same file does alone.

import { assertEquals } from "@std/assert";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

/** Chromium's executable: $CHROME_PATH, else /usr/bin/chromium; null when neither exists. */
export function chromiumPath(): string | null {
  for (const p of [Deno.env.get("CHROME_PATH"), "/usr/bin/chromium"]) {
    try {
      if (p && Deno.statSync(p).isFile) return p;
    } catch { /* not there */ }
  }
  return null;
}

/** Starts headless Chromium (a fresh profile, removed by close()) and opens `url` in a page. */
export async function openPage(
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

/** Chromium's path (null: none), whether CI requires it, and what to say when it is missing. */
export const BROWSER = {
  chromium: chromiumPath(),
  required: Boolean(Deno.env.get("AE_REQUIRE_BROWSER")),
  missing: "no Chromium at $CHROME_PATH or /usr/bin/chromium (apt-get install chromium)",
};

/** Whether a test file's browser tests are ignored here (says so once, naming `file`). */
export function ignoreBrowser(file: string): boolean {
  const ignore = !BROWSER.chromium && !BROWSER.required;
  if (ignore) console.log(`${file}: skipped: ${BROWSER.missing}`);
  return ignore;
}

/** The Chromium to use; throws when AE_REQUIRE_BROWSER is set and there is none. */
export function requireChromium(): string {
  if (!BROWSER.chromium) {
    throw new Error(`AE_REQUIRE_BROWSER is set, but there is ${BROWSER.missing}`);
  }
  return BROWSER.chromium;
}

/** Evaluates a JavaScript expression in the page (promises awaited) and returns its value. */
export function js<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
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
export async function figuresAsAlone(
  page: Page,
  options: { url: string; dir: string },
): Promise<string[]> {
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

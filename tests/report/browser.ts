// Headless Chromium for tests, driven over the DevTools protocol through two named pipes
// (--remote-debugging-pipe): no network permission, no npm package. Opens one page, evaluates
// script, sends mouse events, takes screenshots; close() ends Chromium and removes its profile.

/** Chromium's executable: $CHROME_PATH, else /usr/bin/chromium; null when neither exists. */
export function chromiumPath(): string | null {
  for (const p of [Deno.env.get("CHROME_PATH"), "/usr/bin/chromium"]) {
    try {
      if (p && Deno.statSync(p).isFile) return p;
    } catch { /* not there */ }
  }
  return null;
}

/** A page open in headless Chromium. */
export interface Page {
  /** Evaluates a JavaScript expression in the page (promises awaited) and returns its value. */
  eval<T>(expression: string): Promise<T>;
  /** Moves the mouse to (x, y) in CSS pixels of the viewport. */
  hover(x: number, y: number): Promise<void>;
  /** Moves there and clicks the left button. */
  click(x: number, y: number): Promise<void>;
  /** A PNG of the viewport, or of the whole page (up to `maxHeight` px) with `fullPage`. */
  screenshot(options?: { fullPage?: boolean; maxHeight?: number }): Promise<Uint8Array>;
  /** Uncaught exceptions and console errors the page has reported so far. */
  errors: string[];
  /** Closes Chromium (killing it if it does not exit within 5 s) and removes its profile. */
  close(): Promise<void>;
}

type Message = { id?: number; method?: string; params?: Record<string, unknown> };
type Reply = Message & { result?: unknown; error?: { message: string } };

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-dev-shm-usage",
  "--hide-scrollbars",
  "--remote-debugging-pipe",
];

/** Starts Chromium with a fresh profile and opens `url` in a width × height viewport. */
export async function openPage(
  url: string,
  options: { width?: number; height?: number; timeoutMs?: number } = {},
): Promise<Page> {
  const exe = chromiumPath();
  if (!exe) {
    throw new Error("no Chromium: install it (apt-get install chromium) or set CHROME_PATH");
  }
  const timeout = options.timeoutMs ?? 20_000;
  const dir = await Deno.makeTempDir({ prefix: "ae-chromium-" });
  const [toPipe, fromPipe] = [`${dir}/to-chromium`, `${dir}/from-chromium`];
  const made = await new Deno.Command("mkfifo", { args: [toPipe, fromPipe] }).output();
  if (!made.success) throw new Error(`mkfifo failed: ${new TextDecoder().decode(made.stderr)}`);
  // Chromium reads commands from fd 3 and writes replies to fd 4; sh wires the pipes to them.
  const proc = new Deno.Command("sh", {
    args: [
      "-c",
      'exec "$0" "$@" 3<"$AE_TO" 4>"$AE_FROM"',
      exe,
      ...FLAGS,
      `--user-data-dir=${dir}/profile`,
      "about:blank",
    ],
    env: { AE_TO: toPipe, AE_FROM: fromPipe },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let log = "";
  const drained = proc.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (s) => void (log = (log + s).slice(-2000)) }),
  ).catch(() => {});
  const writer = await Deno.open(toPipe, { read: true, write: true }); // O_RDWR: never blocks
  const opened = Deno.open(fromPipe, { read: true });
  let reader: Deno.FsFile;
  try {
    const exited = proc.status.then(() => null);
    const got = await within(Promise.race([opened, exited]), timeout, "chromium start");
    if (!got) throw new Error("chromium exited");
    reader = got;
  } catch (e) {
    // Unblock the pending open of the pipe, then clean up.
    (await Deno.open(fromPipe, { write: true })).close();
    (await opened).close();
    writer.close();
    try {
      proc.kill("SIGKILL");
    } catch { /* already gone */ }
    await proc.status;
    await drained;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw new Error(`chromium did not start (${(e as Error).message}): ${log.slice(-600)}`);
  }
  const waiting = new Map<number, (m: Reply) => void>();
  const listeners: ((m: Message & { sessionId?: string }) => void)[] = [];
  const reading = (async () => {
    let buf = new Uint8Array(0);
    for await (const chunk of reader.readable) {
      const all = new Uint8Array(buf.length + chunk.length);
      all.set(buf);
      all.set(chunk, buf.length);
      let start = 0;
      for (let z = all.indexOf(0); z >= 0; z = all.indexOf(0, start)) {
        const m = JSON.parse(new TextDecoder().decode(all.subarray(start, z)));
        start = z + 1;
        if (m.id !== undefined) waiting.get(m.id)?.(m);
        else listeners.forEach((f) => f(m));
      }
      buf = all.slice(start);
    }
  })().catch(() => {});
  let next = 0;
  const send = async <T>(method: string, params: object = {}, sessionId?: string): Promise<T> => {
    const id = ++next;
    const reply = new Promise<Reply>((ok) => waiting.set(id, ok));
    const body = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
    await writer.write(new TextEncoder().encode(body + "\0"));
    const m = await within(reply, timeout, method).finally(() => waiting.delete(id));
    if (m.error) throw new Error(`${method}: ${m.error.message}`);
    return m.result as T;
  };
  const errors: string[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await send("Browser.close").catch(() => {});
    const done = await within(proc.status, 5000, "exit").then(() => true, () => false);
    if (!done) {
      try {
        proc.kill("SIGKILL");
      } catch { /* already gone */ }
      await proc.status;
    }
    writer.close();
    await within(reading, 2000, "pipe").catch(() => {});
    try {
      reader.close();
    } catch { /* closed by the stream */ }
    await drained;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    const { targetId } = await send<{ targetId: string }>("Target.createTarget", {
      url: "about:blank",
    });
    const s = (await send<{ sessionId: string }>("Target.attachToTarget", {
      targetId,
      flatten: true,
    })).sessionId;
    listeners.push((m) => {
      if (m.sessionId !== s) return;
      const p = m.params as {
        exceptionDetails?: { text: string; exception?: { description?: string } };
        type?: string;
        args?: { value?: unknown }[];
      };
      if (m.method === "Runtime.exceptionThrown") {
        errors.push(p.exceptionDetails?.exception?.description ?? String(p.exceptionDetails?.text));
      }
      if (m.method === "Runtime.consoleAPICalled" && p.type === "error") {
        errors.push((p.args ?? []).map((a: { value?: unknown }) => String(a.value)).join(" "));
      }
    });
    await send("Page.enable", {}, s);
    await send("Runtime.enable", {}, s);
    const [width, height] = [options.width ?? 1280, options.height ?? 1000];
    const metrics = { width, height, deviceScaleFactor: 1, mobile: false };
    await send("Emulation.setDeviceMetricsOverride", metrics, s);
    const loaded = new Promise<void>((ok) =>
      listeners.push((m) => m.sessionId === s && m.method === "Page.loadEventFired" && ok())
    );
    const nav = await send<{ errorText?: string }>("Page.navigate", { url }, s);
    if (nav.errorText) throw new Error(`cannot open ${url}: ${nav.errorText}`);
    await within(loaded, timeout, `loading ${url}`);
    const mouse = (type: string, x: number, y: number) =>
      send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 }, s);
    return {
      errors,
      close,
      eval: async <T>(expression: string) => {
        type Details = { text: string; exception?: { description?: string } };
        const r = await send<{ result: { value: T }; exceptionDetails?: Details }>(
          "Runtime.evaluate",
          { expression, returnByValue: true, awaitPromise: true },
          s,
        );
        const d = r.exceptionDetails;
        if (d) throw new Error(`page script failed: ${d.exception?.description ?? d.text}`);
        return r.result.value;
      },
      hover: async (x, y) => void (await mouse("mouseMoved", x, y)),
      click: async (x, y) => {
        for (const t of ["mouseMoved", "mousePressed", "mouseReleased"]) await mouse(t, x, y);
      },
      screenshot: async (shot = {}) => {
        let clip;
        if (shot.fullPage) {
          const m = await send<{ cssContentSize: { width: number; height: number } }>(
            "Page.getLayoutMetrics",
            {},
            s,
          );
          const h = Math.min(Math.ceil(m.cssContentSize.height), shot.maxHeight ?? 8000);
          clip = { x: 0, y: 0, width: width, height: h, scale: 1 };
        }
        const params = { format: "png", ...(clip ? { clip, captureBeyondViewport: true } : {}) };
        const { data } = await send<{ data: string }>("Page.captureScreenshot", params, s);
        return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** `p`, or an error naming `what` when it takes longer than `ms` (the timer is always cleared). */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

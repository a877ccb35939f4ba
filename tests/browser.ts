// A small driver for headless Chromium over the DevTools protocol (a WebSocket from Deno,
// no extra packages): open a page, evaluate script, move and click the mouse, screenshot.

/** Where Chromium is, or null (tests that need it are then skipped). */
export function chromiumPath(): string | null {
  for (const p of [Deno.env.get("CHROME_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (p && Deno.statSync(p).isFile) return p;
  }
  return null;
}

/** A page in a headless Chromium. */
export interface Page {
  eval<T>(expression: string): Promise<T>;
  mouse(type: "mouseMoved" | "mousePressed" | "mouseReleased", x: number, y: number): Promise<void>;
  click(x: number, y: number): Promise<void>;
  screenshot(): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Starts Chromium, opens `url` in a width × height viewport and waits for it to load. */
export async function openPage(url: string, size = { width: 1280, height: 1000 }): Promise<Page> {
  const dir = await Deno.makeTempDir();
  const proc = new Deno.Command(chromiumPath()!, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
      "--remote-debugging-port=0",
      `--user-data-dir=${dir}`,
      "about:blank",
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = proc.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "", endpoint = "";
  while (!endpoint) {
    const { value, done } = await reader.read();
    if (done) {
      throw new Error(`chromium exited before its DevTools endpoint appeared: ${seen.slice(-300)}`);
    }
    seen += value;
    endpoint = /DevTools listening on (ws:\/\/\S+)/.exec(seen)?.[1] ?? "";
  }
  (async () => { // keep draining stderr so Chromium never blocks on it
    while (!(await reader.read()).done);
  })().catch(() => {});
  const ws = new WebSocket(endpoint);
  await new Promise((ok, fail) => {
    ws.onopen = ok;
    ws.onerror = fail;
  });
  let id = 0;
  const waiting = new Map<number, (m: { result?: unknown; error?: { message: string } }) => void>();
  const events: ((m: { method: string }) => void)[] = [];
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.id !== undefined) waiting.get(m.id)?.(m);
    else events.forEach((f) => f(m));
  };
  const send = <T>(method: string, params: object = {}, sessionId?: string): Promise<T> =>
    new Promise((ok, fail) => {
      const n = ++id;
      waiting.set(
        n,
        (m) => (m.error ? fail(new Error(`${method}: ${m.error.message}`)) : ok(m.result as T)),
      );
      ws.send(JSON.stringify({ id: n, method, params, sessionId }));
    });
  const { targetId } = await send<{ targetId: string }>("Target.createTarget", {
    url: "about:blank",
  });
  const { sessionId: s } = await send<{ sessionId: string }>("Target.attachToTarget", {
    targetId,
    flatten: true,
  });
  await send("Page.enable", {}, s);
  await send(
    "Emulation.setDeviceMetricsOverride",
    { ...size, deviceScaleFactor: 1, mobile: false },
    s,
  );
  const loaded = new Promise<void>((ok) =>
    events.push((m) => m.method === "Page.loadEventFired" && ok())
  );
  await send("Page.navigate", { url }, s);
  await loaded;
  return {
    eval: async <T>(expression: string) => {
      const r = await send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
        "Runtime.evaluate",
        { expression, returnByValue: true, awaitPromise: true },
        s,
      );
      if (r.exceptionDetails) throw new Error(`page script failed: ${r.exceptionDetails.text}`);
      return r.result.value;
    },
    mouse: async (type, x, y) => {
      await send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 }, s);
    },
    click: async (x, y) => {
      for (const t of ["mouseMoved", "mousePressed", "mouseReleased"]) {
        await send("Input.dispatchMouseEvent", { type: t, x, y, button: "left", clickCount: 1 }, s);
      }
    },
    screenshot: async () => {
      const { data } = await send<{ data: string }>("Page.captureScreenshot", { format: "png" }, s);
      return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    },
    close: async () => {
      await send("Browser.close").catch(() => {});
      ws.close();
      try {
        proc.kill("SIGKILL");
      } catch { /* already gone */ }
      await proc.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

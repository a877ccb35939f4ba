// Runs in a Worker: counts SIGINT/SIGTERM into shared memory, so that the main thread sees a
// signal even while it is busy in synchronous code (PCA, evaluation), where its own event loop
// (and so a main-thread signal listener) would not run for many seconds.

/// <reference lib="deno.worker" />

self.onmessage = (e: MessageEvent<SharedArrayBuffer>) => {
  const state = new Int32Array(e.data); // [signals seen, exit code of the first one]
  const names: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  for (const name of names) {
    Deno.addSignalListener(name, () => {
      Atomics.compareExchange(state, 1, 0, name === "SIGTERM" ? 143 : 130);
      Atomics.add(state, 0, 1);
      Atomics.notify(state, 0);
      self.postMessage(name); // wakes the main thread's listener when its event loop is free
    });
  }
  self.postMessage("ready");
};

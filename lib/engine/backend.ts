// Choosing the tfjs backend: WebGPU (Deno's navigator.gpu) when a hardware adapter
// passes a parity self-check, else WASM, else the plain CPU backend. WebGPU
// validation errors, which tfjs swallows, are captured and turned into failures.

import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import "@tensorflow/tfjs-backend-webgpu";
import type { BackendName } from "../config.ts";

/** The backend a run actually uses, and why. */
export interface BackendChoice {
  /** The tfjs backend now active. */
  backend: "webgpu" | "wasm" | "cpu";
  /** WebGPU adapter description (e.g. "llvmpipe … (software)"), or null when none exists. */
  adapter: string | null;
  /** One sentence on why this backend was chosen. */
  reason: string;
  /** Throws if the WebGPU device reported an error since the last call; no-op elsewhere. */
  check: () => void;
}

/**
 * Describes the WebGPU adapter, or returns null when navigator.gpu finds none.
 *
 * @example
 * ```ts ignore
 * const adapter = await describeAdapter(); // e.g. { text: "llvmpipe … (software)", software: true }
 * ```
 */
export async function describeAdapter(): Promise<{ text: string; software: boolean } | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  quietDisplayLookup();
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return null;
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const software = Boolean(
    info.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter,
  );
  // Some drivers give only a numeric PCI vendor id; the description names the device.
  const vendor = /^\d*$/.test(info.vendor) ? "" : info.vendor;
  const name = [vendor, info.description || info.device || "unnamed adapter"].filter((s) => s).join(
    " ",
  );
  return { text: `${name} (${software ? "software" : "hardware"})`, software };
}

/**
 * Activates a backend as `requested`; `auto` falls back to WASM, then CPU, with a reason.
 * Call it before building a model: tensors belong to the backend that made them.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { selectBackend } from "../mod.ts";
 * const choice = await selectBackend("wasm");
 * assertEquals([choice.backend, choice.adapter, choice.reason], ["wasm", null, "asked for"]);
 * ```
 */
export async function selectBackend(requested: BackendName): Promise<BackendChoice> {
  tf.enableProdMode(); // no debug checks; we check the loss for NaN ourselves
  const noop = () => {};
  if (requested === "cpu" || requested === "wasm") {
    // No adapter probe: a CPU run never touches WebGPU (a probe starts a graphics driver that
    // must then be torn down at exit), so `adapter` is null, "not asked".
    await activate(requested);
    return { backend: requested, adapter: null, reason: "asked for", check: noop };
  }
  const adapter = await describeAdapter();
  if (requested === "webgpu") {
    if (!adapter) throw new Error('backend "webgpu": navigator.gpu found no WebGPU adapter');
    const check = await activateWebGpu();
    const parity = await parityError();
    if (parity !== null) throw new Error(`backend "webgpu" failed its self-check: ${parity}`);
    return { backend: "webgpu", adapter: adapter.text, reason: "asked for", check };
  }
  let why = "no WebGPU adapter";
  if (adapter && adapter.software) why = "the WebGPU adapter is a software renderer";
  if (adapter && !adapter.software) {
    try {
      const check = await activateWebGpu();
      const parity = await parityError();
      if (parity === null) {
        return { backend: "webgpu", adapter: adapter.text, reason: "hardware adapter", check };
      }
      why = `WebGPU failed its self-check (${parity})`;
    } catch (e) {
      why = `WebGPU failed to start (${(e as Error).message})`;
    }
  }
  try {
    await activate("wasm");
    return { backend: "wasm", adapter: adapter?.text ?? null, reason: why, check: noop };
  } catch (e) {
    await activate("cpu");
    const reason = `${why}; WASM failed (${(e as Error).message})`;
    return { backend: "cpu", adapter: adapter?.text ?? null, reason, check: noop };
  }
}

/**
 * Mesa's Vulkan and EGL drivers look for a Wayland display while they start, and with
 * XDG_RUNTIME_DIR unset (a headless machine, CI, a container) libwayland prints "error:
 * XDG_RUNTIME_DIR is invalid or not set" on stderr: a line that is not ours and says nothing
 * about the run. Where it is unset no compositor can be reached anyway, so an absolute path
 * that holds no socket makes the lookup fail quietly. Set only when unset and allowed.
 */
function quietDisplayLookup(): void {
  try {
    if (Deno.env.get("XDG_RUNTIME_DIR") === undefined) {
      Deno.env.set("XDG_RUNTIME_DIR", "/nonexistent-xdg-runtime-dir");
    }
  } catch {
    // no --allow-env: leave the environment alone
  }
}

async function activate(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs could not start the ${name} backend`);
  await tf.ready();
}

async function activateWebGpu(): Promise<() => void> {
  await activate("webgpu");
  const device = (tf.backend() as unknown as { device: GPUDevice }).device;
  const errors: string[] = [];
  device.addEventListener("uncapturederror", (e) => {
    errors.push((e as GPUUncapturedErrorEvent).error.message.split("\n")[0]);
  });
  return () => {
    if (errors.length > 0) {
      const first = errors.splice(0);
      throw new Error(`WebGPU reported ${first.length} error(s): ${first[0]}`);
    }
  };
}

/**
 * Compares a small dense layer with its gradient on the active backend against plain
 * JavaScript in float64; returns null when they agree to 1e-4, else what differed.
 */
export async function parityError(): Promise<string | null> {
  const [n, k, m] = [16, 64, 32];
  const a = Float32Array.from({ length: n * k }, (_, i) => ((i * 37) % 17) / 4 - 2);
  const b = Float32Array.from({ length: k * m }, (_, i) => ((i * 53) % 19) / 40 - 0.2);
  const [yGot, gGot] = tf.tidy(() => {
    const at = tf.tensor2d(a, [n, k]);
    const f = (bt: tf.Tensor) => tf.sum(tf.relu(tf.matMul(at, bt)));
    const bt = tf.tensor2d(b, [k, m]);
    return [tf.relu(tf.matMul(at, bt)), tf.grad(f)(bt)];
  });
  const [y, g] = [await yGot.data(), await gGot.data()];
  tf.dispose([yGot, gGot]);
  let worst = 0;
  const gRef = new Float64Array(k * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i * k + t] * b[t * m + j];
      worst = Math.max(worst, Math.abs(Math.max(s, 0) - y[i * m + j]));
      if (s > 0) { for (let t = 0; t < k; t++) gRef[t * m + j] += a[i * k + t]; }
    }
  }
  for (let i = 0; i < k * m; i++) worst = Math.max(worst, Math.abs(gRef[i] - g[i]));
  return worst <= 1e-4 ? null : `largest difference ${worst.toExponential(2)} > 1e-4`;
}

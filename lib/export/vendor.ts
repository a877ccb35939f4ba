// The TensorFlow.js files a web bundle carries, copied from Deno's npm cache (the versions
// deno.lock pins): tfjs-core and the CPU, WebGPU and WASM backends as browser scripts, and the
// WASM backend's binaries (plain and SIMD; the threaded one needs headers a plain server lacks).

import { createRequire } from "node:module";
import { DataError } from "../errors.ts";

/** Bundle path (under vendor/) → [npm package, file inside it]. */
const FILES: [string, string, string][] = [
  ["tf-core.min.js", "@tensorflow/tfjs-core", "dist/tf-core.min.js"],
  ["tf-backend-cpu.min.js", "@tensorflow/tfjs-backend-cpu", "dist/tf-backend-cpu.min.js"],
  ["tf-backend-webgpu.min.js", "@tensorflow/tfjs-backend-webgpu", "dist/tf-backend-webgpu.min.js"],
  ["tf-backend-wasm.min.js", "@tensorflow/tfjs-backend-wasm", "dist/tf-backend-wasm.min.js"],
  ["tfjs-backend-wasm.wasm", "@tensorflow/tfjs-backend-wasm", "dist/tfjs-backend-wasm.wasm"],
  [
    "tfjs-backend-wasm-simd.wasm",
    "@tensorflow/tfjs-backend-wasm",
    "dist/tfjs-backend-wasm-simd.wasm",
  ],
];

/** The scripts in the order a page loads them (core first). */
export const VENDOR_SCRIPTS: readonly string[] = FILES.map(([f]) => f).filter((f) =>
  f.endsWith(".js")
);

/**
 * The vendor/ files of a web bundle, read from the npm cache where `@tensorflow/tfjs` resolves;
 * a missing one is a DataError saying how to fetch it.
 */
export async function vendorFiles(): Promise<Map<string, Uint8Array>> {
  const from = new URL(import.meta.resolve("@tensorflow/tfjs"));
  const require = createRequire(from);
  const files = new Map<string, Uint8Array>();
  for (const [name, pkg, file] of FILES) {
    let path = "";
    try {
      path = require.resolve(`${pkg}/package.json`).replace(/package\.json$/, file);
      files.set(`vendor/${name}`, await Deno.readFile(path));
    } catch (e) {
      throw new DataError(
        `${path || pkg}: cannot read it from Deno's npm cache (${
          (e as Error).message.split("\n")[0]
        }); run \`deno install\` in this repository first`,
      );
    }
  }
  return files;
}

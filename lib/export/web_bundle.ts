// The files of a web bundle: model.json (the plan, scaling, threshold, column names) and
// weights.bin, the ES module and the demo page (lib/export/web/), the run's latent map
// (map.json), a few sample rows, and TensorFlow.js under vendor/.

import type { ExportPlan } from "./plan.ts";
import { VENDOR_SCRIPTS, vendorFiles } from "./vendor.ts";

/** What the bundle tells about its run besides the plan. */
export interface BundleInfo {
  /** The run folder's name. */
  run: string;
  /** Feature column names, or null (images, headerless tables). */
  names: string[] | null;
  /** score()'s threshold in scaled-unit MSE, or null. */
  threshold: number | null;
  /** Where the threshold came from (a detect folder), or null. */
  thresholdFrom: string | null;
  /** The run's latent codes and labels (first two coordinates drawn), or null. */
  map: { points: number[][]; labels: string[] } | null;
  /** The run's images' [height, width, channels] (its --image-shape too), or null. */
  imageShape: [number, number, number] | null;
  /** A few rows of the run's data, for the demo, or null. */
  sample: number[][] | null;
}

const ASSETS = ["autoencoder.js", "demo.js", "index.html"];
/** Points drawn on the demo's map at most. */
export const MAP_POINTS = 3000;

/** The model.json of a plan: the ops, the tensors' offsets into weights.bin, the facts. */
export function modelJson(plan: ExportPlan, info: BundleInfo): Record<string, unknown> {
  let offset = 0;
  const tensors = plan.tensors.map((t) => {
    const entry = { name: t.name, shape: t.shape, offset };
    offset += 4 * t.data.length;
    return entry;
  });
  return {
    format: "autoencoder-export",
    version: 1,
    run: info.run,
    kind: plan.kind,
    arch: plan.arch,
    columns: plan.columns,
    latent: plan.latent,
    names: info.names,
    imageShape: info.imageShape ?? plan.imageShape,
    threshold: info.threshold,
    thresholdFrom: info.thresholdFrom,
    weights: "weights.bin",
    plan: { ...plan, tensors },
  };
}

/** Every tensor's values back to back, little-endian float32, in the plan's order. */
export function weightsBin(plan: ExportPlan): Uint8Array {
  const out = new Float32Array(plan.tensors.reduce((s, t) => s + t.data.length, 0));
  let at = 0;
  for (const t of plan.tensors) {
    out.set(t.data, at);
    at += t.data.length;
  }
  return new Uint8Array(out.buffer);
}

/** All files of the bundle, by path inside it. */
export async function webFiles(
  plan: ExportPlan,
  info: BundleInfo,
): Promise<Map<string, Uint8Array | string>> {
  const files = new Map<string, Uint8Array | string>([
    ["model.json", JSON.stringify(modelJson(plan, info)) + "\n"],
    ["weights.bin", weightsBin(plan)],
  ]);
  for (const name of ASSETS) {
    let text = await Deno.readTextFile(new URL(`./web/${name}`, import.meta.url));
    if (name === "index.html") {
      const tags = VENDOR_SCRIPTS.map((s) => `<script src="vendor/${s}"></script>`);
      text = text.replace("<!-- vendor scripts -->", tags.join("\n    "));
    }
    files.set(name, text);
  }
  const map = info.map ? thinned(info.map) : null;
  files.set("map.json", JSON.stringify(map) + "\n");
  files.set("sample.json", JSON.stringify(info.sample) + "\n");
  for (const [path, bytes] of await vendorFiles()) files.set(path, bytes);
  return files;
}

/** At most MAP_POINTS evenly spaced points, each cut to its first two coordinates. */
function thinned(map: { points: number[][]; labels: string[] }) {
  const step = Math.max(1, map.points.length / MAP_POINTS);
  const keep = Array.from(
    { length: Math.min(MAP_POINTS, map.points.length) },
    (_, i) => Math.floor(i * step),
  );
  return {
    points: keep.map((i) => map.points[i].slice(0, 2).map((v) => Math.fround(v))),
    labels: keep.map((i) => map.labels[i]),
  };
}

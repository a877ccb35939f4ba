// `export` as one library call: a saved run's model as a web bundle (tfjs, WebGPU with WASM and
// CPU fallbacks, a demo page) or as ONNX graphs, written atomically to a folder marked by
// export.json (with its files' sha256), which is the only kind of folder an export replaces.

import { DataError } from "../errors.ts";
import { parseLatentCsv } from "../data/latent_csv.ts";
import { disposeModel } from "../model/autoencoder.ts";
import { type RunFiles, writeFolder } from "../run/folder.ts";
import { loadRun, type SavedRun } from "../run/saved_run.ts";
import { trainingRows } from "../run/score_rows.ts";
import { configOfRecord } from "../run/config_record.ts";
import { exportPlan } from "./plan.ts";
import { onnxModels } from "./onnx_graph.ts";
import { type BundleInfo, webFiles } from "./web_bundle.ts";

/** The formats `export` writes. */
export const EXPORT_FORMATS = ["web", "onnx"] as const;
/** One of EXPORT_FORMATS. */
export type ExportFormat = typeof EXPORT_FORMATS[number];

/** What was written. */
export interface ExportResult {
  /** The folder. */
  dir: string;
  /** Its files and their sizes in bytes, export.json left out. */
  sizes: Record<string, number>;
  /** Their total in bytes. */
  bytes: number;
}

/**
 * Exports the run at `runDir` to the folder `options.out`.
 * @param options.format "web" or "onnx".
 * @param options.out The folder to write (replaced only if an earlier export wrote it).
 * @param options.detect A detect folder whose threshold the web module's score() applies.
 * @default undefined (scores without decisions)
 */
export async function exportRun(
  runDir: string,
  options: { format: ExportFormat; out: string; detect?: string },
): Promise<ExportResult> {
  const run = await loadRun(runDir);
  try {
    const plan = await exportPlan(run.model, run.scaling);
    const name = runDir.replace(/\/+$/, "").split("/").at(-1)!;
    const files: RunFiles = new Map();
    if (options.format === "onnx") {
      const meta = { run: name, kind: plan.kind, arch: plan.arch };
      const { model, decoder } = onnxModels(plan, meta);
      files.set("model.onnx", model).set("decoder.onnx", decoder);
    } else {
      for (const [k, v] of await webFiles(plan, await bundleInfo(run, name, options.detect))) {
        files.set(k, v);
      }
    }
    const sizes = Object.fromEntries(
      [...files].map((
        [k, v],
      ) => [k, typeof v === "string" ? new TextEncoder().encode(v).length : v.length]),
    );
    const bytes = Object.values(sizes).reduce((a, b) => a + b, 0);
    const out = options.out.replace(/\/+$/, "");
    const cut = out.lastIndexOf("/");
    const [parent, folder] = cut < 0 ? [".", out] : [out.slice(0, cut) || "/", out.slice(cut + 1)];
    const summary = {
      kind: "export",
      format: options.format,
      run: runDir,
      model: { kind: plan.kind, arch: plan.arch, columns: plan.columns, latent: plan.latent },
      bytes,
    };
    const dir = await writeFolder(parent, folder, {
      marker: "export.json",
      files,
      index: (
        hashes,
      ) => ["export.json", JSON.stringify({ ...summary, files: hashes }, null, 2) + "\n"],
    });
    return { dir, sizes, bytes };
  } finally {
    disposeModel(run.model);
  }
}

/** The bundle's facts: column names, threshold, latent map, sample rows. */
async function bundleInfo(run: SavedRun, name: string, detect?: string): Promise<BundleInfo> {
  let threshold: number | null = null;
  if (detect !== undefined) {
    const path = `${detect.replace(/\/+$/, "")}/detect.json`;
    let summary: { kind?: string; run?: string; ours?: { threshold?: { value?: unknown } } };
    try {
      summary = JSON.parse(await Deno.readTextFile(path));
    } catch (e) {
      throw new DataError(`${path}: cannot read a detect summary (${(e as Error).message})`);
    }
    const value = summary?.ours?.threshold?.value;
    if (summary?.kind !== "detect" || typeof value !== "number" || !Number.isFinite(value)) {
      throw new DataError(`${path}: expected a detect.json with a finite ours.threshold.value`);
    }
    const same = await Promise.all([summary.run, run.dir].map((p) => Deno.realPath(String(p))))
      .then(([a, b]) => a === b, () => true); // a moved run folder: its name is not checked
    if (!same) throw new DataError(`${path}: scores the run ${summary.run}, not ${run.dir}`);
    threshold = value;
  }
  let map: BundleInfo["map"] = null;
  try {
    const text = await Deno.readTextFile(`${run.dir}/latent.csv`);
    const { latent, labels } = parseLatentCsv(text, `${run.dir}/latent.csv`);
    const points = Array.from(
      { length: latent.rows },
      (_, i) => Array.from(latent.data.subarray(i * latent.cols, (i + 1) * latent.cols)),
    );
    map = { points, labels };
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e; // sae runs draw no latent map
  }
  let sample: number[][] | null = null;
  let imageShape: number[] | null = run.model.imageShape ??
    configOfRecord(run.manifest.config, { source: `${run.dir}/run.json` }).imageShape;
  try {
    const data = await trainingRows(run);
    imageShape ??= data.imageShape ?? null;
    const d = data.columns;
    sample = Array.from(
      { length: Math.min(5, data.rows) },
      (_, i) => Array.from(data.x.subarray(i * d, (i + 1) * d)),
    );
  } catch (e) {
    if (!(e instanceof DataError)) throw e; // the data moved: a demo without samples
  }
  return {
    run: name,
    names: (run.scaling as { columns?: string[] }).columns ?? null,
    threshold,
    thresholdFrom: detect ?? null,
    imageShape: imageShape ? [imageShape[0], imageShape[1], imageShape[2] ?? 1] : null,
    map,
    sample,
  };
}

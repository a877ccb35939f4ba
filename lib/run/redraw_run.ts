// Redrawing a saved run (`deno task plot`): its figures rebuilt from its model/ and its own data
// file, checked unchanged by its sha256, on the backend it trained on (no training).

import { splitOrder } from "./split_rows.ts";
import { DataError } from "../errors.ts";
import { disposeModel } from "../model/autoencoder.ts";
import { selectBackend } from "../engine/backend.ts";
import { stepBlas } from "../engine/epochs.ts";
import { evaluate } from "../report/evaluate.ts";
import { loadConfiguredData } from "./train_run.ts";
import { configOfRecord } from "./config_record.ts";
import { evalSettings } from "./train_specs.ts";
import { pageFor } from "./run_page.ts";
import { loadModel, readManifest, type RunFiles } from "./folder.ts";
import { readScaling } from "./saved_run.ts";

/**
 * Rebuilds a saved run's figures from its model/ and its data file (no training).
 * @param options.onProgress called with each phase ("loading", "latent codes", … "report page")
 * and its fraction done, often; it may throw (Interrupted) to stop. @default undefined
 *
 * @example The figures come out byte for byte as the run wrote them
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import * as ae from "../mod.ts";
 * await ae.selectBackend("wasm");
 * const out = await Deno.makeTempDir();
 * const cfg = ae.trainConfigFromArgs(["--data", "data/wine.csv", "--hidden", "8", "--epochs", "2"]
 *   .concat(["--backend", "wasm", "--out", out]));
 * const trained = await ae.trainRun(ae.specsOf(cfg));
 * const run = await ae.loadRun(await ae.writeRunFolder(out, trained.name, trained));
 * const files = await ae.redrawRun(run.dir);
 * assertEquals(files.get("latent.csv"), await Deno.readTextFile(`${run.dir}/latent.csv`));
 * ae.disposeModel(run.model);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function redrawRun(
  dir: string,
  options: { onProgress?: (phase: string, fraction: number) => void } = {},
): Promise<RunFiles> {
  const manifest = await readManifest(dir);
  const cfg = configOfRecord(manifest.config, { source: `${dir}/run.json` });
  const onLoad = (p: { bytes: number; totalBytes: number }) =>
    options.onProgress?.("loading", p.totalBytes ? p.bytes / p.totalBytes : 0);
  const { data, sha256: now } = await loadConfiguredData(cfg, { onLoad }).catch((e) => {
    throw e instanceof DataError
      ? new DataError((f) => `${e.say(f)} (the data of ${dir}/run.json)`)
      : e;
  });
  if (manifest.data.sha256 && now !== manifest.data.sha256) {
    throw new DataError(
      `${cfg.data}: changed since the run was trained (sha256 differs from ${dir}/run.json)`,
    );
  }
  // The same backend as training where it is a CPU one, so latent.csv comes out identical.
  await selectBackend(
    manifest.backend === "cpu" || manifest.backend === "wasm" ? manifest.backend : "auto",
  );
  const scaling = await readScaling(`${dir}/model/scaling.json`, data.columns);
  const model = await loadModel(`${dir}/model`);
  try {
    if (model.features[0] !== data.columns) {
      throw new DataError(
        `${dir}/model: expects ${model.features[0]} columns, ${cfg.data} has ${data.columns}`,
      );
    }
    const keptEpoch = manifest.training?.best_epoch as number | null | undefined;
    const stoppedEarly = manifest.training?.stopped_early === true;
    // A run whose fused step multiplied by OpenBLAS was evaluated by it too (see evaluate()).
    const trainRows = Number(manifest.training?.train_rows ?? data.rows);
    const blas = manifest.engine === "fused" && manifest.backend === "wasm"
      ? stepBlas(model, {
        blas: cfg.blas,
        library: cfg.blasLibrary,
        batchSize: cfg.batchSize,
        rows: trainRows,
      })
      : undefined;
    const ev = await evaluate(model, data, {
      ...evalSettings(cfg),
      blas,
      epochs: manifest.epochs,
      scaling,
      keptEpoch,
      onProgress: options.onProgress,
      stoppedEarly,
      ...(cfg.valSplit ? { split: splitOrder(data.rows, { ...cfg, source: cfg.data }) } : {}),
    });
    const { files: _, ...rest } = manifest;
    options.onProgress?.("report page", 0);
    ev.files.set(
      "index.html",
      await pageFor(model, { name: String(cfg.name), manifest: rest, data, ev, scaling }),
    );
    return ev.files;
  } finally {
    disposeModel(model);
  }
}

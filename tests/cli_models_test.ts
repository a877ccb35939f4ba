// `train --model vae|dae|sae` end to end: each model's own figures and metrics, the same bytes
// for the same seed, and `plot` redrawing them byte for byte.

import { assert, assertEquals, assertGreaterOrEqual, assertLessOrEqual } from "@std/assert";
import { decode } from "fast-png";
import { cli, trainTiny, xml } from "./cli.ts";
import { sha } from "./_cli_files.ts";
import { tempDir } from "./temp.ts";

const VARIANT_FILES: Record<string, string[]> = {
  vae: [
    "generated.png",
    "index.html",
    "latent.csv",
    "latent.svg",
    "loss.svg",
    "manifold.png",
    "reconstructions.png",
    "samples.png",
  ],
  dae: [
    "denoising.png",
    "index.html",
    "latent.csv",
    "latent.svg",
    "loss.svg",
    "reconstructions.png",
    "samples.png",
  ],
  sae: [
    "activation_frequency.svg",
    "features.png",
    "index.html",
    "loss.svg",
    "reconstructions.png",
    "samples.png",
  ],
};
const VARIANT_METRICS: Record<string, string[]> = {
  vae: ["elbo", "kl", "pca_mse", "reconstruction_mse"],
  dae: ["denoised_mse", "noisy_mse", "pca_mse", "reconstruction_mse"],
  sae: ["dead_fraction", "explained_variance", "l0", "pca_mse", "reconstruction_mse"],
};
for (const kind of ["vae", "dae", "sae"]) {
  Deno.test(`train --model ${kind}: its figures and metrics, deterministic, redrawn by plot`, async () => {
    const args = ["--model", kind, "--name", "r", ...(kind === "sae" ? ["--topk", "4"] : [])];
    await using tmp = await tempDir();
    const [a, b] = [`${tmp.path}/a`, `${tmp.path}/b`];
    for (const out of [a, b]) await trainTiny(out, ...args);
    const m = JSON.parse(await Deno.readTextFile(`${a}/r/run.json`));
    assertEquals(m.config.model, kind);
    const figures = Object.keys(m.files).filter((f) => !f.startsWith("model/")).sort();
    assertEquals(figures, VARIANT_FILES[kind]);
    assertEquals(Object.keys(m.metrics).sort(), VARIANT_METRICS[kind]);
    for (const [k, v] of Object.entries(m.metrics)) assert(Number.isFinite(v), `${k} = ${v}`);
    if (kind === "vae") {
      assertEquals(Object.keys(m.epochs[0]).sort(), ["epoch", "kl", "loss", "recon"]);
    }
    if (kind === "sae") assertLessOrEqual(m.metrics.l0, 4, "l0 with --topk 4");
    for (const f of figures) {
      if (f.endsWith(".png")) {
        const img = decode(await Deno.readFile(`${a}/r/${f}`));
        assertGreaterOrEqual(img.width, 200, `${f} width`);
        assertGreaterOrEqual(img.height, 150, `${f} height`);
      }
      if (f.endsWith(".svg")) {
        xml.parseFromString(await Deno.readTextFile(`${a}/r/${f}`), "image/svg+xml");
      }
    }
    // Same seed → the same bytes, run.json apart from timing and the output folder.
    const mb = JSON.parse(await Deno.readTextFile(`${b}/r/run.json`));
    assertEquals(mb.files, m.files);
    assertEquals(mb.epochs, m.epochs);
    for (const f of figures) await Deno.remove(`${a}/r/${f}`);
    const p = await cli("plot", "--run", `${a}/r`);
    assertEquals(p.code, 0, p.stderr);
    for (const f of figures) assertEquals(await sha(`${a}/r/${f}`), m.files[f], f);
  });
}

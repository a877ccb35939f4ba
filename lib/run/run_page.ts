// A run's report page: index.html from its model, data and evaluation; a vae with a 2-D latent
// on images also gets its decoder, so a click on empty latent space draws that point.

import type { Dataset } from "../data/load.ts";
import type { Scaling } from "../data/scale.ts";
import { type Autoencoder, modelValues } from "../model/autoencoder.ts";
import { runPage } from "../report/page.ts";
import type { RunFiles } from "./folder.ts";
import { member } from "../model/family.ts";

/** index.html for a run; a vae with a 2-D latent on images gets click-to-decode. */
export async function pageFor(
  model: Autoencoder,
  options: {
    name: string;
    manifest: Record<string, unknown>;
    data: Dataset;
    ev: { files: RunFiles; latent: Float32Array; reconstruction: Float32Array };
    /** The scaling the model trained under; the page maps its decoded points back through it. */
    scaling: Scaling;
  },
): Promise<string> {
  const { data, ev, scaling } = options;
  // The page decodes with dense layers, and maps back one scale and offset for all pixels.
  const generative = member(model.kind).figures.includes("manifold.png") &&
    model.features.at(-1) === 2 &&
    data.imageShape !== null && model.arch === "mlp" &&
    (scaling.kind === "none" || scaling.kind === "range");
  const values = generative ? (await modelValues(model)).slice(model.encoder.length) : [];
  return runPage({
    title: options.name,
    manifest: options.manifest,
    figures: ev.files,
    data,
    latent: ev.latent,
    reconstruction: ev.reconstruction,
    decoder: generative
      ? values.map(({ w, b }, i) => ({
        w,
        b,
        relu: model.decoder[i].relu,
        fin: w.length / b.length,
        fout: b.length,
      }))
      : undefined,
    outScale: generative ? model.inputScale * scaling.scale[0] : undefined,
    outOffset: generative ? scaling.offset[0] : undefined,
  });
}

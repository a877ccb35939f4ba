// What a run page is drawn from (its data, latent codes, reconstructions, decoder), shared by
// the page (page.ts) and its latent explorer (page_client.ts).

import type { Dataset } from "../data/load.ts";

/** The training data as the page needs it (a lib/data/load.ts Dataset is one). */
export type PageData = Pick<
  Dataset,
  "x" | "rows" | "columns" | "labels" | "classes" | "imageShape" | "featureNames" | "channels"
>;

/** One dense layer of the decoder: out = in · w + b, then ReLU where `relu`. */
export interface DecoderLayer {
  /** Weights, input-major. // [fin, fout] */
  w: ArrayLike<number>;
  /** Bias. // [fout] */
  b: ArrayLike<number>;
  /** Whether a ReLU follows. */
  relu: boolean;
  /** Inputs. */
  fin: number;
  /** Outputs. */
  fout: number;
}

/** What the page shows. */
export interface PageInput {
  /** Page heading, e.g. the run name. */
  title: string;
  /** run.json's content: config, metrics, backend, adapter, data, versions … */
  manifest: Record<string, unknown>;
  /** Run files: *.png are inlined as data URIs, *.svg as markup, other files skipped. */
  figures: Map<string, Uint8Array | string>;
  /** The data in its own units. */
  data: PageData;
  /** Latent codes; the explorer plots z1 against z2 (k = 1: against the row). // [rows, k] */
  latent: Float32Array;
  /** Reconstructions in the data's units, or null. // [rows, columns] */
  reconstruction: Float32Array | null;
  /** Decoder layers: a click on empty latent space (k ≤ 2) decodes that point in the page. */
  decoder?: DecoderLayer[];
  /** With `decoder`: its outputs are Bernoulli logits, shown as sigmoid(logit) × outScale + outOffset. */
  outScale?: number;
  /** With `decoder`: added to each decoded value (the data's offset under range scaling). @default 0 */
  outOffset?: number;
}

/** Options of {@link runPage}. */
export interface PageOptions {
  /** Most rows the explorer embeds; larger data keeps every n-th row (default 5000). */
  maxPoints?: number;
}

/** Latent values per row (k): latent.length / rows, at least 1. */
export function latentSize(input: Pick<PageInput, "latent" | "data">): number {
  return Math.max(1, Math.round(input.latent.length / Math.max(1, input.data.rows)));
}

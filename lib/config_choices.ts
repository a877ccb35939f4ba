// The closed sets a training configuration chooses from: family members, scalings, output
// activations, engines and backends (lib/config.ts re-exports them with the config).

/**
 * The autoencoder family: plain, variational, denoising, sparse, parametric UMAP.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { MODEL_KINDS } from "./mod.ts";
 * assertEquals([...MODEL_KINDS], ["ae", "vae", "dae", "sae", "pumap"]);
 * ```
 */
export const MODEL_KINDS = ["ae", "vae", "dae", "sae", "pumap"] as const;
/** One member of the autoencoder family. */
export type ModelKind = typeof MODEL_KINDS[number];

/**
 * How columns are scaled before training.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { SCALINGS } from "./mod.ts";
 * assertEquals([...SCALINGS], ["none", "minmax", "standard", "range"]);
 * ```
 */
export const SCALINGS = ["none", "minmax", "standard", "range"] as const;
/** A `--scale` value (besides `auto`). */
export type ScaleKind = typeof SCALINGS[number];

/**
 * Output activations of ae/dae: `relu` (the notebook), `linear` or `sigmoid`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { OUTPUT_ACTIVATIONS } from "./mod.ts";
 * assertEquals(OUTPUT_ACTIVATIONS[0], "relu");
 * ```
 */
export const OUTPUT_ACTIVATIONS = ["relu", "linear", "sigmoid"] as const;
/** An `--output` value (besides `auto`). */
export type OutputActivation = typeof OUTPUT_ACTIVATIONS[number];

/**
 * Training engines: the fused step, tfjs ops (graph), or the best that runs (auto).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { ENGINES } from "./mod.ts";
 * assertEquals([...ENGINES], ["auto", "fused", "graph"]);
 * ```
 */
export const ENGINES = ["auto", "fused", "graph"] as const;
/** An `--engine` value. */
export type EngineName = typeof ENGINES[number];

/**
 * Backends a run may ask for; `auto` picks WebGPU on real hardware, else WASM.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { BACKENDS } from "./mod.ts";
 * assertEquals([...BACKENDS], ["auto", "webgpu", "wasm", "cpu"]);
 * ```
 */
export const BACKENDS = ["auto", "webgpu", "wasm", "cpu"] as const;
/** A backend name accepted by `--backend`. */
export type BackendName = typeof BACKENDS[number];

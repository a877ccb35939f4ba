// Which engine a run trains with: the fused step (lib/engine/fused/, kernels in Wasm SIMD or
// WGSL, a few big calls per layer) where it covers the model and backend, else tfjs ops with
// autodiff (the graph engine), with the reason run.json records.

import { ConfigError, type NameOf } from "../../errors.ts";
import type { Autoencoder } from "../../model/autoencoder.ts";
import { kindsWhere, member } from "../../model/family.ts";
import { type EngineName, ENGINES } from "../../config.ts";

export { type EngineName, ENGINES };

/** The engine a run trains with, and why. */
export interface EngineChoice {
  /** fused (the hand-written step) or graph (tfjs ops and autodiff). */
  engine: "fused" | "graph";
  /** One phrase on why, as run.json's engine_reason records it. */
  reason: string;
}

/**
 * Picks the engine for `model` on the active tfjs backend (`tooBig`: why the run does not
 * fit the device; `unchecked`: how the fused WebGPU step failed its self-check); asking for
 * `fused` where it cannot run is a ConfigError naming the field `engine`.
 */
export function chooseEngine(
  model: Autoencoder,
  options: { engine?: EngineName; backend: string; tooBig?: string; unchecked?: string },
): EngineChoice {
  const whyNot = (n: NameOf): string | null =>
    model.arch === "conv" && !member(model.kind).fused.conv
      ? `${n("arch")} conv: the fused conv step covers ${
        kindsWhere((m) => m.conv && m.fused.conv, "and")
      }, not ${n("model")} ${model.kind}`
      : !member(model.kind).fused.wasm && !member(model.kind).fused.webgpu
      ? `${n("model")} ${model.kind} has no fused step`
      : !member(model.kind).fused.webgpu && options.backend === "webgpu"
      ? `${n("model")} ${model.kind} has no fused WebGPU step`
      : model.output === "sigmoid" && member(model.kind).ownOutput === null
      ? `${n("output")} sigmoid has no fused step (its kernels end in ReLU or nothing)`
      : options.backend === "cpu"
      ? "the cpu backend is the plain reference; the fused step runs on wasm and webgpu"
      : options.unchecked
      ? `the fused WebGPU step failed its self-check (${options.unchecked})`
      : options.tooBig ?? null;
  const why = whyNot((f) => `--${f}`); // the recorded reason keeps the command line's wording
  const engine = options.engine ?? "auto";
  if (engine === "graph") return { engine, reason: "--engine graph: tfjs ops with autodiff" };
  if (why === null) {
    const kernels = options.backend === "webgpu" ? "WGSL kernels" : "Wasm SIMD kernels";
    return { engine: "fused", reason: `${kernels} (lib/engine/fused/kernels/)` };
  }
  if (engine === "fused") {
    throw new ConfigError("engine", (n) => `${n("engine")} fused cannot run: ${whyNot(n)}`, {
      value: engine,
    });
  }
  return { engine: "graph", reason: `tfjs ops with autodiff: ${why}` };
}

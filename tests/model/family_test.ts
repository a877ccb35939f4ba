import * as tf from "@tensorflow/tfjs";
import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import { MODEL_KINDS, SCALINGS } from "../../lib/config.ts";
import { floatDataset, headRows, loadDataset } from "../../lib/data/load.ts";
import { selectBackend } from "../../lib/engine/backend.ts";
import { createWasmTrainer } from "../../lib/engine/fused/wasm.ts";
import { variantOutputs } from "../../lib/eval/variants.ts";
import { createAutoencoder, disposeModel } from "../../lib/model/autoencoder.ts";
import { FAMILY, kindsWhere, type Member, member } from "../../lib/model/family.ts";
import { normals } from "../../lib/model/noise.ts";
import { objective } from "../../lib/model/objectives.ts";
import { evaluate } from "../../lib/report/evaluate.ts";

await selectBackend("wasm");
/** 40 digits as 8×8 images (as `deno task train` reads them: its image figures need the shape). */
const digits = {
  ...headRows(floatDataset(await loadDataset("data/digits.csv")), 40),
  imageShape: [8, 8] as [number, number],
};

/** A small model of `m`'s kind on the 64 digit columns. */
function small(m: Member) {
  const features = m.widths === "width" ? [64, 32] : [64, 16, 2];
  return createAutoencoder(features, {
    seed: 3,
    kind: m.kind,
    topk: m.widths === "width" ? 4 : 0,
    inputScale: m.bernoulliScale ? 16 : 1,
    output: m.ownOutput ?? "linear",
  });
}

Deno.test("FAMILY holds one member per MODEL_KINDS name, under its own name", () => {
  assertEquals(Object.keys(FAMILY).sort(), [...MODEL_KINDS].sort());
  for (const kind of MODEL_KINDS) assertEquals(member(kind).kind, kind);
  const e = assertThrows(() => member("xae"), RangeError);
  assertMatch(e.message, /ae\|vae\|dae\|sae\|pumap, got 'xae'/);
  assertThrows(() => member("toString"), RangeError); // not an inherited property
  assertEquals(kindsWhere((m) => m.latentSpace), "ae, vae, dae or pumap");
  assertEquals(kindsWhere((m) => m.ownOutput === null, "and"), "ae, dae and pumap");
});

Deno.test("member fields agree with each other", () => {
  for (const m of Object.values(FAMILY)) {
    const at = `${m.kind}: `;
    for (const data of ["table", "image"] as const) {
      assert(SCALINGS.includes(m.defaults(data).scale), at + data);
    }
    // Only a member whose output --output chooses can check data against it.
    assert(!m.checksOutputRange || m.ownOutput === null, at + "checksOutputRange");
    assert(!m.bernoulliScale || m.ownOutput === "sigmoid", at + "bernoulliScale");
    // One wide layer: no latent space, no latent size for PCA, no conv.
    const wide = m.widths === "width";
    assertEquals([!m.latentSpace, m.pcaComponents === "active codes"], [wide, wide]);
    assert(!wide || !m.conv, at + "conv"); // pumap: dense only too (its graph step is tfjs ops)
    assertEquals(m.logsTerms, m.lossTerms.length > 1, at + "logsTerms");
    assertEquals(m.metrics.length > 0, m.evaluation !== null, at + "metrics");
    for (const f of m.figures) assertMatch(f, /^[a-z_]+\.(png|svg)$/);
    assert(m.lossCurve.series[0][1] === "loss", at + "the curve starts with the loss");
    for (const [, key] of m.lossCurve.series.slice(1)) assert(m.lossTerms.includes(key), at + key);
  }
});

Deno.test("lossTerms are the objective's terms and the fused Wasm step's", async () => {
  const x = tf.tensor2d(digits.x.subarray(0, 10 * 64), [10, 64]);
  for (const m of Object.values(FAMILY)) {
    const model = small(m);
    const eps = m.draws === "eps"
      ? { eps: tf.tensor2d(normals(10, 2, { seed: 1, epoch: 0, step: 0 }), [10, 2]) }
      : {};
    const edges = m.neighbourGraph
      ? { tails: tf.reverse(x, 0) as tf.Tensor2D, negatives: tf.tensor1d([1, 2, 0], "int32") }
      : {};
    const o = objective(model, { x, ...eps, ...edges }, { l1: 0.1, curve: { a: 1, b: 1 } });
    assertEquals(Object.keys(o.terms), [...m.lossTerms], m.kind);
    tf.dispose([o.loss, ...Object.values(o.terms), ...Object.values(eps), ...Object.values(edges)]);
    // Every member has a fused Wasm step; pumap's trains on edges (fused_edge_epochs.ts, tested
    // in tests/engine/fused/pumap_fused_test.ts), not on createWasmTrainer's rows.
    assert(m.fused.wasm, m.kind);
    if (m.neighbourGraph) {
      disposeModel(model);
      continue;
    }
    const trainer = await createWasmTrainer(model, digits, { batchSize: 10, threads: 1 });
    assertEquals(trainer.terms, [...m.lossTerms], m.kind);
    const sums = await trainer.epoch(Int32Array.from({ length: 10 }, (_, i) => i), {
      batchSize: 10,
      lrAt: () => 1e-3,
      epsAt: m.draws === "eps"
        ? (step, n) => normals(n, 2, { seed: 1, epoch: 0, step })
        : undefined,
      l1: 0.1,
    });
    assertEquals(sums.length, m.lossTerms.length + 1, m.kind);
    assert(sums.every(Number.isFinite), `${m.kind}: ${sums}`);
    trainer.dispose();
    disposeModel(model);
  }
  x.dispose();
});

Deno.test("evaluation adds each member's metrics and figures (and latent.csv where it has one)", async () => {
  for (const m of Object.values(FAMILY)) {
    const model = small(m);
    const variant = await variantOutputs(model, digits, {
      seed: 1,
      noise: { kind: "gaussian", amount: 2 },
    });
    assertEquals(Object.keys(variant.metrics), [...m.metrics], m.kind);
    const ev = await evaluate(model, digits, {
      seed: 1,
      noise: { kind: "gaussian", amount: 2 },
      epochs: [{ epoch: 1, loss: 1, ...Object.fromEntries(m.lossTerms.map((t) => [t, 1])) }],
    });
    for (const f of m.figures) assert(ev.files.has(f), `${m.kind}: ${f} missing`);
    assertEquals(ev.files.has("latent.csv"), m.latentSpace, m.kind);
    disposeModel(model);
  }
});

/** A comparison of anything with a model kind's name, e.g. `kind === "vae"` or `"sae" !== k`. */
const KIND_TEST =
  /[!=]==\s*["'](?:ae|vae|dae|sae|pumap)["']|["'](?:ae|vae|dae|sae|pumap)["']\s*[!=]==|case\s+["'](?:ae|vae|dae|sae|pumap)["']/;

/** Every .ts file under `dir`. */
async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...await tsFiles(path));
    else if (e.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

Deno.test("no code outside lib/model/ compares a model kind with a name: it reads the member", async () => {
  assert(KIND_TEST.test(`if (model.kind === "vae") {`) && KIND_TEST.test(`"sae" !== cfg.model`));
  assert(!KIND_TEST.test(`scaling.kind === "none"`) && !KIND_TEST.test(`x === "aes"`));
  const wrong: string[] = [];
  for (const f of [...await tsFiles("lib"), ...await tsFiles("tasks")]) {
    if (f.startsWith("lib/model/")) continue;
    (await Deno.readTextFile(f)).split("\n").forEach((line, i) => {
      if (KIND_TEST.test(line)) wrong.push(`${f}:${i + 1}: ${line.trim()}`);
    });
  }
  assertEquals(wrong, []);
});

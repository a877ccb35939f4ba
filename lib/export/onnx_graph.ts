// An export plan as ONNX graphs (opset 17): model.onnx takes rows in the data's units and
// gives their codes, reconstructions (data units) and scores (mean squared error in the scaled
// units, as `detect`); decoder.onnx turns codes into rows. The scaling is folded in as nodes.

import { DATA_TYPE, encodeModel } from "./onnx_proto.ts";
import { Graph } from "./onnx_nodes.ts";
import type { ExportPlan } from "./plan_types.ts";

/** The opset the graphs use. */
export const OPSET = 17;
const value = (name: string, dims: (number | string)[]) => ({
  name,
  type: {
    tensorType: {
      elemType: DATA_TYPE.FLOAT,
      shape: { dim: dims.map((d) => typeof d === "string" ? { dimParam: d } : { dimValue: d }) },
    },
  },
});

function model(graph: Record<string, unknown>, doc: string, meta: Record<string, string>) {
  return encodeModel({
    irVersion: 8,
    producerName: "autoencoders-webgpu",
    producerVersion: "1",
    docString: doc,
    opsetImport: [{ domain: "", version: OPSET }],
    metadataProps: Object.entries(meta).map(([key, value]) => ({ key, value })),
    graph,
  });
}

/**
 * model.onnx (x [n, columns] in the data's units → code [n, latent], reconstruction [n, columns],
 * score [n]) and decoder.onnx (code → reconstruction), as bytes.
 */
export function onnxModels(
  plan: ExportPlan,
  meta: Record<string, string> = {},
): { model: Uint8Array; decoder: Uint8Array } {
  const d = plan.columns, k = plan.latent;
  const full = new Graph(plan);
  const offset = full.tensor(plan.offset), scale = full.tensor(plan.scale);
  const xs = full.node("Div", [full.node("Sub", ["x", offset]), scale]);
  const code = full.ops(plan.encoder, xs);
  const ys = full.ops(plan.decoder, code);
  const diff = full.node("Sub", [xs, ys]);
  const score = full.node("ReduceMean", [full.node("Mul", [diff, diff])], {
    axes: [1],
    keepdims: 0,
  });
  const recon = full.node("Add", [full.node("Mul", [ys, scale]), offset]);
  for (const [from, to] of [[code, "code"], [recon, "reconstruction"], [score, "score"]]) {
    full.nodes.push({ opType: "Identity", input: [from], output: [to], name: `out_${to}` });
  }
  const dec = new Graph(plan);
  const y = dec.ops(plan.decoder, "code");
  const decOut = dec.node("Add", [
    dec.node("Mul", [y, dec.tensor(plan.scale)]),
    dec.tensor(plan.offset),
  ]);
  dec.nodes.push({ opType: "Identity", input: [decOut], output: ["reconstruction"], name: "out" });
  return {
    model: model(
      {
        name: "autoencoder",
        node: full.nodes,
        initializer: full.initializers,
        input: [value("x", ["n", d])],
        output: [value("code", ["n", k]), value("reconstruction", ["n", d]), value("score", ["n"])],
      },
      "rows in the data's units → codes, reconstructions, scores (scaled-unit MSE)",
      meta,
    ),
    decoder: model(
      {
        name: "decoder",
        node: dec.nodes,
        initializer: dec.initializers,
        input: [value("code", ["n", k])],
        output: [value("reconstruction", ["n", d])],
      },
      "codes → reconstructions in the data's units",
      meta,
    ),
  };
}

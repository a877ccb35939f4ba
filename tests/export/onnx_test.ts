// ONNX export checked by onnxruntime (the npm package onnxruntime-web, its WASM build, under
// Deno): model.onnx reproduces lib's codes, reconstructions and scores to 1e-5 for the ae, vae,
// top-k sae and both conv models, and decoder.onnx turns lib's codes into its reconstructions.
// The bytes decode as an onnx.ModelProto of opset 17 with the expected operators.

import { assertEquals, assertLess } from "@std/assert";
import * as ort from "onnxruntime-web";
import { exportRun } from "../../lib/export/export_run.ts";
import { decodeModel } from "../../lib/export/onnx_proto.ts";
import { relayout } from "../../lib/export/plan.ts";
import { tempDir } from "../temp.ts";
import { maxDiff, report, trainedRuns } from "./fixtures.ts";

ort.env.wasm.numThreads = 1;
ort.env.logLevel = "error";
const refs = await trainedRuns(["ae", "vae", "sae", "conv", "conv-vae"]);

for (const [name, ref] of Object.entries(refs)) {
  Deno.test(`onnx: ${name} run by onnxruntime gives lib's numbers to 1e-5`, async () => {
    await using tmp = await tempDir();
    const { dir } = await exportRun(ref.dir, { format: "onnx", out: `${tmp.path}/onnx` });
    const n = ref.rows.length, d = ref.rows[0].length, k = ref.codes.length / n;
    const x = new ort.Tensor("float32", Float32Array.from(ref.rows.flat()), [n, d]);
    const session = await ort.InferenceSession.create(await Deno.readFile(`${dir}/model.onnx`));
    const out = await session.run({ x });
    assertEquals(out.code.dims, [n, k]);
    assertEquals(out.reconstruction.dims, [n, d]);
    assertEquals(out.score.dims, [n]);
    const decoder = await ort.InferenceSession.create(await Deno.readFile(`${dir}/decoder.onnx`));
    const decoded = await decoder.run({ code: new ort.Tensor("float32", ref.codes, [n, k]) });
    const diffs = {
      codes: maxDiff(out.code.data as Float32Array, ref.codes),
      reconstructions: maxDiff(out.reconstruction.data as Float32Array, ref.reconstruction),
      scores: maxDiff(out.score.data as Float32Array, ref.scores),
      "decoder(codes)": maxDiff(decoded.reconstruction.data as Float32Array, ref.reconstruction),
    };
    console.log(`${name}: largest differences ${report(diffs)}`);
    for (const [what, diff] of Object.entries(diffs)) assertLess(diff, 1e-5, what);
    await session.release();
    await decoder.release();
  });
}

Deno.test("onnx: the file is an onnx.ModelProto of opset 17 with the expected graph", async () => {
  await using tmp = await tempDir();
  const ops = async (run: string) => {
    const { dir } = await exportRun(run, { format: "onnx", out: `${tmp.path}/o` });
    const m = decodeModel(await Deno.readFile(`${dir}/model.onnx`)) as {
      irVersion: number;
      opsetImport: { version: number }[];
      graph: { node: { opType: string }[]; input: { name: string }[]; output: { name: string }[] };
    };
    assertEquals([m.irVersion, m.opsetImport[0].version], [8, 17]);
    assertEquals(m.graph.input.map((v) => v.name), ["x"]);
    assertEquals(m.graph.output.map((v) => v.name), ["code", "reconstruction", "score"]);
    return new Set(m.graph.node.map((n) => n.opType));
  };
  const vae = await ops(refs.vae.dir);
  for (const op of ["Sub", "Div", "Gemm", "Relu", "Slice", "Sigmoid", "Mul", "ReduceMean"]) {
    assertEquals(vae.has(op), true, op);
  }
  const conv = await ops(refs.conv.dir);
  for (const op of ["Conv", "ConvTranspose", "Transpose", "Reshape"]) {
    assertEquals(conv.has(op), true, op);
  }
  const sae = await ops(refs.sae.dir);
  for (const op of ["TopK", "GreaterOrEqual", "Cast"]) assertEquals(sae.has(op), true, op);
});

Deno.test("relayout() permutes a tensor's axes", () => {
  const x = Float32Array.from({ length: 6 }, (_, i) => i); // [2, 3]
  assertEquals(Array.from(relayout(x, [2, 3], [1, 0])), [0, 3, 1, 4, 2, 5]);
  const y = Float32Array.from({ length: 24 }, (_, i) => i); // [2, 3, 4] → [4, 2, 3]
  const z = relayout(y, [2, 3, 4], [2, 0, 1]);
  assertEquals([z[0], z[1], z[6], z[23]], [0, 4, 1, 23]);
});

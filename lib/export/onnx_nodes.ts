// One ONNX graph under construction: nodes with fresh value names, initializers from the export
// plan's tensors, and each plan op as ONNX operators (Gemm, Slice, TopK, Conv, ConvTranspose …).

import { ATTRIBUTE_TYPE, DATA_TYPE } from "./onnx_proto.ts";
import type { ExportPlan, PlanOp } from "./plan_types.ts";

type Attr = Record<string, number | number[]>;

/** Nodes and initializers of one graph, with fresh value names. */
export class Graph {
  nodes: Record<string, unknown>[] = [];
  initializers: Record<string, unknown>[] = [];
  #names = new Set<string>();
  #count = 0;

  constructor(private plan: ExportPlan) {}

  /** Adds a node; returns its first output's name (more with `outputs`). */
  node(opType: string, input: string[], attrs: Attr = {}, outputs = 1): string {
    const output = Array.from({ length: outputs }, () => `t${this.#count++}`);
    const attribute = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v)
        ? { name, ints: v, type: ATTRIBUTE_TYPE.INTS }
        : Number.isInteger(v)
        ? { name, i: v, type: ATTRIBUTE_TYPE.INT }
        : { name, f: v, type: ATTRIBUTE_TYPE.FLOAT }
    );
    this.nodes.push({ opType, input, output, name: `${opType}_${this.nodes.length}`, attribute });
    return output[0];
  }

  /** The plan's tensor `name` as an initializer (added once). */
  tensor(name: string): string {
    if (this.#names.has(name)) return name;
    const t = this.plan.tensors.find((t) => t.name === name);
    if (!t) throw new Error(`export plan names a missing tensor '${name}'`);
    return this.constant(name, t.shape, t.data);
  }

  /** A constant initializer: float32 or, for `int64`, 64-bit integers. */
  constant(name: string, dims: number[], data: ArrayLike<number>, int64 = false): string {
    const raw = int64
      ? new Uint8Array(BigInt64Array.from(Array.from(data, BigInt)).buffer)
      : new Uint8Array(Float32Array.from(data).buffer);
    const dataType = int64 ? DATA_TYPE.INT64 : DATA_TYPE.FLOAT;
    this.initializers.push({ name, dims, dataType, rawData: raw });
    this.#names.add(name);
    return name;
  }

  ints(values: number[]): string {
    return this.constant(`c${this.#count++}`, [values.length], values, true);
  }

  /** Applies the plan's ops to value `x`; returns the result's name. */
  ops(ops: PlanOp[], x: string): string {
    for (const op of ops) x = this.#op(op, x);
    return x;
  }

  #op(op: PlanOp, x: string): string {
    switch (op.op) {
      case "dense":
        return this.node("Gemm", [x, this.tensor(op.w), this.tensor(op.b)]);
      case "relu":
        return this.node("Relu", [x]);
      case "sigmoid":
        return this.node("Sigmoid", [x]);
      case "columns":
        return this.node("Slice", [
          x,
          this.ints([op.start]),
          this.ints([op.start + op.count]),
          this.ints([1]),
        ]);
      case "mul":
        return this.node("Mul", [x, this.constant(`c${this.#count++}`, [1], [op.by])]);
      case "sub":
        return this.node("Sub", [x, this.tensor(op.value)]);
      case "topk": {
        const values = this.node("TopK", [x, this.ints([op.k])], { axis: 1 }, 2);
        const kth = this.node("Slice", [
          values,
          this.ints([op.k - 1]),
          this.ints([op.k]),
          this.ints([1]),
        ]);
        const mask = this.node("Cast", [this.node("GreaterOrEqual", [x, kth])], {
          to: DATA_TYPE.FLOAT,
        });
        return this.node("Mul", [x, mask]);
      }
      case "conv":
      case "deconv": {
        const [h, w, c] = op.image;
        const image = this.node(
          "Transpose",
          [this.node("Reshape", [x, this.ints([-1, h, w, c])])],
          {
            perm: [0, 3, 1, 2],
          },
        );
        const attrs: Attr = { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] };
        if (op.op === "deconv") attrs.output_padding = [1, 1];
        const y = this.node(op.op === "conv" ? "Conv" : "ConvTranspose", [
          image,
          this.tensor(op.w),
          this.tensor(op.b),
        ], attrs);
        const back = this.node("Transpose", [y], { perm: [0, 2, 3, 1] });
        const cout = this.plan.tensors.find((t) => t.name === op.b)!.shape[0];
        const size = op.op === "conv" ? (h / 2) * (w / 2) * cout : 4 * h * w * cout;
        return this.node("Reshape", [back, this.ints([-1, size])]);
      }
    }
  }
}

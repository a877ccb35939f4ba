import * as tf from "@tensorflow/tfjs";
import { assertAlmostEquals, assertThrows } from "@std/assert";
import { selectBackend } from "../../lib/engine/backend.ts";
import { umapCrossEntropy } from "../../lib/model/umap_loss.ts";
import { fitUmapCurve } from "../../lib/model/umap_curve.ts";

await selectBackend("wasm");

Deno.test("fitUmapCurve matches umap-learn's find_ab_params", () => {
  // find_ab_params(spread 1, min_dist 0.1) is scipy's curve_fit of the same curve and target;
  // scipy 1.10.1 (/usr/bin/python3) here gives a = 1.57694346, b = 0.89506088.
  const { a, b } = fitUmapCurve(0.1);
  assertAlmostEquals(a, 1.57694346, 1e-5);
  assertAlmostEquals(b, 0.89506088, 1e-5);
  assertThrows(() => fitUmapCurve(1), RangeError);
  assertThrows(() => fitUmapCurve(-0.1), RangeError);
});

Deno.test("umapCrossEntropy and its gradient agree with a hand computation", () => {
  const heads = [[0, 0], [1, 0]], tails = [[1, 1], [1, 2]];
  const negatives = [1, 0]; // head 0 pushed from tail 1, head 1 from tail 0
  for (const curve of [{ a: 1, b: 1 }, fitUmapCurve(0.1)]) {
    const { a, b } = curve;
    const d2 = (p: number[], q: number[]) => (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2;
    const s = (p: number[], q: number[]) => a * d2(p, q) ** b;
    // -log q = log(1 + s) for edges; -log(1 - q) = log(1 + s) - log(s) for negative pairs.
    const expected = (Math.log1p(s(heads[0], tails[0])) + Math.log1p(s(heads[1], tails[1])) +
      Math.log1p(s(heads[0], tails[1])) - Math.log(s(heads[0], tails[1])) +
      Math.log1p(s(heads[1], tails[0])) - Math.log(s(heads[1], tails[0]))) / 2;
    // d/dp of log(1 + s) is ds/dp / (1 + s), ds/dp = a·b·(d²)^(b-1)·2(p - q).
    const ds = (p: number[], q: number[]) =>
      p.map((v, c) => a * b * d2(p, q) ** (b - 1) * 2 * (v - q[c]));
    const pull = (p: number[], q: number[]) => ds(p, q).map((g) => g / (1 + s(p, q)));
    const push = (p: number[], q: number[]) => ds(p, q).map((g) => g / (1 + s(p, q)) - g / s(p, q));
    const gradHeads = [
      pull(heads[0], tails[0]).map((g, c) => (g + push(heads[0], tails[1])[c]) / 2),
      pull(heads[1], tails[1]).map((g, c) => (g + push(heads[1], tails[0])[c]) / 2),
    ];
    const neg = tf.tensor1d(negatives, "int32");
    const loss = (h: tf.Tensor2D) =>
      umapCrossEntropy(h, tf.tensor2d(tails), { negatives: neg, curve });
    const h = tf.tensor2d(heads);
    assertAlmostEquals(loss(h).dataSync()[0], expected, 1e-5);
    const g = tf.grad((t: tf.Tensor) => loss(t as tf.Tensor2D))(h).arraySync() as number[][];
    for (let i = 0; i < 2; i++) {
      for (let c = 0; c < 2; c++) assertAlmostEquals(g[i][c], gradHeads[i][c], 1e-5, `${i},${c}`);
    }
    tf.dispose([neg, h]);
  }
});

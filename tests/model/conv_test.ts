// The convolutional layers against references: the strided convolution against tf.conv2d
// (PyTorch padding 1), the transposed one against a plain loop of PyTorch's definition;
// a conv vae's gradients against finite differences; the layer plan's shapes and errors.

import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import * as tf from "@tensorflow/tfjs";
import { conv, type ConvPath, convPlan, deconv } from "../../lib/model/conv.ts";
import { createAutoencoder, reconstruct } from "../../lib/model/autoencoder.ts";
import { objective } from "../../lib/model/objectives.ts";
import { encodeNpy } from "../../lib/data/npy.ts";
import { parse } from "@std/csv";
import { cli } from "../cli.ts";

await tf.setBackend("cpu");

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from(
    { length: n },
    () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5,
  );
}

Deno.test("conv(): equals tf.conv2d on the input padded by 1, stride 2", () => {
  const [b, h, w, cin, cout] = [2, 6, 4, 3, 5];
  const x = tf.tensor4d(seeded(b * h * w * cin, 3), [b, h, w, cin]);
  const k = seeded(9 * cin * cout, 5); // [dy, dx, cin, cout], the patch order conv() uses
  const layer = {
    w: tf.variable(tf.tensor2d(k, [9 * cin, cout])),
    b: tf.variable(tf.tensor1d(seeded(cout, 7))),
    relu: false,
  };
  const ours = conv(x, layer);
  const ref = tf.add(
    tf.conv2d(
      tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]),
      tf.tensor4d(k, [3, 3, cin, cout]),
      2,
      "valid",
    ),
    layer.b,
  );
  assertEquals(ours.shape, [b, h / 2, w / 2, cout]);
  const [a, r] = [ours.dataSync(), ref.dataSync()];
  for (let i = 0; i < a.length; i++) assertAlmostEquals(a[i], r[i], 1e-5);
});

Deno.test("deconv(): PyTorch's ConvTranspose2d(k=3, s=2, p=1, output_padding=1), by a loop", () => {
  const [b, h, w, cin, cout] = [1, 3, 2, 2, 3];
  const xv = seeded(b * h * w * cin, 11), wv = seeded(cin * 9 * cout, 13), bv = seeded(cout, 17);
  const layer = {
    w: tf.variable(tf.tensor2d(wv, [cin, 9 * cout])), // [cin, (dy, dx, cout)]
    b: tf.variable(tf.tensor1d(bv)),
    relu: false,
  };
  const ours = deconv(tf.tensor4d(xv, [b, h, w, cin]), layer).dataSync();
  const [H, W] = [2 * h, 2 * w];
  const ref = new Float64Array(H * W * cout);
  for (let p = 0; p < H * W; p++) for (let o = 0; o < cout; o++) ref[p * cout + o] = bv[o];
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      for (let dy = 0; dy < 3; dy++) {
        for (let dx = 0; dx < 3; dx++) {
          const [y, x] = [2 * i + dy - 1, 2 * j + dx - 1];
          if (y < 0 || x < 0 || y >= H || x >= W) continue;
          for (let c = 0; c < cin; c++) {
            for (let o = 0; o < cout; o++) {
              ref[(y * W + x) * cout + o] += xv[(i * w + j) * cin + c] *
                wv[c * 9 * cout + (dy * 3 + dx) * cout + o];
            }
          }
        }
      }
    }
  }
  assertEquals(ours.length, ref.length);
  for (let i = 0; i < ref.length; i++) assertAlmostEquals(ours[i], ref[i], 1e-5);
});

Deno.test("conv(), deconv(): index maps equal the tfjs-op path, values and tf.grads", () => {
  const before = tf.memory().numTensors;
  const within = (a: tf.Tensor, r: tf.Tensor) => {
    assertEquals(a.shape, r.shape);
    const [av, rv] = [a.dataSync(), r.dataSync()];
    const scale = Math.max(...Array.from(rv, Math.abs));
    assert(scale > 0);
    for (let i = 0; i < rv.length; i++) assertAlmostEquals(av[i], rv[i], 1e-6 * scale);
  };
  tf.tidy(() => {
    const x = tf.tensor4d(seeded(2 * 8 * 8 * 3, 31), [2, 8, 8, 3]);
    for (const [op, w, b] of [[conv, [27, 4], 4], [deconv, [3, 18], 2]] as const) {
      const wt = tf.tensor2d(seeded(w[0] * w[1], 37), [...w]), bt = tf.tensor1d(seeded(b, 41));
      const out = (path: ConvPath) => (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
        op(xs as tf.Tensor4D, { w: ws as tf.Variable, b: bs as tf.Variable, relu: true }, { path });
      const r = tf.tensor(seeded(out("ops")(x, wt, bt).size, 43), out("ops")(x, wt, bt).shape);
      const loss = (path: ConvPath) => (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) =>
        tf.sum(tf.mul(out(path)(xs, ws, bs), r));
      within(out("index")(x, wt, bt), out("ops")(x, wt, bt));
      const [gi, go] = [tf.grads(loss("index"))([x, wt, bt]), tf.grads(loss("ops"))([x, wt, bt])];
      for (let i = 0; i < 3; i++) within(gi[i], go[i]);
    }
  });
  assertEquals(tf.memory().numTensors, before);
});

Deno.test("conv vae: autodiff gradients match finite differences; shapes round-trip", () => {
  const shape: [number, number, number] = [4, 4, 1];
  const m = createAutoencoder([16, 2], {
    seed: 3,
    kind: "vae",
    arch: "conv",
    channels: [2, 3],
    imageShape: shape,
  });
  const x = tf.tensor2d(seeded(3 * 16, 19).map((v) => v + 0.5), [3, 16]);
  const eps = tf.tensor2d(seeded(6, 23), [3, 2]);
  const loss = () => objective(m, { x, eps }).loss;
  const { grads } = tf.variableGrads(loss);
  assertEquals(reconstruct(m, x).shape, [3, 16]);
  for (const v of [m.variables[0], m.variables[4], m.variables.at(-2)!]) {
    const g = grads[v.name].dataSync(), vals = v.dataSync().slice();
    for (const i of [0, Math.floor(vals.length / 2)]) {
      const at = (d: number) => {
        const t = vals.slice();
        t[i] += d;
        v.assign(tf.tensor(t, v.shape));
        return loss().dataSync()[0];
      };
      const num = (at(1e-2) - at(-1e-2)) / 2e-2;
      v.assign(tf.tensor(vals, v.shape));
      assertAlmostEquals(g[i], num, 2e-2 * Math.max(1, Math.abs(num)));
    }
  }
});

Deno.test("convPlan(): layer shapes for 28×28 and the divisibility rule", () => {
  const plan = convPlan([28, 28, 1], {
    channels: [32, 64],
    latent: 16,
    vae: false,
    outputRelu: true,
  });
  assertEquals(plan.map((p) => [p.fin, p.fout, p.bias]), [
    [9, 32, 32],
    [288, 64, 64],
    [7 * 7 * 64, 16, 16],
    [16, 7 * 7 * 64, 7 * 7 * 64],
    [64, 9 * 32, 32],
    [32, 9, 1],
  ]);
  assert(plan.at(-1)!.relu);
  assertThrows(
    () => convPlan([14, 14, 1], { channels: [32, 64], latent: 2, vae: true, outputRelu: true }),
    RangeError,
    "divisible by 4",
  );
});

Deno.test("train --arch conv on .npy images: fused engine, model.json, encode and plot agree", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    // 120 8×8 images: a bright square at one of four places (the class).
    const n = 120, x = new Uint8Array(n * 64), y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const k = i % 4, [r0, c0] = [(k >> 1) * 4, (k & 1) * 4];
      y[i] = k;
      for (let r = 0; r < 3; r++) {
        for (let c = 0; c < 3; c++) x[i * 64 + (r0 + r) * 8 + c0 + c] = 100 + i;
      }
    }
    await Deno.writeFile(`${tmp}/x.npy`, encodeNpy(x, [n, 8, 8]));
    await Deno.writeFile(`${tmp}/y.npy`, encodeNpy(y, [n]));
    const data = ["--data", `${tmp}/x.npy`, "--labels", `${tmp}/y.npy`];
    const r = await cli(
      "train",
      ...data,
      ...["--arch", "conv", "--channels", "4,8", "--latent", "2", "--epochs", "3"],
      ...["--backend", "wasm", "--out", tmp, "--name", "c"],
    );
    assertEquals(r.code, 0, r.stderr);
    const m = JSON.parse(await Deno.readTextFile(`${tmp}/c/run.json`));
    assertEquals([m.engine, m.config.arch, m.config.channels], ["fused", "conv", [4, 8]]);
    assert(m.engine_reason.includes("Wasm SIMD kernels"), m.engine_reason);
    const topo = JSON.parse(await Deno.readTextFile(`${tmp}/c/model/model.json`)).modelTopology;
    assertEquals([topo.arch, topo.channels, topo.imageShape], ["conv", [4, 8], [8, 8, 1]]);
    const e = await cli("encode", "--run", `${tmp}/c`, ...data, "--output", `${tmp}/z.csv`);
    assertEquals(e.code, 0, e.stderr);
    assertEquals(
      parse(await Deno.readTextFile(`${tmp}/z.csv`)),
      parse(await Deno.readTextFile(`${tmp}/c/latent.csv`)),
    );
    const png = await Deno.readFile(`${tmp}/c/reconstructions.png`);
    await Deno.remove(`${tmp}/c/reconstructions.png`);
    assertEquals((await cli("plot", "--run", `${tmp}/c`)).code, 0);
    assertEquals(await Deno.readFile(`${tmp}/c/reconstructions.png`), png);
    const bad = await cli(
      "train",
      "--data",
      `${tmp}/x.npy`,
      "--arch",
      "conv",
      "--channels",
      "4,8,16,32",
      "--out",
      tmp,
    );
    assertEquals(bad.code, 2);
    assert(bad.stderr.includes("divisible by 16"), bad.stderr);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("conv: a batch larger than one part gives the rows it gives one by one", () => {
  const m = createAutoencoder([16, 2], {
    seed: 4,
    arch: "conv",
    channels: [2, 2],
    imageShape: [4, 4, 1],
  });
  const x = tf.tensor2d(seeded(1030 * 16, 29), [1030, 16]);
  const all = reconstruct(m, x).dataSync();
  const last = reconstruct(m, tf.slice(x, [1029, 0], [1, 16])).dataSync();
  for (let j = 0; j < 16; j++) assertAlmostEquals(all[1029 * 16 + j], last[j], 1e-6);
});

// WGSL kernels of the fused conv training step on WebGPU (lib/engine/fused/conv_webgpu.ts): the
// MLP step's kernels (mlp_wgsl.ts: gather, matmul, mse, adam) plus im2col and col2im, the
// same operations as lib/engine/fused/kernels/conv.c, in the same order of additions.

import { MLP_WGSL } from "./mlp_wgsl.ts";

/**
 * The shader module's source; entry points gather, matmul, mse, adam, im2col, col2im. The
 * conv kernels take the batch in m, the larger grid's height and width in k and n, and the
 * channels in flags above bit 8.
 */
export const CONV_WGSL = MLP_WGSL + /* wgsl */ `
// b[img, i, j, (dy, dx, ch)] = a[img, 2i+dy−1, 2j+dx−1, ch], 0 in the padding: the patches
// of m images of k × n × channels, one output value per thread.
@compute @workgroup_size(64)
fn im2col(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let c = kp.flags >> 8u; let ho = kp.k / 2u; let wo = kp.n / 2u;
  let t = thread(g, nw);
  if (t >= kp.m * ho * wo * 9u * c) { return; }
  let ch = t % c; let p = (t / c) % 9u; let r = t / (9u * c);
  let j = r % wo; let i = (r / wo) % ho; let img = r / (wo * ho);
  let y = i32(2u * i + p / 3u) - 1; let x = i32(2u * j + p % 3u) - 1;
  var v = 0.0;
  if (y >= 0 && x >= 0) { v = mem[kp.a + ((img * kp.k + u32(y)) * kp.n + u32(x)) * c + ch]; }
  mem[kp.b + t] = v;
}

// c[img, Y, X, ch] = the sum of a[img, i, j, (dy, dx, ch)] over 2i+dy−1 = Y, 2j+dx−1 = X, in
// the order of (i, j) as conv.c adds them; then + bias d[ch] and ReLU, or zero where the
// tensor at d is not positive (ReLU's gradient), as flagged. One output value per thread.
@compute @workgroup_size(64)
fn col2im(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let c = kp.flags >> 8u; let ho = kp.k / 2u; let wo = kp.n / 2u;
  let t = thread(g, nw);
  if (t >= kp.m * kp.k * kp.n * c) { return; }
  let ch = t % c; let X = (t / c) % kp.n; let Y = (t / (c * kp.n)) % kp.k;
  let img = t / (c * kp.n * kp.k);
  var s = 0.0;
  for (var dy = 2u; dy < 3u; dy--) { // dy = 2, 1, 0: i ascending
    if ((Y + 1u + dy) % 2u != 0u || Y + 1u < dy) { continue; }
    let i = (Y + 1u - dy) / 2u;
    if (i >= ho) { continue; }
    for (var dx = 2u; dx < 3u; dx--) {
      if ((X + 1u + dx) % 2u != 0u || X + 1u < dx) { continue; }
      let j = (X + 1u - dx) / 2u;
      if (j >= wo) { continue; }
      s = s + mem[kp.a + (((img * ho + i) * wo + j) * 9u + dy * 3u + dx) * c + ch];
    }
  }
  if ((kp.flags & BIAS) != 0u) { s = s + mem[kp.d + ch]; }
  if ((kp.flags & RELU) != 0u) { s = select(0.0, s, s > 0.0); }
  if ((kp.flags & MASK) != 0u) { s = select(0.0, s, mem[kp.d + t] > 0.0); }
  mem[kp.c + t] = s;
}
`;

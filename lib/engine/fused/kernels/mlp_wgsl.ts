// WGSL kernels of the fused MLP training step on WebGPU (lib/engine/fused/webgpu.ts): the same
// operations as lib/engine/fused/kernels/mlp.c over one storage buffer `mem` of float32, with offsets
// and sizes in a per-call uniform `kp` and the step's row range and Adam scalars in `sp`.

/** The shader module's source; entry points gather, matmul, mse, adam. */
export const MLP_WGSL = /* wgsl */ `
struct Call {        // one kernel call, fixed for the run
  a: u32, b: u32, c: u32, d: u32,   // float offsets into mem
  m: u32, k: u32, n: u32, flags: u32,
  f0: f32, f1: f32, f2: f32, f3: f32, f4: f32,
}
struct Step { row0: u32, rows: u32, lr_c1: f32, sqrt_c2: f32 }

@group(0) @binding(0) var<storage, read_write> mem: array<f32>;
@group(0) @binding(1) var<storage, read> idx: array<u32>;
@group(0) @binding(2) var<uniform> kp: Call;
@group(0) @binding(3) var<uniform> sp: Step;

const TRANS_A = 1u; const TRANS_B = 2u; const BIAS = 4u; const RELU = 8u; const MASK = 16u;
const SUMS = 32u;
const ADD_NOISE = 1u; const MUL_NOISE = 2u;

// Thread t of a 1-D launch spread over a 2-D grid of 64-wide workgroups.
fn thread(g: vec3u, nw: vec3u) -> u32 { return g.x + g.y * nw.x * 64u; }

// b[i, :] = X[idx[row0 + i], :] (rows m, width n); c = b + noise or b · noise (dae).
@compute @workgroup_size(64)
fn gather(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let t = thread(g, nw);
  if (t >= kp.m * kp.n) { return; }
  let i = t / kp.n;
  let v = mem[kp.a + idx[sp.row0 + i] * kp.n + t % kp.n];
  mem[kp.b + t] = v;
  let z = kp.d + sp.row0 * kp.n + t;
  if (kp.flags == ADD_NOISE) { mem[kp.c + t] = v + mem[z]; }
  if (kp.flags == MUL_NOISE) { mem[kp.c + t] = v * mem[z]; }
}

// C[m, n] = op(A)[m, k] · op(B)[k, n], op a transpose where flagged; then + bias d[n] and
// ReLU, or zero where the tensor at d (same shape as C) is not positive (ReLU's gradient).
// SUMS adds one more output row, the column sums of op(B) (A's row taken as ones), written
// to d instead: the bias gradient beside the weight gradient, in the same dispatch.
// A thread computes 4 neighbouring outputs of a row (columns j..j+3, fewer at the edge).
@compute @workgroup_size(64)
fn matmul(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let quads = (kp.n + 3u) / 4u;
  let t = thread(g, nw);
  if (t >= (kp.m + select(0u, 1u, (kp.flags & SUMS) != 0u)) * quads) { return; }
  let i = t / quads;
  let j = (t % quads) * 4u;
  let sums = i == kp.m; // the extra row of SUMS
  var ai = kp.a + i * kp.k; var aq = 1u;
  if ((kp.flags & TRANS_A) != 0u) { ai = kp.a + i; aq = kp.m; }
  var bj = kp.b + j; var bq = kp.n; var bs = 1u; // B[q, j + u] = mem[bj + q·bq + u·bs]
  if ((kp.flags & TRANS_B) != 0u) { bj = kp.b + j * kp.k; bq = 1u; bs = kp.k; }
  let w = min(4u, kp.n - j);
  var s = vec4f(0.0);
  if (w == 4u) {
    for (var q = 0u; q < kp.k; q++) {
      let a = select(mem[ai + q * aq], 1.0, sums);
      let b = bj + q * bq;
      s = s + a * vec4f(mem[b], mem[b + bs], mem[b + 2u * bs], mem[b + 3u * bs]);
    }
  } else {
    for (var q = 0u; q < kp.k; q++) {
      let a = select(mem[ai + q * aq], 1.0, sums);
      for (var u = 0u; u < w; u++) { s[u] = s[u] + a * mem[bj + q * bq + u * bs]; }
    }
  }
  if (sums) {
    for (var u = 0u; u < w; u++) { mem[kp.d + j + u] = s[u]; }
    return;
  }
  for (var u = 0u; u < w; u++) {
    let o = i * kp.n + j + u;
    var v = s[u];
    if ((kp.flags & BIAS) != 0u) { v = v + mem[kp.d + j + u]; }
    if ((kp.flags & RELU) != 0u) { v = select(0.0, v, v > 0.0); }
    if ((kp.flags & MASK) != 0u) { v = select(0.0, v, mem[kp.d + o] > 0.0); }
    mem[kp.c + o] = v;
  }
}

// Squared error of Y (a) against T (b) over m·n values: c = f0 · (Y - T) (zero where the
// ReLU output Y is not positive, if flagged), and d[0] += the mean. One workgroup.
var<workgroup> part: array<f32, 256>;
@compute @workgroup_size(256)
fn mse(@builtin(local_invocation_index) l: u32) {
  let count = kp.m * kp.n;
  var s = 0.0;
  for (var t = l; t < count; t += 256u) {
    let y = mem[kp.a + t];
    let e = y - mem[kp.b + t];
    s = s + e * e;
    mem[kp.c + t] = select(e * kp.f0, 0.0, (kp.flags & RELU) != 0u && !(y > 0.0));
  }
  part[l] = s;
  workgroupBarrier();
  for (var w = 128u; w > 0u; w = w >> 1u) {
    if (l < w) { part[l] = part[l] + part[l + w]; }
    workgroupBarrier();
  }
  if (l == 0u) { mem[kp.d] = mem[kp.d] + part[0] / f32(count); }
}

// Adam over n parameters at a with gradients b and moments c, d, as torch.optim.Adam:
// f0..f4 = b1, 1-b1, b2, 1-b2, eps.
@compute @workgroup_size(64)
fn adam(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let t = thread(g, nw);
  if (t >= kp.n) { return; }
  let gr = mem[kp.b + t];
  let m = mem[kp.c + t] * kp.f0 + gr * kp.f1;
  let v = mem[kp.d + t] * kp.f2 + (gr * gr) * kp.f3;
  mem[kp.c + t] = m;
  mem[kp.d + t] = v;
  mem[kp.a + t] = mem[kp.a + t] - (m / (sqrt(v) / sp.sqrt_c2 + kp.f4)) * sp.lr_c1;
}
`;

// Kernels of the fused MLP training step (lib/engine/fused/wasm.ts): products, elementwise ops and
// Adam; the vae's are in mlp_vae.c and the sae's in mlp_sae.c, linked with these into one module
// by tools/build_kernels.sh (128-bit SIMD). Row-major float32 arrays; every pointer is a byte
// offset into the module's memory, which lib/engine/fused/layout.ts lays out.

#include "_kernel.h"

// C[4 rows, 8 columns from j] (+)= A[4, K] · B[K, 8]: 8 vector accumulators.
static inline void block4x8(const f32 *a, int K, const f32 *b, int N, f32 *c, int j, int acc) {
  v128_t c00, c01, c10, c11, c20, c21, c30, c31;
  if (acc) {
    c00 = wasm_v128_load(c + j), c01 = wasm_v128_load(c + j + 4);
    c10 = wasm_v128_load(c + N + j), c11 = wasm_v128_load(c + N + j + 4);
    c20 = wasm_v128_load(c + 2 * N + j), c21 = wasm_v128_load(c + 2 * N + j + 4);
    c30 = wasm_v128_load(c + 3 * N + j), c31 = wasm_v128_load(c + 3 * N + j + 4);
  } else {
    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = wasm_f32x4_splat(0);
  }
  for (int k = 0; k < K; k++) {
    v128_t b0 = wasm_v128_load(b + k * N + j), b1 = wasm_v128_load(b + k * N + j + 4);
    v128_t a0 = wasm_f32x4_splat(a[k]), a1 = wasm_f32x4_splat(a[K + k]);
    v128_t a2 = wasm_f32x4_splat(a[2 * K + k]), a3 = wasm_f32x4_splat(a[3 * K + k]);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
  }
  wasm_v128_store(c + j, c00), wasm_v128_store(c + j + 4, c01);
  wasm_v128_store(c + N + j, c10), wasm_v128_store(c + N + j + 4, c11);
  wasm_v128_store(c + 2 * N + j, c20), wasm_v128_store(c + 2 * N + j + 4, c21);
  wasm_v128_store(c + 3 * N + j, c30), wasm_v128_store(c + 3 * N + j + 4, c31);
}

// One element of A·B the plain way (the edges the blocks do not cover).
static inline f32 dot(const f32 *a, const f32 *b, int N, int K, int j) {
  f32 s = 0;
  for (int k = 0; k < K; k++) s += a[k] * b[k * N + j];
  return s;
}

// C[M, N] = A[M, K] · B[K, N], or C += A · B when acc is 1.
EXPORT("matmul") void matmul(const f32 *A, const f32 *B, f32 *C, int M, int K, int N, int acc) {
  int N8 = N & ~7, i = 0;
  for (; i + 4 <= M; i += 4) {
    for (int j = 0; j < N8; j += 8) block4x8(A + i * K, K, B, N, C + i * N, j, acc);
  }
  for (int r = 0; r < M; r++) {
    for (int j = r < i ? N8 : 0; j < N; j++) {
      f32 s = dot(A + r * K, B, N, K, j);
      C[r * N + j] = acc ? C[r * N + j] + s : s;
    }
  }
}

// dst[C, R] = src[R, C]ᵀ.
EXPORT("transpose") void transpose(const f32 *src, f32 *dst, int R, int C) {
  for (int r = 0; r < R; r++) {
    for (int c = 0; c < C; c++) dst[c * R + r] = src[r * C + c];
  }
}

// out[i, :] = X[idx[i], :] for i < n; rows are d wide.
EXPORT("gather") void gather(const f32 *X, const int *idx, f32 *out, int n, int d) {
  for (int i = 0; i < n; i++) {
    const f32 *row = X + (long)idx[i] * d;
    for (int k = 0; k < d; k++) out[i * d + k] = row[k];
  }
}

// out = x + noise (mul = 0) or x · noise (mul = 1), n values.
EXPORT("corrupt") void corrupt(const f32 *x, const f32 *noise, f32 *out, int n, int mul) {
  for (int i = 0; i < n; i++) out[i] = mul ? x[i] * noise[i] : x[i] + noise[i];
}

static inline unsigned rotl32(unsigned x, int k) { return (x << k) | (x >> (32 - k)); }

// out = x · mask with the mask drawn here: 0 where the next draw u of the xoshiro128** state
// (a, b, c, d) is below `below`, else 1. lib/model/random.ts's Rng.fillMask and corrupt() above
// in one pass, the same bits (pumap's mask noise, 800,000 values a step on images).
EXPORT("mask_corrupt") void mask_corrupt(const f32 *x, f32 *out, int n, unsigned a, unsigned b,
                                         unsigned c, unsigned d, double below) {
  for (int i = 0; i < n; i++) {
    unsigned u = rotl32(b * 5, 7) * 9, t = b << 9;
    out[i] = x[i] * ((double)u < below ? 0.0f : 1.0f);
    c ^= a, d ^= b, b ^= c, a ^= d, c ^= t, d = rotl32(d, 11);
  }
}

// Z[M, N] += b (per column), then ReLU in place when relu is 1.
EXPORT("bias_act") void bias_act(f32 *Z, const f32 *b, int M, int N, int relu) {
  for (int i = 0; i < M; i++) {
    for (int j = 0; j < N; j++) {
      f32 z = Z[i * N + j] + b[j];
      Z[i * N + j] = relu && !(z > 0) ? 0 : z;
    }
  }
}

// Squared error of Y against T over n values; dY = 2 (Y - T) / n, the gradient of the mean.
EXPORT("mse") double mse(const f32 *Y, const f32 *T, f32 *dY, int n) {
  double sum = 0;
  f32 scale = 2.0f / (f32)n;
  for (int i = 0; i < n; i++) {
    f32 e = Y[i] - T[i];
    sum += (double)(e * e);
    dY[i] = e * scale;
  }
  return sum;
}

// dZ = dY where the layer's ReLU output Y is positive, else 0 (in place, n values). Four at a
// time by a mask (Y > 0 ? all ones : 0) and'd with dY: no branch on the ReLU's random pattern,
// which cost 5× bias_act's time; the same bits (+0 where Y is not positive).
EXPORT("relu_back") void relu_back(f32 *dY, const f32 *Y, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t keep = wasm_f32x4_gt(wasm_v128_load(Y + i), wasm_f32x4_splat(0));
    wasm_v128_store(dY + i, wasm_v128_and(wasm_v128_load(dY + i), keep));
  }
  for (; i < n; i++) dY[i] = Y[i] > 0 ? dY[i] : 0;
}

// db[N] = column sums of dZ[M, N].
EXPORT("colsum") void colsum(const f32 *dZ, f32 *db, int M, int N) {
  for (int j = 0; j < N; j++) db[j] = 0;
  for (int i = 0; i < M; i++) {
    for (int j = 0; j < N; j++) db[j] += dZ[i * N + j];
  }
}

// x, or 0 where |x| is below float32's smallest normal number (1.18e-38): Wasm cannot set the
// CPU's flush-to-zero mode, and on Intel each operation on a subnormal takes ~100 cycles.
static inline f32 flush(f32 x) { return __builtin_fabsf(x) < 1.17549435e-38f ? 0.0f : x; }

// One Adam step over n parameters, in torch.optim.Adam's order of operations:
// m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; p -= (lr/c1) · m / (sqrt(v)/sqrt(c2) + eps).
// 1-b1 and 1-b2 come from the caller, rounded from float64 as the tfjs path rounds them.
// Moments that decay below the normal range are kept as 0 (flush): a weight whose input is
// always 0 (an image's border pixel) has m = 0.9^t m₀, and a third of pumap's first moments on
// Fashion-MNIST sat there, slowing each step 3x; what they would add to p is below 1e-30.
EXPORT("adam") void adam(f32 *p, const f32 *g, f32 *m, f32 *v, int n, f32 b1, f32 one_b1, f32 b2,
                         f32 one_b2, f32 eps, f32 sqrt_c2, f32 lr_c1) {
  for (int i = 0; i < n; i++) {
    f32 mi = flush(m[i] * b1 + g[i] * one_b1);
    f32 vi = flush(v[i] * b2 + (g[i] * g[i]) * one_b2);
    m[i] = mi, v[i] = vi;
    f32 denom = __builtin_sqrtf(vi) / sqrt_c2 + eps;
    p[i] = p[i] - (mi / denom) * lr_c1;
  }
}

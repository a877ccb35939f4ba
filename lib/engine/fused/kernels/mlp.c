// Kernels of the fused MLP training step (lib/engine/fused/wasm.ts), compiled to WebAssembly with
// 128-bit SIMD by tools/build_kernels.sh. Row-major float32 arrays; every pointer is a byte
// offset into the module's memory, which lib/engine/fused/layout.ts lays out.

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))
typedef float f32;

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

// One Adam step over n parameters, in torch.optim.Adam's order of operations:
// m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; p -= (lr/c1) · m / (sqrt(v)/sqrt(c2) + eps).
// 1-b1 and 1-b2 come from the caller, rounded from float64 as the tfjs path rounds them.
EXPORT("adam") void adam(f32 *p, const f32 *g, f32 *m, f32 *v, int n, f32 b1, f32 one_b1, f32 b2,
                         f32 one_b2, f32 eps, f32 sqrt_c2, f32 lr_c1) {
  for (int i = 0; i < n; i++) {
    f32 mi = m[i] * b1 + g[i] * one_b1;
    f32 vi = v[i] * b2 + (g[i] * g[i]) * one_b2;
    m[i] = mi, v[i] = vi;
    f32 denom = __builtin_sqrtf(vi) / sqrt_c2 + eps;
    p[i] = p[i] - (mi / denom) * lr_c1;
  }
}

// vae: exp comes from the host (JavaScript's Math, in float64) for the few latent values.
__attribute__((import_module("env"), import_name("exp"))) double host_exp(double);

// vae: H[m, 2k] holds the posterior means then log-variances; Z = mean + exp(lv / 2) · eps.
// Returns the summed KL(N(mean, exp(lv)) ‖ N(0, I)) over the batch.
EXPORT("vae_sample") double vae_sample(const f32 *H, const f32 *eps, f32 *Z, int m, int k) {
  double kl = 0;
  for (int i = 0; i < m; i++) {
    for (int j = 0; j < k; j++) {
      f32 mean = H[i * 2 * k + j], lv = H[i * 2 * k + k + j];
      Z[i * k + j] = mean + (f32)host_exp(0.5 * lv) * eps[i * k + j];
      kl += 0.5 * (host_exp(lv) + (double)mean * mean - 1 - lv);
    }
  }
  return kl;
}

// vae: exp(x) for x <= 0 in float32, four lanes at once (Cephes' expf): x = n ln2 + r with
// |r| <= ln2 / 2 (ln2 in two parts), exp(r) by a degree-7 polynomial, 2^n from exponent bits.
// Below -87 (where float32 turns subnormal) it returns 0.
static inline v128_t exp_nonpos4(v128_t x) {
  v128_t under = wasm_f32x4_lt(x, wasm_f32x4_splat(-87.0f));
  x = wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f));
  v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), wasm_f32x4_add(r, wasm_f32x4_splat(1)));
  v128_t bits = wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127));
  return wasm_v128_andnot(wasm_f32x4_mul(p, wasm_i32x4_shl(bits, 23)), under);
}

// vae: log1p(e) for 0 <= e <= 1 in float32, four lanes: 2 atanh(s) with s = e / (2 + e) <= 1/3,
// its odd series to s^13 (relative error under 2e-8, also for tiny e).
static inline v128_t log1p_unit4(v128_t e) {
  v128_t s = wasm_f32x4_div(e, wasm_f32x4_add(e, wasm_f32x4_splat(2)));
  v128_t s2 = wasm_f32x4_mul(s, s), q = wasm_f32x4_splat(1.0f / 13);
  q = wasm_f32x4_add(wasm_f32x4_mul(q, s2), wasm_f32x4_splat(1.0f / 11));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, s2), wasm_f32x4_splat(1.0f / 9));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, s2), wasm_f32x4_splat(1.0f / 7));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, s2), wasm_f32x4_splat(1.0f / 5));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, s2), wasm_f32x4_splat(1.0f / 3));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, s2), wasm_f32x4_splat(1));
  return wasm_f32x4_mul(wasm_f32x4_add(s, s), q);
}

// vae: four values of the Bernoulli term at logits l, targets t: dL = (sigmoid(l) - t) / m
// stored to dl[0..4); returns the four losses max(l, 0) - l t + log1p(exp(-|l|)).
static inline v128_t bernoulli4(v128_t l, v128_t t, f32 *dl, v128_t m) {
  v128_t e = exp_nonpos4(wasm_f32x4_neg(wasm_f32x4_abs(l))); // exp(-|l|)
  v128_t one = wasm_f32x4_splat(1), pos = wasm_f32x4_ge(l, wasm_f32x4_splat(0));
  v128_t sig = wasm_f32x4_div(wasm_v128_bitselect(one, e, pos), wasm_f32x4_add(one, e));
  wasm_v128_store(dl, wasm_f32x4_div(wasm_f32x4_sub(sig, t), m));
  v128_t relu = wasm_f32x4_max(l, wasm_f32x4_splat(0));
  return wasm_f32x4_add(wasm_f32x4_sub(relu, wasm_f32x4_mul(l, t)), log1p_unit4(e));
}

// vae: Bernoulli negative log-likelihood of targets X / scale under logits L, summed over
// n values, in its stable form (float32 per value, as tfjs and PyTorch compute it; sums of
// 64 values added in float64); dL = (sigmoid(L) - X / scale) / m, the gradient of the batch
// mean of the per-sample sums. No calls to the host: 30x faster than Math.exp per value.
EXPORT("bernoulli") double bernoulli(const f32 *L, const f32 *X, f32 *dL, int n, f32 scale, int m) {
  double sum = 0;
  v128_t vs = wasm_f32x4_splat(scale), vm = wasm_f32x4_splat((f32)m);
  int i = 0;
  while (i + 4 <= n) {
    v128_t part = wasm_f32x4_splat(0);
    for (int end = i + 64 <= n ? i + 64 : n - (n - i) % 4; i < end; i += 4) {
      v128_t t = wasm_f32x4_div(wasm_v128_load(X + i), vs);
      part = wasm_f32x4_add(part, bernoulli4(wasm_v128_load(L + i), t, dL + i, vm));
    }
    sum += (double)wasm_f32x4_extract_lane(part, 0) + (double)wasm_f32x4_extract_lane(part, 1) +
           (double)wasm_f32x4_extract_lane(part, 2) + (double)wasm_f32x4_extract_lane(part, 3);
  }
  for (; i < n; i++) { // the last n % 4 values, one lane each
    f32 d[4];
    v128_t t = wasm_f32x4_splat(X[i] / scale);
    sum += wasm_f32x4_extract_lane(bernoulli4(wasm_f32x4_splat(L[i]), t, d, vm), 0);
    dL[i] = d[0];
  }
  return sum;
}

// vae: gradients of the posterior head from dZ [m, k] and the KL term weighted by beta:
// dmean = dZ + beta · mean / m; dlv = dZ · eps · exp(lv / 2) / 2 + beta · (exp(lv) - 1) / (2 m).
EXPORT("vae_back") void vae_back(const f32 *dZ, const f32 *H, const f32 *eps, f32 *dH, int m, int k,
                                 f32 beta) {
  for (int i = 0; i < m; i++) {
    for (int j = 0; j < k; j++) {
      double mean = H[i * 2 * k + j], lv = H[i * 2 * k + k + j], dz = dZ[i * k + j];
      dH[i * 2 * k + j] = (f32)(dz + beta * mean / m);
      dH[i * 2 * k + k + j] =
          (f32)(dz * eps[i * k + j] * 0.5 * host_exp(0.5 * lv) + beta * 0.5 * (host_exp(lv) - 1) / m);
    }
  }
}

// sae: out[m, n] = X - b, b broadcast over rows (the codes explain deviations from b).
EXPORT("sub_rows") void sub_rows(const f32 *X, const f32 *b, f32 *out, int m, int n) {
  for (int i = 0; i < m; i++) {
    for (int j = 0; j < n; j++) out[i * n + j] = X[i * n + j] - b[j];
  }
}

// sae: A[r, c] = W's rows scaled to unit length, W / (‖row‖ + 1e-8); norms[r] = ‖row‖.
EXPORT("unit_rows") void unit_rows(const f32 *W, f32 *A, f32 *norms, int r, int c) {
  for (int i = 0; i < r; i++) {
    f32 s = 0;
    for (int j = 0; j < c; j++) s += W[i * c + j] * W[i * c + j];
    f32 norm = __builtin_sqrtf(s), den = norm + 1e-8f;
    norms[i] = norm;
    for (int j = 0; j < c; j++) A[i * c + j] = W[i * c + j] / den;
  }
}

// sae: the gradient through unit_rows: dW = dA / (n + ε) - W (W · dA) / (n (n + ε)²) per row.
EXPORT("unit_rows_back") void unit_rows_back(const f32 *W, const f32 *dA, const f32 *norms,
                                             f32 *dW, int r, int c) {
  for (int i = 0; i < r; i++) {
    f32 dot = 0, norm = norms[i], den = norm + 1e-8f;
    for (int j = 0; j < c; j++) dot += W[i * c + j] * dA[i * c + j];
    f32 coef = norm > 0 ? dot / (norm * den * den) : 0;
    for (int j = 0; j < c; j++) dW[i * c + j] = dA[i * c + j] / den - W[i * c + j] * coef;
  }
}

// The k-th largest of v[0..n) (1-based k), reordering v: quickselect.
static f32 kth_largest(f32 *v, int n, int k) {
  int lo = 0, hi = n - 1, want = k - 1;
  while (lo < hi) {
    f32 pivot = v[(lo + hi) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (v[i] > pivot) i++;
      while (v[j] < pivot) j--;
      if (i <= j) {
        f32 t = v[i];
        v[i] = v[j], v[j] = t;
        i++, j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else break;
  }
  return v[want];
}

// sae: keeps each row's k largest values of H[m, n] (ties at the k-th all kept), zero
// elsewhere, in place; mask = 1 where kept. tmp holds n floats.
EXPORT("topk_rows") void topk_rows(f32 *H, f32 *mask, f32 *tmp, int m, int n, int k) {
  for (int i = 0; i < m; i++) {
    for (int j = 0; j < n; j++) tmp[j] = H[i * n + j];
    f32 kth = kth_largest(tmp, n, k);
    for (int j = 0; j < n; j++) {
      int keep = H[i * n + j] >= kth;
      mask[i * n + j] = keep ? 1 : 0;
      H[i * n + j] = keep ? H[i * n + j] : 0;
    }
  }
}

// sae: dC += w · sign(C) (the L1 penalty's gradient, w already divided by the batch);
// returns Σ|C| over n values.
EXPORT("l1") double l1(const f32 *C, f32 *dC, int n, f32 w) {
  double sum = 0;
  for (int i = 0; i < n; i++) {
    f32 c = C[i];
    sum += c > 0 ? c : -c;
    dC[i] += c > 0 ? w : c < 0 ? -w : 0;
  }
  return sum;
}

// dY *= mask, n values.
EXPORT("mask_mul") void mask_mul(f32 *dY, const f32 *mask, int n) {
  for (int i = 0; i < n; i++) dY[i] = dY[i] * mask[i];
}

// db[N] -= column sums of dX[M, N].
EXPORT("colsum_sub") void colsum_sub(const f32 *dX, f32 *db, int M, int N) {
  for (int j = 0; j < N; j++) {
    f32 s = 0;
    for (int i = 0; i < M; i++) s += dX[i * N + j];
    db[j] -= s;
  }
}

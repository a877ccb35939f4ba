// The vae's kernels of the fused MLP step (kernels/mlp.c has the rest): the reparameterised
// sample and its KL, the Bernoulli likelihood on logits in SIMD, and the posterior head's gradient.
// Linked into one module with mlp.c by tools/build_kernels.sh.

#include "_kernel.h"

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

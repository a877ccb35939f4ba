// The sae's kernels of the fused MLP step (kernels/mlp.c has the rest): the pre-encoder bias,
// unit-norm decoder rows and their gradient, top-k codes, the L1 penalty and the masked
// backward. Linked into one module with mlp.c by tools/build_kernels.sh.

#include "_kernel.h"

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


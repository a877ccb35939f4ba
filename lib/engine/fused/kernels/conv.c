// Kernels of the fused conv training step (lib/engine/fused/_conv_step.ts): 3×3, stride-2,
// padding-1 patches (im2col) and their adjoint (col2im), bias with ReLU and its backward with
// the bias gradient, compiled to WebAssembly by tools/build_kernels.sh beside kernels/mlp.c.

#include "_kernel.h"

// dst[n, i, j, (dy, dx, ch)] = src[n, 2i+dy−1, 2j+dx−1, ch], 0 in the padding, for an
// [h, w, c] image per row: dst is [batch, h/2, w/2, 9c] (lib/model/im2col.ts's gather).
// The three columns 2j−1…2j+1 of a patch row are 3c consecutive floats of the image.
EXPORT("im2col") void im2col(const f32 *src, f32 *dst, int batch, int h, int w, int c) {
  int ho = h / 2, wo = w / 2, c3 = 3 * c;
  for (int n = 0; n < batch; n++) {
    const f32 *img = src + n * h * w * c;
    for (int i = 0; i < ho; i++) {
      for (int j = 0; j < wo; j++) {
        for (int dy = 0; dy < 3; dy++, dst += c3) {
          int y = 2 * i + dy - 1;
          if (y < 0 || y >= h) {
            for (int k = 0; k < c3; k++) dst[k] = 0;
            continue;
          }
          const f32 *row = img + (y * w + 2 * j - 1) * c; // column 2j−1
          int k = 0;
          if (j == 0) {
            for (; k < c; k++) dst[k] = 0;
          }
          for (; k < c3; k++) dst[k] = row[k]; // 2j+1 < w: w is even
        }
      }
    }
  }
}

// Z[M, N] += b (per column), then ReLU in place when relu is 1 (mlp.c's bias_act, 4 lanes).
EXPORT("bias_relu") void bias_relu(f32 *Z, const f32 *b, int M, int N, int relu) {
  v128_t zero = wasm_f32x4_splat(0);
  int N4 = N & ~3;
  for (int i = 0; i < M; i++, Z += N) {
    for (int j = 0; j < N4; j += 4) {
      v128_t z = wasm_f32x4_add(wasm_v128_load(Z + j), wasm_v128_load(b + j));
      if (relu) z = wasm_v128_and(z, wasm_f32x4_gt(z, zero));
      wasm_v128_store(Z + j, z);
    }
    for (int j = N4; j < N; j++) {
      f32 z = Z[j] + b[j];
      Z[j] = relu && !(z > 0) ? 0 : z;
    }
  }
}

// The adjoint: dst[n, 2i+dy−1, 2j+dx−1, ch] += src[n, i, j, (dy, dx, ch)] into a zeroed
// dst of [batch, h, w, c], patches added in order (lib/model/im2col.ts's scatter); then,
// unless bias is 0, bias_relu on each image while it is in cache.
EXPORT("col2im") void col2im(const f32 *src, f32 *dst, int batch, int h, int w, int c,
                             const f32 *bias, int relu) {
  int ho = h / 2, wo = w / 2, c3 = 3 * c;
  for (int n = 0; n < batch; n++) {
    f32 *img = dst + n * h * w * c;
    for (int k = 0; k < h * w * c; k++) img[k] = 0;
    for (int i = 0; i < ho; i++) {
      for (int j = 0; j < wo; j++) {
        for (int dy = 0; dy < 3; dy++, src += c3) {
          int y = 2 * i + dy - 1;
          if (y < 0 || y >= h) continue;
          f32 *row = img + (y * w + 2 * j - 1) * c;
          for (int k = j == 0 ? c : 0; k < c3; k++) row[k] += src[k];
        }
      }
    }
    if (bias) bias_relu(img, bias, h * w, c, relu);
  }
}

// dZ = dY where the ReLU output Y is positive, else 0 (in place; skipped when relu is 0), and
// db[N] = the column sums of dZ[M, N], each column summed row by row (mlp.c's colsum).
EXPORT("relu_back_sum") void relu_back_sum(f32 *dY, const f32 *Y, f32 *db, int M, int N,
                                           int relu) {
  v128_t zero = wasm_f32x4_splat(0);
  int N4 = N & ~3;
  for (int j = 0; j < N; j++) db[j] = 0;
  for (int i = 0; i < M; i++, dY += N, Y += N) {
    for (int j = 0; j < N4; j += 4) {
      v128_t d = wasm_v128_load(dY + j);
      if (relu) {
        d = wasm_v128_and(d, wasm_f32x4_gt(wasm_v128_load(Y + j), zero));
        wasm_v128_store(dY + j, d);
      }
      wasm_v128_store(db + j, wasm_f32x4_add(wasm_v128_load(db + j), d));
    }
    for (int j = N4; j < N; j++) {
      if (relu && !(Y[j] > 0)) dY[j] = 0;
      db[j] += dY[j];
    }
  }
}

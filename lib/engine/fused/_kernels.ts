// The Wasm kernels' exports as TypeScript sees them: shared by the step that calls them
// (wasm.ts) and the helper threads that call matmul on their share of rows (threads.ts).

/** The exports of lib/engine/fused/kernels/mlp.c (pointers are byte offsets). */
export interface Kernels {
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, acc: number): void;
  transpose(src: number, dst: number, r: number, c: number): void;
  gather(x: number, idx: number, out: number, n: number, d: number): void;
  corrupt(x: number, noise: number, out: number, n: number, mul: number): void;
  mask_corrupt(
    x: number,
    out: number,
    n: number,
    a: number,
    b: number,
    c: number,
    d: number,
    below: number,
  ): void;
  bias_act(z: number, b: number, m: number, n: number, relu: number): void;
  mse(y: number, t: number, dy: number, n: number): number;
  relu_back(dy: number, y: number, n: number): void;
  colsum(dz: number, db: number, m: number, n: number): void;
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    b1: number,
    oneB1: number,
    b2: number,
    oneB2: number,
    eps: number,
    sqrtC2: number,
    lrC1: number,
  ): void;
  vae_sample(h: number, eps: number, z: number, m: number, k: number): number;
  bernoulli(l: number, x: number, dl: number, n: number, scale: number, m: number): number;
  vae_back(
    dz: number,
    h: number,
    eps: number,
    dh: number,
    m: number,
    k: number,
    beta: number,
  ): void;
  sub_rows(x: number, b: number, out: number, m: number, n: number): void;
  unit_rows(w: number, a: number, norms: number, r: number, c: number): void;
  unit_rows_back(w: number, da: number, norms: number, dw: number, r: number, c: number): void;
  topk_rows(h: number, mask: number, tmp: number, m: number, n: number, k: number): void;
  l1(c: number, dc: number, n: number, w: number): number;
  mask_mul(dy: number, mask: number, n: number): void;
  colsum_sub(dx: number, db: number, m: number, n: number): void;
}

/** One Adam step's arguments by name: byte offsets of the flat arrays and the scalars. */
export interface AdamStep {
  /** Parameters, gradients, first and second moments (byte offsets). */
  p: number;
  g: number;
  m: number;
  v: number;
  /** Floats in each. */
  n: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** lr / (1 - beta1^t) and sqrt(1 - beta2^t), computed in float64 on the host. */
  lrC1: number;
  sqrtC2: number;
}

/** Calls the `adam` kernel (its export keeps the positional ABI of mlp.c). */
export function adamKernel(k: Kernels, s: AdamStep): void {
  const { beta1, beta2 } = s;
  k.adam(s.p, s.g, s.m, s.v, s.n, beta1, 1 - beta1, beta2, 1 - beta2, s.eps, s.sqrtC2, s.lrC1);
}

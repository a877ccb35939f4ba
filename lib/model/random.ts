// Counter-based random numbers: a generator is keyed by (seed, stream, epoch, step),
// so every backend, and a resumed run, sees the same draws. All randomness in the
// toolkit (initial weights, shuffle order, noise) comes from here, on the CPU.

/** A seeded stream of random numbers (xoshiro128** keyed by a hash of its key). */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal draw (Box–Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array;
  /** Fills `out` with the next raw 32-bit draws (next() is each one / 2^32), in one loop. */
  fillU32(out: Uint32Array): void;
  /** Fills `out` with 0 where the next draw is below `p` (next() < p), else 1, in one loop. */
  fillMask(out: Float32Array, p: number): void;
  /** A copy of the four xoshiro128** state words: where the next draw starts (for a kernel that
   * continues the stream, as mlp.c's mask_corrupt does). */
  state(): Uint32Array;
}

/** Names for the independent streams a run draws from. */
export const STREAMS = {
  init: 1,
  shuffle: 2,
  noise: 3,
  sample: 4,
  split: 5,
  edges: 6, // pumap: the edges and negative pairs of each step
  graph: 7, // pumap: the approximate kNN graph's random starts
} as const;

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [state, (z ^ (z >>> 16)) >>> 0];
}

/**
 * Creates the generator for one key, e.g. `rng(seed, STREAMS.shuffle, epoch)`.
 * Integer keys only; equal keys give equal streams on every platform.
 */
export function rng(seed: number, ...key: number[]): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  let h = 0x2545f491;
  for (const k of [seed, ...key]) {
    if (!Number.isInteger(k)) throw new RangeError(`rng key must be integers, got ${k}`);
    // Mix both 32-bit halves so seeds above 2^32 stay distinct.
    for (const part of [k | 0, Math.floor(k / 2 ** 32) | 0]) {
      [h] = splitmix32(h ^ part);
      [h] = splitmix32(h);
    }
  }
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) [h, s[i]] = splitmix32(h);
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;

  const nextU32 = (): number => {
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r;
  };
  const next = () => nextU32() / 2 ** 32;
  /** nextU32's steps inlined, one draw for each value of `raw` (the draw) or of `mask` (0 where
   * the draw is below `below`, else 1): bulk noise, 800,000 draws a step, without an array between. */
  const fill = (raw: Uint32Array | null, mask: Float32Array | null, below: number) => {
    let a = s[0] | 0, b = s[1] | 0, c = s[2] | 0, d = s[3] | 0; // int32s: the fast path
    const n = raw?.length ?? mask!.length;
    for (let i = 0; i < n; i++) {
      const u = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
      if (raw) raw[i] = u;
      else mask![i] = u < below ? 0 : 1;
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
    }
    s[0] = a, s[1] = b, s[2] = c, s[3] = d;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: () => {
      const u = 1 - next(); // (0, 1]
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    int: (n) => Math.floor(next() * n),
    permutation: (n) => {
      const p = new Int32Array(n);
      for (let i = 0; i < n; i++) p[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [p[i], p[j]] = [p[j], p[i]];
      }
      return p;
    },
    fillU32: (out) => fill(out, null, 0),
    fillMask: (out, p) => fill(null, out, p * 2 ** 32), // u / 2^32 < p exactly when u < p·2^32
    state: () => s.slice(),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

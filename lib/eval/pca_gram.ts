// PCA components of wide data (fewer rows n than columns d) from the centred rows' n × n Gram
// matrix G = Xc Xcᵀ / n: its eigenvalues are the covariance's nonzero ones and each eigenvector u
// gives the component Xcᵀ u / ‖Xcᵀ u‖. n² d / 2 + 9 n³ + k n d multiply-adds, never d³ or d².

import { symmetricEigen } from "./symmetric_eigen.ts";
import { Meter, stageHooks, type WorkHooks } from "./work_meter.ts";

/** The mean and the top directions of a Gram fit; `basis` has `components` rows. */
export interface GramFit {
  /** Column means. // [columns] */
  mean: Float64Array;
  /** Unit directions, largest variance first, orthonormal. // [components, columns] */
  basis: Float64Array;
  /** How many: the requested count, or the rank of the centred rows if that is smaller. */
  components: number;
  /** The covariance's nonzero eigenvalues found, largest first (population). // [rank] */
  variances: Float64Array;
}

/**
 * Eigenvalues below this share of the largest times rows × columns are zero: rounding in the
 * Gram's sums is of that order, and their directions Xcᵀu would be mostly noise.
 */
const RANK_TOLERANCE = Number.EPSILON;

/**
 * The top `components` principal directions of row-major `x` by way of the Gram matrix; fewer
 * when the centred rows span fewer directions (the rest carry no variance, and any unit vectors
 * orthogonal to these would do). Meant for rows < columns, correct for any shape.
 */
export function gramFit(
  x: ArrayLike<number>,
  options: { columns: number; components: number } & WorkHooks,
): GramFit {
  const d = options.columns, n = x.length / d;
  const mean = new Float64Array(d);
  const c = new Float64Array(x.length); // centred rows
  const pass = new Meter({ checkStop: options.checkStop }, Infinity);
  for (let i = 0; i < x.length; i += d, pass.add(d)) {
    for (let j = i; j < i + d; j++) mean[j - i] += x[j] / n;
  }
  for (let i = 0; i < x.length; i += d, pass.add(d)) {
    for (let j = i; j < i + d; j++) c[j] = x[j] - mean[j - i];
  }
  const products = n * n * d / 2, eigen = 2 * n ** 3, mapped = 2 * options.components * n * d;
  const all = products + eigen + mapped;
  const meter = new Meter(stageHooks(options, { from: 0, to: products / all }), products);
  const g = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const ra = c.subarray(a * d, (a + 1) * d);
    for (let b = a; b < n; b++) {
      const rb = c.subarray(b * d, (b + 1) * d);
      let s = 0;
      for (let j = 0; j < d; j++) s += ra[j] * rb[j];
      g[a * n + b] = g[b * n + a] = s / n;
    }
    meter.add((n - a) * d);
  }
  meter.finish();
  const from = products / all, to = (products + eigen) / all;
  const { values, vectors } = symmetricEigen(g, n, stageHooks(options, { from, to }));
  const floor = Math.max(values[0], 0) * n * d * RANK_TOLERANCE;
  let rank = 0;
  while (rank < n && values[rank] > floor) rank++;
  const basis = directions(c, { d, u: vectors!, want: Math.min(options.components, rank) }, {
    ...stageHooks(options, { from: to, to: 1 }),
  });
  return {
    mean,
    basis,
    components: basis.length / d,
    variances: values.slice(0, rank),
  };
}

/**
 * Xcᵀ u for the first `want` eigenvectors u (rows of `u`), each made orthogonal to the ones
 * before (Gram–Schmidt, which only mends rounding) and of unit length; a vector that has
 * nothing left is dropped. // [kept, d]
 */
function directions(
  c: Float64Array,
  o: { d: number; u: Float64Array; want: number },
  hooks: WorkHooks,
): Float64Array {
  const { d, u, want } = o, n = c.length / d;
  const meter = new Meter(hooks, want * (2 * n * d + want * d));
  const out = new Float64Array(want * d);
  let kept = 0;
  for (let p = 0; p < want; p++) {
    const v = out.subarray(kept * d, (kept + 1) * d);
    for (let a = 0; a < n; a++) {
      const w = u[p * n + a], row = c.subarray(a * d, (a + 1) * d);
      if (w !== 0) { for (let j = 0; j < d; j++) v[j] += w * row[j]; }
    }
    const before = norm(v);
    for (let q = 0; q < kept; q++) {
      const e = out.subarray(q * d, (q + 1) * d);
      let dot = 0;
      for (let j = 0; j < d; j++) dot += e[j] * v[j];
      for (let j = 0; j < d; j++) v[j] -= dot * e[j];
    }
    const after = norm(v);
    meter.add(n * d + 2 * kept * d);
    if (!(after > 1e-6 * before)) {
      v.fill(0);
      continue;
    }
    for (let j = 0; j < d; j++) v[j] /= after;
    kept++;
  }
  meter.finish();
  return out.slice(0, kept * d);
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  return Math.sqrt(s);
}

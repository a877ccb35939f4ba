// The k largest covariance eigenvalues (and, if asked, their eigenvectors) by block Lanczos with
// full reorthogonalisation, on the centred data without forming the covariance: each pass over
// the data costs rows × columns × 16 multiply-adds (fewer on mostly-zero image data).

import { symmetricEigen } from "./symmetric_eigen.ts";
import { rng } from "../model/random.ts";
import {
  BLOCK,
  type Block,
  covTimes,
  orthonormalise,
  project,
  type Rows,
} from "./krylov_blocks.ts";
import { Meter, type WorkHooks } from "./work_meter.ts";
import type { Blas } from "../engine/fused/blas.ts";
import { covTimesBlas } from "./krylov_blas.ts";

const TOLERANCE = 1e-13; // of the total variance: the top-k sum's change that counts as converged
/** Of the total variance: the largest ‖C y − θ y‖ of the top-k Ritz pairs that counts as converged. */
const RESIDUAL = 1e-10;

/**
 * What krylovTop() needs besides the data. `checkStop` is called every few milliseconds of each
 * pass; `onProgress` after each pass with the share of the most passes the basis allows (the
 * run usually stops well before it, then reports 1).
 */
export interface KrylovOptions extends WorkHooks {
  /** How many of the largest eigenvalues to add up. */
  components: number;
  /** Column means. // [columns] */
  mean: Float64Array;
  /** The total variance (the covariance's trace). */
  total: number;
  /** Called after each pass over the data. @default undefined */
  onPass?: (p: { pass: number; dimension: number; change: number }) => void;
  /** Multiply the passes by its dgemm (OpenBLAS's), where it has one. @default undefined */
  blas?: Blas;
}

/** What blockLanczos() found. */
export interface Lanczos {
  /** The sum of the k largest eigenvalues. */
  top: number;
  /** With `vectors`: the top-k Ritz vectors, one unit vector per row, largest first. // [k, d] */
  basis: Float64Array | null;
  /** With `vectors`: each top-k Ritz pair's residual ‖C y − θ y‖ is under 1e-10 of the total. */
  converged: boolean;
}

/** The sum of the k largest covariance eigenvalues by block Lanczos (full reorthogonalisation). */
export function krylovTop(data: Rows, o: KrylovOptions): number {
  return blockLanczos(data, o).top;
}

/**
 * Block Lanczos on the covariance of `data`: the top-k eigenvalue sum until it stops moving or,
 * with `vectors`, the top-k eigenvectors until their residuals are small (`converged` false if
 * the basis reached its size limit or `maxPasses` passes over the data first, or spans fewer
 * than k directions).
 *
 * @param o.vectors Also return the top-k Ritz vectors, converged by residual. @default false
 * @param o.maxPasses With `vectors`, the most passes over the data. @default Infinity
 */
export function blockLanczos(
  data: Rows,
  o: KrylovOptions & { vectors?: boolean; maxPasses?: number },
): Lanczos {
  const d = data.columns, k = o.components;
  const maxDim = Math.min(d, data.rows + BLOCK, Math.max(4 * k, 2 * k + 240));
  const r = rng(1, 0x9ca);
  const start = new Float64Array(d * Math.min(BLOCK, maxDim)).map(() => r.normal());
  const basis: Block[] = [];
  let next = orthonormalise({ v: start, w: start.length / d }, basis);
  let h: Float64Array = new Float64Array(0); // Q^T C Q / total, grown by a block each pass // [dim, dim]
  let [best, calm, dim] = [0, 0, 0];
  const meter = new Meter(o, Infinity), maxPasses = o.vectors ? o.maxPasses ?? Infinity : Infinity;
  while (next.w > 0) {
    basis.push(next);
    const image = o.blas?.dgemm
      ? covTimesBlas(data, next, { mean: o.mean, meter, blas: { dgemm: o.blas.dgemm } })
      : covTimes(data, next, { mean: o.mean, meter }); // [d, next.w]
    h = grow(h, dim, basis, image, d, o.total);
    dim += next.w;
    const eig = symmetricEigen(h, dim, { vectors: false, checkStop: o.checkStop }).values;
    const top = eig.slice(0, k).reduce((s, v) => s + v, 0);
    const change = top - best;
    best = top;
    o.onPass?.({ pass: basis.length, dimension: dim, change });
    meter.report(Math.max(dim / maxDim, basis.length / maxPasses));
    calm = dim >= k && Math.abs(change) <= TOLERANCE ? calm + 1 : 0;
    const residual = project(image, basis); // [d, next.w], C's image outside the basis
    meter.add(5 * dim * next.w * d); // grow() and project()
    if (o.vectors && dim >= k) {
      const ritz = ritzPairs(h, dim, k, residual, basis, d, o.checkStop);
      meter.add(k * dim * d);
      const converged = ritz.worst <= RESIDUAL * o.total;
      if (converged || dim >= maxDim || basis.length >= maxPasses) {
        meter.finish();
        return { top: best * o.total, basis: ritz.basis, converged };
      }
    } else if (!o.vectors && (calm >= 2 || dim >= maxDim)) break;
    next = orthonormalise(image, basis, { limit: maxDim - dim, projected: residual });
  }
  // The basis spans an invariant subspace: its Ritz pairs are exact.
  const done = o.vectors && dim >= k
    ? ritzPairs(h, dim, k, null, basis, d, o.checkStop).basis
    : null;
  meter.finish();
  return { top: best * o.total, basis: done, converged: !o.vectors || done !== null };
}

/** h bordered by the new block's products with every basis block. // [dim + w, dim + w] */
function grow(
  h: Float64Array,
  dim: number,
  basis: Block[],
  image: Block,
  d: number,
  total: number,
): Float64Array {
  const w = image.w, size = dim + w, out = new Float64Array(size * size);
  for (let i = 0; i < dim; i++) out.set(h.subarray(i * dim, (i + 1) * dim), i * size);
  let col = 0;
  for (const q of basis) {
    for (let a = 0; a < q.w; a++) {
      for (let c = 0; c < w; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += q.v[j * q.w + a] * image.v[j * w + c];
        out[(col + a) * size + dim + c] = out[(dim + c) * size + col + a] = s / total;
      }
    }
    col += q.w;
  }
  return out;
}

/**
 * The top-k Ritz vectors Q s (one per row) and the largest residual ‖R s_last‖ (R: the last
 * block's image outside the basis, s_last: s's entries on that block; 0 without R).
 */
function ritzPairs(
  h: Float64Array,
  dim: number,
  k: number,
  residual: Block | null,
  basis: Block[],
  d: number,
  checkStop?: () => void,
): { basis: Float64Array; worst: number } {
  const s = symmetricEigen(h, dim, { checkStop }).vectors!; // row p: the p-th largest's vector
  const out = new Float64Array(k * d), r = new Float64Array(d);
  let worst = 0;
  for (let p = 0; p < k; p++) {
    const sp = s.subarray(p * dim, (p + 1) * dim), y = out.subarray(p * d, (p + 1) * d);
    let col = 0;
    for (const q of basis) {
      for (let j = 0; j < d; j++) {
        let v = 0;
        for (let c = 0; c < q.w; c++) v += q.v[j * q.w + c] * sp[col + c];
        y[j] += v;
      }
      col += q.w;
    }
    if (!residual) continue;
    const w = residual.w, last = sp.subarray(dim - w);
    let norm = 0;
    for (let j = 0; j < d; j++) {
      r[j] = 0;
      for (let c = 0; c < w; c++) r[j] += residual.v[j * w + c] * last[c];
      norm += r[j] * r[j];
    }
    worst = Math.max(worst, Math.sqrt(norm));
  }
  return { basis: out, worst };
}

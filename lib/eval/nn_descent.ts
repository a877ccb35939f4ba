// Approximate k nearest neighbours by NN-descent (Dong, Moses & Li 2011): start from random
// lists, then repeatedly compare each row's neighbours with each other (a neighbour of a
// neighbour is likely a neighbour) until few lists change. Deterministic for a seed.

import { rng, STREAMS } from "../model/random.ts";
import { Meter, type WorkHooks } from "./work_meter.ts";

/** Neighbour lists: `indices[i·k + m]` is row i's (m+1)-th nearest found, `distances` squared. */
export interface Neighbours {
  /** Neighbours per row. */
  k: number;
  /** Row indexes, nearest first. // [rows, k] */
  indices: Int32Array;
  /** Their squared Euclidean distances. // [rows, k] */
  distances: Float64Array;
}

/** Squared Euclidean distance between rows i and j of `x` (`d` columns). */
export function squaredDistance(x: ArrayLike<number>, d: number, i: number, j: number): number {
  let s = 0;
  for (let c = 0, a = i * d, b = j * d; c < d; c++) {
    const t = x[a + c] - x[b + c];
    s += t * t;
  }
  return s;
}

/**
 * NN-descent over the rows of `x`: `iterations` rounds at most, stopping once a round changes
 * fewer than `delta`·rows·k entries. Needs rows > k.
 * @param options.seed The keyed stream's seed (stream `graph`).
 * @param options.iterations Rounds at most. @default 12
 * @param options.delta Stop when fewer entries change than this fraction. @default 0.001
 * @param options.checkStop called between rows of each round; throw to abort. @default undefined
 * @param options.onProgress the fraction of the rounds' work done (rounds at most). @default
 * undefined
 */
export function nnDescent(
  x: ArrayLike<number>,
  options: WorkHooks & {
    rows: number;
    cols: number;
    k: number;
    seed: number;
    iterations?: number;
    delta?: number;
  },
): Neighbours {
  const { rows: n, cols: d, k } = options;
  if (n <= k) throw new RangeError(`nnDescent: needs more than k = ${k} rows, got ${n}`);
  const indices = new Int32Array(n * k).fill(-1);
  const distances = new Float64Array(n * k).fill(Infinity);
  const isNew = new Uint8Array(n * k);
  /** Inserts j into i's sorted list unless present or too far; true when it went in. */
  const push = (i: number, j: number, dist: number): boolean => {
    const o = i * k;
    if (dist >= distances[o + k - 1]) return false;
    for (let m = 0; m < k; m++) if (indices[o + m] === j) return false;
    let p = k - 1;
    for (; p > 0 && distances[o + p - 1] > dist; p--) {
      distances[o + p] = distances[o + p - 1];
      indices[o + p] = indices[o + p - 1];
      isNew[o + p] = isNew[o + p - 1];
    }
    [distances[o + p], indices[o + p], isNew[o + p]] = [dist, j, 1];
    return true;
  };
  const start = rng(options.seed, STREAMS.graph, 0);
  for (let i = 0; i < n; i++) {
    for (let tries = 0; indices[i * k + k - 1] < 0 && tries < 4 * k; tries++) {
      const j = start.int(n);
      if (j !== i) push(i, j, squaredDistance(x, d, i, j));
    }
  }
  const cap = k; // candidates kept per row, new and old each
  const cand = { new: new Int32Array(n * cap), old: new Int32Array(n * cap) };
  const pri = { new: new Float64Array(n * cap), old: new Float64Array(n * cap) };
  const count = { new: new Int32Array(n), old: new Int32Array(n) };
  const iterations = options.iterations ?? 12;
  const meter = new Meter(options, iterations * n * 2 * k * k * d); // (2k)² / 2 pairs a row
  for (let it = 0; it < iterations; it++) {
    const r = rng(options.seed, STREAMS.graph, it + 1);
    count.new.fill(0);
    count.old.fill(0);
    // Candidates: each row's neighbours and reverse neighbours, the `cap` of lowest priority.
    const offer = (kind: "new" | "old", i: number, j: number, p: number) => {
      const o = i * cap, c = count[kind][i];
      if (c < cap) {
        cand[kind][o + c] = j;
        pri[kind][o + c] = p;
        count[kind][i]++;
        return;
      }
      let worst = 0;
      for (let m = 1; m < cap; m++) if (pri[kind][o + m] > pri[kind][o + worst]) worst = m;
      if (p < pri[kind][o + worst]) [cand[kind][o + worst], pri[kind][o + worst]] = [j, p];
    };
    for (let i = 0; i < n; i++) {
      for (let m = 0; m < k; m++) {
        const j = indices[i * k + m];
        if (j < 0) continue;
        const kind = isNew[i * k + m] ? "new" : "old";
        const p = r.next();
        offer(kind, i, j, p);
        offer(kind, j, i, p);
      }
    }
    // Sampled new candidates become old ones.
    for (let i = 0; i < n; i++) {
      for (let m = 0; m < k; m++) {
        const j = indices[i * k + m];
        for (let c = 0; c < count.new[i]; c++) {
          if (cand.new[i * cap + c] === j) isNew[i * k + m] = 0;
        }
      }
    }
    let changes = 0;
    for (let i = 0; i < n; i++) {
      const nn = count.new[i], no = count.old[i], o = i * cap;
      for (let a = 0; a < nn; a++) {
        const p = cand.new[o + a];
        for (let b = a + 1; b < nn + no; b++) {
          const q = b < nn ? cand.new[o + b] : cand.old[o + b - nn];
          if (p === q) continue;
          const dist = squaredDistance(x, d, p, q);
          if (push(p, q, dist)) changes++;
          if (push(q, p, dist)) changes++;
        }
      }
      meter.add(nn * (nn + no) * d);
    }
    if (changes < (options.delta ?? 0.001) * n * k) break;
  }
  meter.finish();
  return { k, indices, distances };
}

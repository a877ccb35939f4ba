// knn_blas.ts's running candidate lists: per row the `width` smallest keys seen (float32
// distance less the row's own squared norm), sorted by key then index, with a threshold check
// that rejects almost every offer in one comparison.

/** Per-row sorted lists of the smallest (key, index) pairs offered. */
export class CandidateLists {
  /** Keys, row after row, ascending. // [rows, width] */
  readonly keys: Float64Array;
  /** Their row indexes. // [rows, width] */
  readonly ids: Int32Array;
  /** Each row's largest kept key (Infinity until the list is full). */
  readonly #worst: Float64Array;
  readonly #fill: Int32Array;
  readonly #w: number;

  /** Empty lists of `width` entries for `rows` rows. */
  constructor(rows: number, width: number) {
    this.keys = new Float64Array(rows * width).fill(Infinity);
    this.ids = new Int32Array(rows * width).fill(-1);
    this.#worst = new Float64Array(rows).fill(Infinity);
    this.#fill = new Int32Array(rows);
    this.#w = width;
  }

  /**
   * Offers both directions of every pair in a product block `c` (rows i0…i0+bi against rows
   * j0…j0+bj, row-major, c = xᵢ·xⱼ); on the diagonal block (i0 = j0) each pair once.
   */
  offerBlock(
    c: Float32Array,
    o: { i0: number; bi: number; j0: number; bj: number; norm: Float64Array },
  ): void {
    const { i0, bi, j0, bj, norm } = o, worst = this.#worst;
    for (let r = 0; r < bi; r++) {
      const i = i0 + r, ni = norm[i];
      let wi = worst[i];
      for (let s = i0 === j0 ? r + 1 : 0, e = r * bj; s < bj; s++) {
        const j = j0 + s, dot2 = 2 * c[e + s];
        const ki = norm[j] - dot2; // j as i's candidate
        if (ki <= wi) {
          this.#offer(i, j, ki);
          wi = worst[i];
        }
        const kj = ni - dot2; // i as j's candidate
        if (kj <= worst[j]) this.#offer(j, i, kj);
      }
    }
  }

  /** Inserts (key, j) into row i's list if it sorts before the last entry. */
  #offer(i: number, j: number, key: number): void {
    const w = this.#w, o = i * w, keys = this.keys, ids = this.ids;
    const full = this.#fill[i] === w;
    if (full && (key > keys[o + w - 1] || (key === keys[o + w - 1] && j > ids[o + w - 1]))) return;
    let p = full ? w - 1 : this.#fill[i]++;
    for (
      ;
      p > 0 && (keys[o + p - 1] > key || (keys[o + p - 1] === key && ids[o + p - 1] > j));
      p--
    ) {
      keys[o + p] = keys[o + p - 1];
      ids[o + p] = ids[o + p - 1];
    }
    keys[o + p] = key;
    ids[o + p] = j;
    if (this.#fill[i] === w) this.#worst[i] = keys[o + w - 1];
  }
}

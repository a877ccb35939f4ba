// SHA-256, the one implementation: sha256() and sha256Digest() of whole bytes or text (WebCrypto),
// and Sha256 (FIPS 180-4) fed in chunks, for hashing a file while it streams in. Sha256 is checked
// against crypto.subtle.digest in tests/data/sha256_test.ts around the block and chunk boundaries.

/** The 32-byte SHA-256 digest of bytes or text. */
export async function sha256Digest(content: Uint8Array | string): Promise<Uint8Array> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

/** Hex SHA-256 (64 lowercase digits) of bytes or text. */
export async function sha256(content: Uint8Array | string): Promise<string> {
  return hex(await sha256Digest(content));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const K = Uint32Array.from([
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
]);

/** An incremental SHA-256: update() with each chunk, then hex() once. */
export class Sha256 {
  #h = Uint32Array.from([
    0x6a09e667,
    0xbb67ae85,
    0x3c6ef372,
    0xa54ff53a,
    0x510e527f,
    0x9b05688c,
    0x1f83d9ab,
    0x5be0cd19,
  ]);
  #w = new Uint32Array(64);
  #block = new Uint8Array(64); // a partial block carried between chunks
  #fill = 0; // bytes in #block
  #length = 0; // bytes hashed so far
  #done = false;

  /** Adds the next bytes of the input. */
  update(bytes: Uint8Array): this {
    if (this.#done) throw new Error("Sha256: update() after hex()");
    this.#length += bytes.length;
    let i = 0;
    if (this.#fill > 0) {
      const take = Math.min(64 - this.#fill, bytes.length);
      this.#block.set(bytes.subarray(0, take), this.#fill);
      this.#fill += take;
      i = take;
      if (this.#fill < 64) return this;
      this.#compress(this.#block, 0);
      this.#fill = 0;
    }
    for (; i + 64 <= bytes.length; i += 64) this.#compress(bytes, i);
    this.#block.set(bytes.subarray(i), 0);
    this.#fill = bytes.length - i;
    return this;
  }

  /** The digest as 64 lowercase hex digits (ends the hash: no update() after it). */
  hex(): string {
    if (!this.#done) {
      const bits = this.#length * 8;
      const tail = new Uint8Array(this.#fill < 56 ? 64 : 128);
      tail.set(this.#block.subarray(0, this.#fill));
      tail[this.#fill] = 0x80;
      const view = new DataView(tail.buffer);
      view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
      view.setUint32(tail.length - 4, bits >>> 0);
      for (let i = 0; i < tail.length; i += 64) this.#compress(tail, i);
      this.#done = true;
    }
    return Array.from(this.#h, (v) => v.toString(16).padStart(8, "0")).join("");
  }

  #compress(b: Uint8Array, at: number): void {
    const w = this.#w, h = this.#h;
    for (let t = 0; t < 16; t++) {
      const p = at + 4 * t;
      w[t] = (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
    }
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15], y = w[t - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    let a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let t = 0; t < 64; t++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + s1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = bb;
      bb = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += bb;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
}

// An exported autoencoder in the browser (or Deno): loads model.json + weights.bin beside this
// file and runs them on TensorFlow.js, on the first backend that starts of WebGPU, WASM and CPU.
// Rows are arrays of numbers in the data's units; the run's scaling is applied here.

/**
 * Loads the exported model.
 * @param {string | URL} [base] the folder holding model.json (default: this module's folder)
 * @param {{ tf?: any, backends?: string[], wasmPaths?: string }} [options] tf: the TensorFlow.js
 *   namespace (default globalThis.tf, set by the vendor/ scripts); backends: tried in order
 *   (default webgpu, wasm, cpu); wasmPaths: where the .wasm files are (default base + vendor/)
 */
export async function load(base = new URL(".", import.meta.url), options = {}) {
  const tf = options.tf ?? globalThis.tf;
  if (!tf) throw new Error("TensorFlow.js not loaded: include vendor/*.js or pass options.tf");
  const root = new URL(String(base).replace(/\/?$/, "/"));
  const info = await (await fetch(new URL("model.json", root))).json();
  if (info.format !== "autoencoder-export") throw new Error("model.json: not an exported model");
  const bytes = await (await fetch(new URL(info.weights, root))).arrayBuffer();
  const backend = await pickBackend(tf, options.backends ?? ["webgpu", "wasm", "cpu"], {
    wasmPaths: options.wasmPaths ?? new URL("vendor/", root).href,
  });
  const tensors = {};
  for (const t of info.plan.tensors) {
    const data = new Float32Array(bytes, t.offset, t.shape.reduce((a, b) => a * b, 1));
    tensors[t.name] = tf.tensor(data, t.shape);
  }
  return new Autoencoder(tf, { info, tensors, backend });
}

async function pickBackend(tf, order, { wasmPaths }) {
  if (tf.wasm?.setWasmPaths) {
    tf.wasm.setWasmPaths(wasmPaths);
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false); // the bundle ships no threaded build
  }
  for (const name of order) {
    if (!tf.findBackendFactory(name)) continue;
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch { /* try the next */ }
  }
  throw new Error(`none of the backends ${order.join(", ")} started`);
}

/** A loaded model: encode, decode, reconstruct, score. */
export class Autoencoder {
  constructor(tf, { info, tensors, backend }) {
    this.tf = tf;
    /** model.json: the run, columns, latent size, threshold. */
    this.info = info;
    /** The backend in use: webgpu, wasm or cpu. */
    this.backend = backend;
    this.tensors = tensors;
  }

  /** Codes of rows (arrays of numbers, data units). @returns {Promise<number[][]>} */
  encode(rows) {
    return this.#run(
      rows,
      this.info.columns,
      (x) => this.#ops(this.info.plan.encoder, this.#scale(x)),
    );
  }

  /** Rows (data units) of codes. @returns {Promise<number[][]>} */
  decode(codes) {
    return this.#run(
      codes,
      this.info.latent,
      (z) => this.#unscale(this.#ops(this.info.plan.decoder, z)),
    );
  }

  /** Reconstructions of rows, in the data's units. @returns {Promise<number[][]>} */
  reconstruct(rows) {
    return this.#run(rows, this.info.columns, (x) => {
      const z = this.#ops(this.info.plan.encoder, this.#scale(x));
      return this.#unscale(this.#ops(this.info.plan.decoder, z));
    });
  }

  /**
   * Anomaly scores: each row's mean squared reconstruction error in the scaled units (as
   * `deno task detect`), and whether it is above the exported threshold (null without one).
   * @returns {Promise<{ score: number, anomaly: boolean | null }[]>}
   */
  async score(rows) {
    const [errors] = await this.#run(rows, this.info.columns, (x) => {
      const xs = this.#scale(x);
      const ys = this.#ops(this.info.plan.decoder, this.#ops(this.info.plan.encoder, xs));
      return this.tf.reshape(this.tf.mean(this.tf.square(this.tf.sub(xs, ys)), 1), [1, -1]);
    }, rows.length);
    const t = this.info.threshold;
    return errors.map((score) => ({ score, anomaly: t == null ? null : score > t }));
  }

  /** Frees the weights. */
  dispose() {
    for (const t of Object.values(this.tensors)) t.dispose();
  }

  async #run(rows, width, fn, outWidth) {
    const tf = this.tf;
    rows.forEach((r, i) => {
      if (r.length !== width) throw new Error(`row ${i} has ${r.length} values; expected ${width}`);
    });
    const y = tf.tidy(() => fn(tf.tensor2d(rows.flat(), [rows.length, width], "float32")));
    const data = await y.data();
    const cols = outWidth ?? y.shape[1];
    y.dispose();
    return Array.from(
      { length: data.length / cols },
      (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)),
    );
  }

  #scale(x) {
    const { tf, tensors, info } = this;
    return tf.div(tf.sub(x, tensors[info.plan.offset]), tensors[info.plan.scale]);
  }

  #unscale(y) {
    const { tf, tensors, info } = this;
    return tf.add(tf.mul(y, tensors[info.plan.scale]), tensors[info.plan.offset]);
  }

  #ops(ops, x) {
    for (const op of ops) x = this.#op(op, x);
    return x;
  }

  #op(op, x) {
    const { tf, tensors: t } = this;
    switch (op.op) {
      case "dense":
        return tf.add(tf.matMul(x, t[op.w]), t[op.b]);
      case "relu":
        return tf.relu(x);
      case "sigmoid":
        return tf.sigmoid(x);
      case "columns":
        return tf.slice(x, [0, op.start], [-1, op.count]);
      case "mul":
        return tf.mul(x, op.by);
      case "sub":
        return tf.sub(x, t[op.value]);
      case "topk": {
        const kth = tf.slice(tf.topk(x, op.k).values, [0, op.k - 1], [-1, 1]);
        return tf.mul(x, tf.cast(tf.greaterEqual(x, kth), "float32"));
      }
      case "conv":
      case "deconv": {
        const [h, w, c] = op.image;
        const image = tf.reshape(x, [-1, h, w, c]);
        // kernels are stored [out, in, 3, 3] (conv) / [in, out, 3, 3] (deconv); tfjs wants
        // [3, 3, in, out] (conv2d) and [3, 3, out, in] (conv2dTranspose)
        const k = tf.transpose(t[op.w], [2, 3, 1, 0]);
        const y = op.op === "conv"
          ? tf.conv2d(image, k, 2, 1)
          : tf.conv2dTranspose(image, k, [image.shape[0], 2 * h, 2 * w, t[op.b].shape[0]], 2, 1);
        return tf.reshape(tf.add(y, t[op.b]), [image.shape[0], -1]);
      }
      default:
        throw new Error(`model.json: unknown op '${op.op}'`);
    }
  }
}

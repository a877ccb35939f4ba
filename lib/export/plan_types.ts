// The export plan's types: a model as a list of operations over named float32 tensors, the
// encoder from scaled rows to codes and the decoder from codes to scaled rows (plan.ts builds
// it; onnx_nodes.ts and web/autoencoder.js translate it).

/** A named float32 tensor, row-major. */
export interface PlanTensor {
  /** Unique name (an ONNX initializer's, a web weights entry's). */
  name: string;
  /** Its shape. */
  shape: number[];
  /** Its values, row-major. */
  data: Float32Array;
}

/** One step of the forward pass; tensors are referred to by name. */
export type PlanOp =
  /** x·w + b, w [in, out] (ONNX Gemm). */
  | { op: "dense"; w: string; b: string }
  | { op: "relu" }
  | { op: "sigmoid" }
  /** Columns start … start+count−1 (the vae's posterior mean). */
  | { op: "columns"; start: number; count: number }
  /** Multiplies by a constant (the vae's input scale). */
  | { op: "mul"; by: number }
  /** Subtracts a vector from every row (the sae's decoder bias). */
  | { op: "sub"; value: string }
  /** Keeps each row's k largest values, zero elsewhere (the sae's top-k). */
  | { op: "topk"; k: number }
  /**
   * Strided 3×3 convolution (pad 1, stride 2) of rows holding [h, w, cin] images, row-major
   * (NHWC), to rows of [h/2, w/2, cout]; w [cout, cin, 3, 3].
   */
  | { op: "conv"; w: string; b: string; image: [number, number, number] }
  /**
   * Transposed 3×3 convolution (PyTorch's stride 2, pad 1, output padding 1) of rows holding
   * [h, w, cin] images to rows of [2h, 2w, cout]; w [cin, cout, 3, 3].
   */
  | { op: "deconv"; w: string; b: string; image: [number, number, number] };

/** A model ready to export. */
export interface ExportPlan {
  /** Family member. */
  kind: string;
  /** Dense or convolutional. */
  arch: "mlp" | "conv";
  /** Input columns (pixels for images). */
  columns: number;
  /** Code size. */
  latent: number;
  /** conv and image runs: [height, width, channels]. */
  imageShape: [number, number, number] | null;
  /** Scaling of the input: x' = (x − offset) / scale, tensors of [columns]. */
  offset: string;
  /** See offset. */
  scale: string;
  /** Scaled rows [n, columns] → codes [n, latent]. */
  encoder: PlanOp[];
  /** Codes [n, latent] → scaled rows [n, columns]. */
  decoder: PlanOp[];
  /** Every tensor the ops name. */
  tensors: PlanTensor[];
}

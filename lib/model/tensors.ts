// The tfjs types the public API's signatures use, named here so that the API's documentation
// is complete: tensors of rank 0, 1 and 2, any tensor, and trainable variables.

import type * as tf from "@tensorflow/tfjs";

/** A tfjs tensor of any rank. */
export type Tensor = tf.Tensor;
/** A tfjs scalar (rank 0), e.g. a loss. */
export type Scalar = tf.Scalar;
/** A tfjs vector (rank 1), e.g. one value per row. // [rows] */
export type Tensor1D = tf.Tensor1D;
/** A tfjs matrix (rank 2), e.g. a batch of rows. // [rows, columns] */
export type Tensor2D = tf.Tensor2D;
/** A trainable tfjs variable: a layer's weights or bias. */
export type Variable = tf.Variable;

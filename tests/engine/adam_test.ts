// adamScalars: the bias-corrected learning rate and sqrt(c2) that the graph step and the fused
// kernels share, against the formulas written out (PyTorch's torch.optim.Adam, betas 0.9/0.999).

import { assertAlmostEquals, assertEquals } from "@std/assert";
import { ADAM, adamScalars } from "../../lib/engine/adam.ts";

Deno.test("adamScalars() is lr / (1 − β1^t) and sqrt(1 − β2^t), tending to lr and 1", () => {
  assertEquals(ADAM, { beta1: 0.9, beta2: 0.999, eps: 1e-8 });
  const first = adamScalars(1, 1e-3);
  assertAlmostEquals(first.lrC1, 1e-2, 1e-15); // 1e-3 / 0.1
  assertAlmostEquals(first.sqrtC2, Math.sqrt(1e-3), 1e-15);
  const tenth = adamScalars(10, 0.5);
  assertAlmostEquals(tenth.lrC1, 0.5 / (1 - 0.9 ** 10), 1e-15);
  assertAlmostEquals(tenth.sqrtC2, Math.sqrt(1 - 0.999 ** 10), 1e-15);
  const late = adamScalars(100_000, 1e-3);
  assertAlmostEquals(late.lrC1, 1e-3, 1e-15);
  assertAlmostEquals(late.sqrtC2, 1, 1e-15);
});

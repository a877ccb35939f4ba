// covariance(): the shifted, zero-skipping sums agree with the plain two-pass centred covariance
// on mostly-zero pixels (summed about 0), columns far from 0 (about their mean) and a mix.

import { assertEquals, assertLess } from "@std/assert";
import { covariance } from "../../lib/eval/covariance.ts";
import { rng } from "../../lib/model/random.ts";

/** Σ (x − μ)(x − μ)ᵀ / rows, summed about the exact float64 means. */
function centred(x: Float32Array, d: number): Float64Array {
  const n = x.length / d, mean = new Float64Array(d), cov = new Float64Array(d * d);
  for (let i = 0; i < x.length; i++) mean[i % d] += x[i] / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      for (let l = 0; l < d; l++) {
        cov[j * d + l] += (x[i * d + j] - mean[j]) * (x[i * d + l] - mean[l]) / n;
      }
    }
  }
  return cov;
}

Deno.test("covariance() matches the centred two-pass covariance on sparse, offset and mixed columns", () => {
  const r = rng(9), n = 400, d = 12;
  const cases: [string, (j: number) => number][] = [
    ["sparse pixels", () => (r.uniform(0, 1) < 0.7 ? 0 : r.uniform(0, 1))],
    ["far from 0", (j) => 1e4 + j + r.normal()],
    ["mixed", (j) => (j % 2 ? 1e3 + r.normal() : r.uniform(0, 1) < 0.5 ? 0 : r.normal())],
  ];
  for (const [what, f] of cases) {
    const x = Float32Array.from({ length: n * d }, (_, i) => f(i % d));
    const { mean, cov } = covariance(x, { columns: d });
    const want = centred(x, d);
    for (let j = 0; j < d; j++) {
      for (let l = 0; l < d; l++) {
        const scale = Math.sqrt(want[j * d + j] * want[l * d + l]);
        assertLess(Math.abs(cov[j * d + l] - want[j * d + l]), 1e-12 * scale, `${what} ${j},${l}`);
        assertEquals(cov[j * d + l], cov[l * d + j]);
      }
      assertLess(
        Math.abs(mean[j] - x.filter((_, i) => i % d === j).reduce((s, v) => s + v, 0) / n),
        1e-9 * (1 + Math.abs(mean[j])),
      );
    }
  }
});

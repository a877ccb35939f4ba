// UMAP's curve of latent distances, q(d) = 1 / (1 + a·d^(2b)): a and b fitted by least squares
// to UMAP's target (1 up to min_dist, then exp(-(d - min_dist)/spread)), as umap-learn's
// find_ab_params does with scipy's curve_fit (min_dist 0.1, spread 1: a ≈ 1.577, b ≈ 0.895).

/** The curve's parameters. */
export interface UmapCurve {
  /** Scale of d^(2b). */
  a: number;
  /** Exponent (half of d's). */
  b: number;
}

/**
 * Fits a and b for `minDist` by Levenberg–Marquardt over 300 distances in [0, 3·spread].
 * @throws {RangeError} on a minDist outside [0, spread) or a spread that is not positive.
 */
export function fitUmapCurve(minDist: number, options: { spread?: number } = {}): UmapCurve {
  const spread = options.spread ?? 1;
  if (!(spread > 0) || !(minDist >= 0 && minDist < spread)) {
    throw new RangeError(`min_dist must be in [0, ${spread}), got ${minDist}`);
  }
  const xs = Array.from({ length: 300 }, (_, i) => (3 * spread * i) / 299);
  const ys = xs.map((x) => x < minDist ? 1 : Math.exp(-(x - minDist) / spread));
  const cost = (a: number, b: number) =>
    xs.reduce((s, x, i) => s + (1 / (1 + a * x ** (2 * b)) - ys[i]) ** 2, 0);
  let [a, b, lambda] = [1, 1, 1e-3];
  let c = cost(a, b);
  for (let it = 0; it < 500; it++) {
    // Normal equations J'J·δ = -J'r of the residuals r = f - y.
    let [jaa, jab, jbb, ga, gb] = [0, 0, 0, 0, 0];
    xs.forEach((x, i) => {
      if (x === 0) return; // f = 1 there whatever a and b
      const p = x ** (2 * b), f = 1 / (1 + a * p), r = f - ys[i];
      const da = -p * f * f, db = -a * p * 2 * Math.log(x) * f * f;
      [jaa, jab, jbb, ga, gb] = [
        jaa + da * da,
        jab + da * db,
        jbb + db * db,
        ga + da * r,
        gb + db * r,
      ];
    });
    const [maa, mbb] = [jaa * (1 + lambda), jbb * (1 + lambda)];
    const det = maa * mbb - jab * jab;
    const [sa, sb] = [(-ga * mbb + gb * jab) / det, (-gb * maa + ga * jab) / det];
    const next = cost(a + sa, b + sb);
    if (next < c) {
      const done = c - next < 1e-15 * (1 + c);
      [a, b, c, lambda] = [a + sa, b + sb, next, lambda / 10];
      if (done) break;
    } else lambda *= 10;
    if (lambda > 1e12) break;
  }
  return { a, b };
}

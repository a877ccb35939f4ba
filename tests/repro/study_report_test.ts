// report.md's answer to "do low-loss models have similar latent spaces?" from constructed seed
// studies: its conclusion must follow from the very numbers it prints (the correlation and the
// lowest-loss seeds' CKA against all pairs'), in either direction and when they disagree.

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { reproReport } from "../../lib/repro/study_report.ts";
import { type PairResult, pearson, type SeedResult } from "../../lib/repro/study.ts";
import { rng } from "../../lib/model/random.ts";

/** Seeds 1…n with these MSEs, and a pair per two seeds with the CKA `cka(a, b)` gives. */
function study(mses: number[], cka: (a: number, b: number) => number) {
  const results: SeedResult[] = mses.map((mse, i) => ({
    seed: i + 1,
    reconstruction_mse: mse,
    pca_mse: 0.05,
    knn_accuracy: null,
    train_s: 1,
    backend: "wasm",
    engine: "fused",
    latent: { data: new Float64Array(2), rows: 1, cols: 2 },
    labels: [""],
  }));
  const pairs: PairResult[] = [];
  for (let a = 0; a < mses.length; a++) {
    for (let b = a + 1; b < mses.length; b++) {
      const mean_mse = (mses[a] + mses[b]) / 2;
      pairs.push({ seed_a: a + 1, seed_b: b + 1, cka: cka(a, b), procrustes: 0.5, mean_mse });
    }
  }
  return { results, pairs, report: reproReport(results, pairs, { title: "t", command: "c" }) };
}

/** The numbers question 2 prints and the sentence that concludes from them. */
function question2(report: string) {
  const m =
    /CKA: (\S+) over \d+ pairs.*median CKA is (\S+) against (\S+) over all pairs\. (.*?) With/
      .exec(report);
  if (!m) throw new Error(`no question 2 in:\n${report}`);
  return { r: Number(m[1]), best: Number(m[2]), all: Number(m[3]), says: m[4] };
}

const MSES = [0.011, 0.012, 0.013, 0.014, 0.015];

Deno.test("repro report: low loss with high CKA says 'more similar'; with low CKA 'less similar'", () => {
  // CKA falls as the pair's loss rises: lower loss goes with more similar spaces.
  const more = question2(study(MSES, (a, b) => 0.95 - 0.1 * (a + b)).report);
  assert(more.r <= -0.3 && more.best > more.all, JSON.stringify(more));
  assertStringIncludes(more.says, "Lower loss goes with more similar spaces here");
  // CKA rises with the pair's loss: lower loss goes with less similar spaces.
  const less = question2(study(MSES, (a, b) => 0.2 + 0.1 * (a + b)).report);
  assert(less.r >= 0.3 && less.best < less.all, JSON.stringify(less));
  assertStringIncludes(less.says, "Lower loss goes with less similar spaces here");
});

Deno.test("repro report: a correlation the lowest-loss seeds contradict is no clear link", () => {
  // Seeds 1 and 2 (the lowest loss) differ (CKA 0.5), yet over all pairs CKA falls with loss.
  const table: Record<string, number> = { "0,1": 0.5, "0,2": 0.9, "0,3": 0.85, "1,2": 0.8 };
  const cka = (a: number, b: number) => table[`${a},${b}`] ?? (b === 3 && a === 1 ? 0.3 : 0.1);
  const { pairs, report } = study([1, 2, 3, 4], cka);
  const q = question2(report);
  assert(pearson(pairs.map((p) => p.mean_mse), pairs.map((p) => p.cka)) < -0.3);
  assertEquals([q.best, q.all], [0.5, 0.65]);
  assertStringIncludes(
    q.says,
    "No clear link: the correlation says lower loss goes with more similar spaces, but the " +
      "lowest-loss seeds' median CKA is below all pairs'.",
  );
});

Deno.test("repro report: over random studies the conclusion always follows the printed numbers", () => {
  const random = rng(20, 8);
  for (let k = 0; k < 300; k++) {
    const n = 3 + (k % 5);
    const mses = Array.from({ length: n }, () => random.uniform(0.01, 0.02));
    const q = question2(study(mses, () => random.uniform(0, 1)).report);
    const why = `${JSON.stringify(q)}`;
    if (!Number.isFinite(q.r)) assertEquals(q.says, "Too few pairs to tell.", why);
    else if (Math.abs(q.r) < 0.3) assertStringIncludes(q.says, "The link is weak", why);
    else if (q.r < 0 && q.best > q.all) assertStringIncludes(q.says, "with more similar", why);
    else if (q.r > 0 && q.best < q.all) assertStringIncludes(q.says, "with less similar", why);
    else assertStringIncludes(q.says, "No clear link", why);
  }
});

Deno.test("repro report: MSEs of any scale keep their significant digits", () => {
  const { report } = study([0.01234, 0.01456, 0.01789], () => 0.5);
  assertStringIncludes(
    report,
    "Reconstruction MSE: median 0.0146, range 0.0123–0.0179, against 0.0500 for PCA",
  );
});

// What a repro run concludes, in words and in a baseline: report.md answers the
// notebook's two questions with the numbers, and a baseline file stores each metric's
// expected band so that a later (e.g. nightly) run can say which metric drifted.

import { DataError } from "../errors.ts";
import { settleAutoScale } from "../model/config_model.ts";
import { sharedFormat } from "../render/format.ts";
import { compareSeeds, median, type PairResult, pearson, type SeedResult } from "./study.ts";

/** The numbers a baseline guards: medians over seeds and pairs. */
export function reproMetrics(results: SeedResult[], pairs: PairResult[]): Record<string, number> {
  const m: Record<string, number> = {
    reconstruction_mse: median(results.map((r) => r.reconstruction_mse)),
    pca_mse: median(results.map((r) => r.pca_mse)),
  };
  const knn = results.map((r) => r.knn_accuracy).filter((v): v is number => v !== null);
  if (knn.length) m.knn_accuracy = median(knn);
  if (pairs.length) {
    m.cka = median(pairs.map((p) => p.cka));
    m.procrustes = median(pairs.map((p) => p.procrustes));
  }
  return m;
}

/** A stored expectation: per metric, the median seen and the band a new median must stay in. */
export interface Baseline {
  /** The configuration the baseline was made with (without its seed). */
  config: Record<string, unknown>;
  /** The seeds it was made from. */
  seeds: number[];
  /** Per metric, the median seen and the band a new median must stay in. */
  metrics: Record<string, { median: number; low: number; high: number }>;
}

/** A baseline from this run: band = median ± max(5% of |median|, half the spread over seeds/pairs). */
export function makeBaseline(
  results: SeedResult[],
  options: { config: Record<string, unknown> },
): Baseline {
  const pairs = compareSeeds(results);
  const med = reproMetrics(results, pairs);
  const values: Record<string, number[]> = {
    reconstruction_mse: results.map((r) => r.reconstruction_mse),
    pca_mse: results.map((r) => r.pca_mse),
    knn_accuracy: results.map((r) => r.knn_accuracy ?? NaN).filter(Number.isFinite),
    cka: pairs.map((p) => p.cka),
    procrustes: pairs.map((p) => p.procrustes),
  };
  const metrics: Baseline["metrics"] = {};
  for (const k of Object.keys(med)) metrics[k] = baselineBand(values[k]);
  return { config: options.config, seeds: results.map((r) => r.seed), metrics };
}

/** A metric's band from its values over seeds (or pairs): median ± max(5% of |median|, spread / 2). */
export function baselineBand(values: number[]): { median: number; low: number; high: number } {
  const m = median(values);
  const spread = values.length ? Math.max(...values) - Math.min(...values) : 0;
  const half = Math.max(0.05 * Math.abs(m), spread / 2, 1e-9);
  return { median: m, low: m - half, high: m + half };
}

/** Reads a baseline file written by `repro --write-baseline`. */
export async function readBaseline(path: string): Promise<Baseline> {
  let b: Baseline;
  try {
    b = JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    throw new DataError((f) =>
      `${path}: ${
        e instanceof Deno.errors.NotFound ? "file not found" : "not valid JSON"
      }; expected a baseline from repro ${f("writeBaseline")}`
    );
  }
  if (typeof b?.metrics !== "object") {
    throw new DataError(`${path}: has no 'metrics'; not a baseline`);
  }
  return b;
}

/** Flags that may differ between a baseline and the run checked against it (where, not what). */
const WHERE_FLAGS = new Set(["backend", "engine", "threads", "blas", "resume", "name", "out"]);

/**
 * Checks `--baseline path` before anything trains. To check against (`write` false): a readable
 * baseline, made with the same flags as `config` where both record them (a baseline of other
 * data, --resize or epochs would report drift that is none); returned. To write: the folder
 * exists and `path` is absent or an earlier baseline (never another file); returns null.
 */
export async function checkBaselineFile(
  path: string,
  options: { write: boolean; config?: Record<string, unknown> },
): Promise<Baseline | null> {
  if (options.write) {
    const exists = await Deno.stat(path).then(() => true, (e) => {
      if (e instanceof Deno.errors.NotFound) return false;
      throw new DataError((f) => `${f("baseline")} ${path}: cannot be read (${e.message})`);
    });
    if (exists) {
      await readBaseline(path).catch((e: Error) => {
        throw new DataError((f) =>
          `${e instanceof DataError ? e.say(f) : e.message}; it is not replaced (choose another ${
            f("baseline")
          })`
        );
      });
    } else {
      const slash = path.lastIndexOf("/");
      const dir = slash < 0 ? "." : path.slice(0, slash) || "/";
      if (!(await Deno.stat(dir).then((i) => i.isDirectory, () => false))) {
        throw new DataError((f) => `${f("baseline")} ${path}: its folder ${dir} does not exist`);
      }
    }
    return null;
  }
  const b = await readBaseline(path);
  const now = options.config;
  if (now && typeof b.config === "object" && b.config !== null) {
    const was = settleAutoScale(b.config, now), is = settleAutoScale(now, b.config);
    const differ = Object.keys(was).find((k) =>
      !WHERE_FLAGS.has(k) && k in is && JSON.stringify(was[k]) !== JSON.stringify(is[k])
    );
    if (differ) {
      throw new DataError((f) =>
        `${path}: a baseline of other flags (${differ} ${JSON.stringify(was[differ])}, now ${
          JSON.stringify(is[differ])
        }); check against one made with these flags (${f("writeBaseline")} makes it)`
      );
    }
  }
  return b;
}

/** One line per metric that left its band (empty when all hold). */
export function baselineDrift(baseline: Baseline, current: Record<string, number>): string[] {
  const out: string[] = [];
  for (const [k, band] of Object.entries(baseline.metrics)) {
    const v = current[k];
    if (v === undefined) {
      out.push(`${k}: missing from this run (baseline median ${band.median.toFixed(4)})`);
    } else if (!(v >= band.low && v <= band.high)) {
      out.push(
        `${k}: median ${v.toFixed(4)} is outside [${band.low.toFixed(4)}, ${
          band.high.toFixed(4)
        }] ` +
          `(baseline ${band.median.toFixed(4)}, off by ${(v - band.median).toFixed(4)})`,
      );
    }
  }
  return out;
}

/** A number with `d` decimals, or "n/a". */
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
/** The smallest and largest of `xs`, e.g. "0.91–0.97". */
const range = (xs: number[], d = 2) => `${f(Math.min(...xs), d)}–${f(Math.max(...xs), d)}`;

/** report.md: the answers to the notebook's seed exercise, with the numbers. */
export function reproReport(
  results: SeedResult[],
  pairs: PairResult[],
  options: { title: string; command: string },
): string {
  const lines = [
    `# Seed study: ${options.title}`,
    "",
    producedBy(results, options.command),
    "",
    lossParagraph(results),
    "",
  ];
  const warned = results.filter((r) => r.warnings);
  if (warned.length) {
    lines.push(
      `Warnings (run.json of each seed): ${
        warned.map((r) => `seed ${r.seed}: ${r.warnings}`).join("; ")
      }.`,
      "",
    );
  }
  if (pairs.length) lines.push(...seedQuestion(pairs), ...lossQuestion(results, pairs));
  lines.push(
    "Files: `summary.csv` (one row per seed), `similarity.csv` (one row per pair), `latents.svg`, " +
      "`similarity.svg`, `loss_vs_similarity.svg`.",
    "",
  );
  return lines.join("\n");
}

/** The command, seeds, backends and engines behind the report. */
function producedBy(results: SeedResult[], command: string): string {
  const distinct = (key: "backend" | "engine") => [...new Set(results.map((r) => r[key]))];
  return `Produced by \`${command}\` over seeds ${results.map((r) => r.seed).join(", ")} ` +
    `(backend: ${distinct("backend").join(", ")}; engine: ${distinct("engine").join(", ")}).`;
}

/** Reconstruction MSE against PCA's, and the latent space's k-NN accuracy where labels exist. */
function lossParagraph(results: SeedResult[]): string {
  const mses = results.map((r) => r.reconstruction_mse);
  const knn = results.map((r) => r.knn_accuracy).filter((v): v is number => v !== null);
  // MSEs have the data's scale: one number of decimals, 3 significant digits on the smallest.
  const [med, lo, hi, pca] = [
    median(mses),
    Math.min(...mses),
    Math.max(...mses),
    results[0].pca_mse,
  ];
  const m = sharedFormat([med, lo, hi, pca]);
  return `Reconstruction MSE: median ${m(med)}, range ${m(lo)}–${m(hi)}, against ${m(pca)} ` +
    `for PCA with as many components.` +
    (knn.length
      ? ` 5-nearest-neighbour label accuracy in the latent space: median ${
        f(median(knn), 3)
      }, range ${range(knn, 3)}.`
      : "");
}

/** Question 1: how similar the seeds' latent spaces are (CKA, Procrustes). */
function seedQuestion(pairs: PairResult[]): string[] {
  const cka = pairs.map((p) => p.cka), pro = pairs.map((p) => p.procrustes);
  const mc = median(cka);
  const verdict = mc > 0.9
    ? "nearly the same space up to rotation and scale"
    : mc > 0.7
    ? "related but clearly different spaces"
    : "substantially different spaces";
  return [
    `## 1. How does the seed change the latent space?`,
    "",
    `Across the ${pairs.length} pairs of seeds, linear CKA has median ${f(mc)} (range ${
      range(cka)
    }) and the ` +
    `Procrustes disparity after standardising has median ${f(pro.length ? median(pro) : NaN)} ` +
    `(range ${range(pro)}; 0 means the same up to rotation, reflection and scale): ` +
    `the seeds learn ${verdict}. ` +
    "`latents.svg` shows each seed's space rotated onto the first.",
    "",
  ];
}

/**
 * What question 2's two shown numbers say together: the correlation r between a pair's mean MSE
 * and its CKA, and the lowest-loss seeds' median CKA against all pairs' (each as printed, with 2
 * decimals, so the words never contradict the digits). |r| < 0.3 is a weak link; otherwise the
 * link holds only when both point the same way.
 */
function lossLink(shown: { r: string; bestCka: string; allCka: string }): string {
  const r = Number(shown.r), best = Number(shown.bestCka), all = Number(shown.allCka);
  if (!Number.isFinite(r)) return "Too few pairs to tell.";
  if (Math.abs(r) < 0.3) {
    return "The link is weak (|r| below 0.3): a low loss does not pin down the latent space.";
  }
  const says = r < 0 ? "more" : "less"; // negative r: lower loss, higher CKA
  const seeds = best > all ? "more" : best < all ? "less" : "equally";
  if (says === seeds && Number.isFinite(best)) {
    return `Lower loss goes with ${says} similar spaces here: the correlation and the ` +
      `lowest-loss seeds' CKA agree.`;
  }
  return `No clear link: the correlation says lower loss goes with ${says} similar spaces, but ` +
    `the lowest-loss seeds' median CKA is ${
      seeds === "equally" ? "the same as" : seeds === "more" ? "above" : "below"
    } all pairs'.`;
}

/** Question 2: whether low loss goes with similar latent spaces. */
function lossQuestion(results: SeedResult[], pairs: PairResult[]): string[] {
  const cka = pairs.map((p) => p.cka);
  const r = pearson(pairs.map((p) => p.mean_mse), cka);
  const best = [...results].sort((a, b) => a.reconstruction_mse - b.reconstruction_mse)
    .slice(0, Math.max(2, Math.ceil(results.length / 2))).map((x) => x.seed);
  const bestPairs = pairs.filter((p) => best.includes(p.seed_a) && best.includes(p.seed_b));
  const shown = {
    r: f(r),
    bestCka: f(median(bestPairs.map((p) => p.cka))),
    allCka: f(median(cka)),
  };
  return [
    `## 2. Do models with low reconstruction loss have similar latent spaces?`,
    "",
    `Pearson correlation between a pair's mean MSE and its CKA: ${shown.r} over ${pairs.length} ` +
    `pairs (negative would mean lower loss goes with more similar spaces). Among the ` +
    `${best.length} seeds with the lowest loss (${best.join(", ")}), median CKA is ` +
    `${shown.bestCka} against ${shown.allCka} over all pairs. ${lossLink(shown)} ` +
    `With ${results.length} seeds this is an observation, not a test.`,
    "",
  ];
}

// Trustworthiness against sklearn on a fixture, and its limits (1 for the data itself).

import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { parse } from "@std/csv";
import { neighbourRanks, trustworthiness } from "../../lib/eval/trustworthiness.ts";

// tests/fixtures/trustworthiness.csv: 60 rows, x1..x6 ~ N(0, 1) and a noisy 2-D embedding
// e = x[:, :2] + 0.5 N(0, 1), numpy default_rng(0), rounded to 4 decimals. Reference values
// from sklearn 1.2.1 (/usr/bin/python3):
//   sklearn.manifold.trustworthiness(X, E, n_neighbors=5)  -> 0.6664743589743589
//   sklearn.manifold.trustworthiness(X, E, n_neighbors=10) -> 0.6810861423220973
const rows = (parse(await Deno.readTextFile("tests/fixtures/trustworthiness.csv")) as string[][])
  .slice(1).map((r) => r.map(Number));
const matrix = (from: number, to: number) => ({
  data: rows.flatMap((r) => r.slice(from, to)),
  rows: rows.length,
  cols: to - from,
});

Deno.test("trustworthiness() equals sklearn's on the fixture (k = 5 and 10)", () => {
  const ranks = neighbourRanks(matrix(0, 6));
  assertAlmostEquals(trustworthiness(ranks, matrix(6, 8)), 0.6664743589743589, 1e-12);
  assertAlmostEquals(trustworthiness(ranks, matrix(6, 8), { k: 10 }), 0.6810861423220973, 1e-12);
});

Deno.test("trustworthiness() is 1 for the data itself; k and row counts are checked", () => {
  const ranks = neighbourRanks(matrix(0, 6));
  assertEquals(trustworthiness(ranks, matrix(0, 6)), 1);
  assertThrows(() => trustworthiness(ranks, matrix(0, 6), { k: 30 }), RangeError, "k must be");
  const few = { data: [1, 2, 3], rows: 3, cols: 1 };
  assertThrows(() => trustworthiness(ranks, few), RangeError, "ranks are for 60 rows");
});

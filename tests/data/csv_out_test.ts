import { assertEquals } from "@std/assert";
import { parse } from "@std/csv";
import { csvText, readCell, safeCell } from "../../lib/data/csv_out.ts";
import { parseLatentCsv } from "../../lib/repro/study.ts";
import { latentCsv } from "../../lib/data/latent_csv.ts";

const FORMULAS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\r=x", '=HYPERLINK("x")', "-", "+"];
const PLAIN = ["-1", "+2", "-0.5", "1e3", "-1.5E-3", ".5", "cat", "a=b", "", "0", "'quoted"];

Deno.test("safeCell() puts a ' before formula-like text and leaves numbers such as -1 alone", () => {
  for (const f of FORMULAS) assertEquals(safeCell(f), "'" + f);
  for (const p of PLAIN) assertEquals(safeCell(p), p);
  assertEquals(safeCell("'=x"), "''=x"); // so that reading back gives '=x again
});

Deno.test("readCell() undoes safeCell() for every cell", () => {
  for (const c of [...FORMULAS, ...PLAIN, "'=x", "''@y", "'"]) {
    assertEquals(readCell(safeCell(c)), c);
  }
});

Deno.test("csvText() writes escaped cells that parse back, and latent.csv readers undo it", () => {
  const text = csvText([["index", "label", "z1"], ["0", "=1+1", "-0.25"], ["1", "-1", "3"]]);
  assertEquals(parse(text), [["index", "label", "z1"], ["0", "'=1+1", "-0.25"], ["1", "-1", "3"]]);
  const back = parseLatentCsv(text, "latent.csv");
  assertEquals([back.labels, Array.from(back.latent.data)], [["=1+1", "-1"], [-0.25, 3]]);
});

Deno.test("latentCsv() writes what csvText() writes for the same cells, odd labels and numbers too", () => {
  const rows = (latent: ArrayLike<number>, k: number, labels: string[] | null) =>
    Array.from({ length: latent.length / k }, (_, i) => [
      String(i),
      labels?.[i] ?? "",
      ...Array.from({ length: k }, (_, j) => String(latent[i * k + j])),
    ]);
  const z = [0.5, -1, NaN, Infinity, -Infinity, 1e-7, -2.5e21, 0, -0, 3.4e38, 1e21, 123456789];
  const labels = ["a", "", "b,c", 'q"d', "=cmd", "-x", "+1", "x\ny", " s ", "@a", "'=b", "0"];
  for (const k of [1, 2, 3]) {
    const head = ["index", "label", ...Array.from({ length: k }, (_, j) => `z${j + 1}`)];
    for (const lab of [null, labels]) {
      const n = Math.floor(z.length / k), codes = z.slice(0, n * k);
      assertEquals(
        latentCsv(codes, { rows: n, labels: lab }),
        csvText([head, ...rows(codes, k, lab)]),
      );
    }
  }
  const f = new Float32Array(4000).map((_, i) => Math.sin(i) * 10 ** ((i % 40) - 20));
  assertEquals(
    latentCsv(f, { rows: 2000 }),
    csvText([["index", "label", "z1", "z2"], ...rows(f, 2, null)]),
  );
});

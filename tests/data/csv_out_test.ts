import { assertEquals } from "@std/assert";
import { parse } from "@std/csv";
import { csvText, readCell, safeCell } from "../../lib/data/csv_out.ts";
import { parseLatentCsv } from "../../lib/repro/study.ts";

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

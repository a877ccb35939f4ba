// CSV text the toolkit writes for spreadsheets (latent.csv, encode and reconstruct output, repro
// latents): a text cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab
// or CR: OWASP's CSV injection list) gets a leading ' unless it is a plain decimal number.

import { stringify } from "@std/csv";

const FORMULA = /^'*[=+\-@\t\r]/; // leading quotes too, so readCell() can undo exactly one
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** `cell`, with a ' in front when a spreadsheet would read it as a formula (`-1` stays). */
export function safeCell(cell: string): string {
  return FORMULA.test(cell) && !DECIMAL.test(cell) ? "'" + cell : cell;
}

/** Undoes safeCell(): the cell's text as it was before writing. */
export function readCell(cell: string): string {
  return cell.startsWith("'") && FORMULA.test(cell) ? cell.slice(1) : cell;
}

/** CSV text of `rows` (the first one a header), every cell passed through safeCell(). */
export function csvText(rows: string[][]): string {
  return stringify(rows.map((r) => r.map(safeCell)));
}

// A CSV cell that is no number often means the file is separated by ';' or tabs, not commas:
// the hint table.ts adds to its one-line error in that case.

/** A hint when cells hold ';' or tabs: the file is likely separated by them, not by commas. */
export function delimiterHint(cells: string[]): string {
  const sep = [";", "\t"].find((c) => cells.some((cell) => cell.includes(c)));
  if (!sep) return "";
  const name = sep === ";" ? "';'" : "tabs";
  return ` (the line holds ${name}: fields must be separated by commas; save the file as comma-separated)`;
}

// Labels as class indexes: each distinct label text becomes a class, in sorted order (numeric
// labels sorted as numbers), so the same labels always get the same indexes.

/** Class index per label and the sorted class names (numeric labels sorted numerically). */
export function encodeLabels(raw: string[]): { labels: Int32Array; classes: string[] } {
  const unique = [...new Set(raw)];
  const numeric = unique.every((c) => Number.isFinite(Number(c)));
  unique.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const index = new Map(unique.map((c, i) => [c, i]));
  return { labels: Int32Array.from(raw, (r) => index.get(r)!), classes: unique };
}

// Numbers and counts as figures and pages print them: significant digits for a number of
// unknown scale (an MSE of 0.0123 is not "0.0"), one shared number of decimals for a set of
// comparable numbers, and English ordinals (1st, 2nd, 3rd, 11th, 22nd).

/** Below this (and from EXP_HIGH) a number is written in exponent form, e.g. 1.2e-5. */
const EXP_LOW = 1e-3, EXP_HIGH = 1e6;

/**
 * `v` with `digits` significant digits, trailing zeros dropped (`0.0123`, `8`, `1230`), in
 * exponent form below 1e-3 and from 1e6 (`1.23e-5`, `2.5e7`); non-finite values as `NaN`, …
 * @param options.digits Significant digits. @default 3
 */
export function formatSig(v: number, options: { digits?: number } = {}): string {
  const digits = options.digits ?? 3;
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < EXP_LOW || a >= EXP_HIGH)) {
    const [m, e] = v.toExponential(digits - 1).split("e");
    return `${m.includes(".") ? m.replace(/\.?0+$/, "") : m}e${e.replace("+", "")}`;
  }
  return String(Number(v.toPrecision(digits)));
}

/**
 * A formatter for comparable numbers (labels of one figure, a table's columns) that writes each
 * with one number of decimals: as many as the smallest non-zero |value| of `values` needs for
 * `digits` significant digits, so larger ones show more (`9.1`, `19.8` with 2 digits; `0.012`,
 * `0.035`). When that smallest is below 1e-3 or the largest from 1e6, it writes each number by
 * {@link formatSig} instead. Non-finite numbers are written as `NaN`, `Infinity`.
 * @param options.digits Significant digits of the smallest value. @default 3
 */
export function sharedFormat(
  values: readonly number[],
  options: { digits?: number } = {},
): (v: number) => string {
  const digits = options.digits ?? 3;
  const sizes = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  const [lo, hi] = [Math.min(...sizes), Math.max(...sizes)];
  if (sizes.length && (lo < EXP_LOW || hi >= EXP_HIGH)) return (v) => formatSig(v, { digits });
  const decimals = sizes.length ? Math.max(0, digits - 1 - Math.floor(Math.log10(lo) + 1e-12)) : 0;
  return (v) => (Number.isFinite(v) ? v.toFixed(decimals) : String(v));
}

/** `n` as an English ordinal: 1st 2nd 3rd 4th … 11th 12th 13th … 21st 22nd 23rd, 101st, 111th. */
export function ordinal(n: number): string {
  const tens = Math.abs(n) % 100, ones = Math.abs(n) % 10;
  const suffix = tens >= 11 && tens <= 13
    ? "th"
    : ones === 1
    ? "st"
    : ones === 2
    ? "nd"
    : ones === 3
    ? "rd"
    : "th";
  return `${n}${suffix}`;
}

// Numbers of unknown scale in figures and pages: significant digits (an MSE of 0.0123 is not
// "0.0"), one shared number of decimals for comparable labels, and English ordinals.

import { assertEquals } from "@std/assert";
import { formatSig, ordinal, sharedFormat } from "../../lib/render/format.ts";

Deno.test("formatSig(): significant digits at any scale, exponent form below 1e-3 and from 1e6", () => {
  const cases: [number, number, string][] = [
    [0.012345, 3, "0.0123"],
    [0.4123, 2, "0.41"],
    [0.4, 2, "0.4"],
    [7.97, 2, "8"],
    [12.345, 3, "12.3"],
    [1234.5, 3, "1230"],
    [0, 3, "0"],
    [-0.05678, 2, "-0.057"],
    [0.00012345, 3, "1.23e-4"],
    [0.0001, 3, "1e-4"],
    [2.5e7, 3, "2.5e7"],
    [NaN, 3, "NaN"],
    [Infinity, 3, "Infinity"],
  ];
  for (const [v, digits, want] of cases) assertEquals(formatSig(v, { digits }), want, String(v));
  assertEquals(formatSig(0.012345), "0.0123"); // 3 digits by default
});

Deno.test("sharedFormat(): one number of decimals, enough for the smallest value's digits", () => {
  const labels = (xs: number[], digits: number) => xs.map(sharedFormat(xs, { digits }));
  // The digits notebook's reconstruction errors: one decimal, as before.
  assertEquals(labels([9.07, 19.81, 11.3, 21.44], 2), ["9.1", "19.8", "11.3", "21.4"]);
  // Pixels in [0, 1]: not "0.0" every time.
  assertEquals(labels([0.0123, 0.0351, 0.102], 2), ["0.012", "0.035", "0.102"]);
  assertEquals(labels([0.0123, 0.0351, 0.102], 3), ["0.0123", "0.0351", "0.1020"]);
  assertEquals(labels([123.4, 4567.8], 2), ["123", "4568"]);
  assertEquals(labels([0, 0.5, 2], 2), ["0.00", "0.50", "2.00"]); // 0 sets no decimals
  // A value below 1e-3: each in exponent form with its own significant digits.
  assertEquals(labels([0.00012, 0.5], 2), ["1.2e-4", "0.5"]);
  assertEquals(labels([0, 0], 2), ["0", "0"]);
  assertEquals(labels([NaN, 1.5], 2), ["NaN", "1.5"]);
});

Deno.test("ordinal(): 1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 101st 111th", () => {
  const ns = [1, 2, 3, 4, 10, 11, 12, 13, 14, 21, 22, 23, 24, 100, 101, 102, 111, 112, 113, 121];
  assertEquals(ns.map(ordinal), [
    "1st",
    "2nd",
    "3rd",
    "4th",
    "10th",
    "11th",
    "12th",
    "13th",
    "14th",
    "21st",
    "22nd",
    "23rd",
    "24th",
    "100th",
    "101st",
    "102nd",
    "111th",
    "112th",
    "113th",
    "121st",
  ]);
});

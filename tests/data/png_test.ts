// One PNG file: every colour type and depth fast-png decodes (interlaced or not, 16-bit, alpha,
// palettes with tRNS) gives the same values; IHDR's size is checked against the input limit
// before decoding; the image data must inflate to exactly what IHDR declares; bad files are one
// line naming the file.

import { assertEquals, assertInstanceOf, assertRejects, assertStringIncludes } from "@std/assert";
import { readPng } from "../../lib/data/png.ts";
import { DataError } from "../../lib/errors.ts";
import { compress, pngBytes, type PngSpec } from "./image_files.ts";

const [W, H] = [5, 3]; // odd sizes leave some Adam7 passes partial
const gray = Array.from({ length: W * H }, (_, i) => (i * 37) % 256);
const rgb = Array.from({ length: W * H * 3 }, (_, i) => (i * 53) % 256);
const spec = (s: Partial<PngSpec>): PngSpec => ({
  width: W,
  height: H,
  colorType: 0,
  depth: 8,
  samples: gray,
  ...s,
});
const read = async (s: Partial<PngSpec>, options = {}) =>
  await readPng("x.png", await pngBytes(spec(s)), options);
const values = (p: { v: ArrayLike<number> }) => Array.from(p.v);

Deno.test("PNG: interlaced, 16-bit, gray+alpha, RGBA and palette+tRNS images give their values", async () => {
  for (const interlace of [false, true]) {
    assertEquals(values(await read({ interlace })), gray);
    assertEquals(values(await read({ colorType: 2, samples: rgb, interlace })), rgb);
    const deep = await read({ depth: 16, samples: gray.map((v) => v * 257), interlace });
    assertInstanceOf(deep.v, Float32Array);
    assertEquals(values(deep), gray);
  }
  const alpha = gray.flatMap((v) => [v, 255 - v]);
  assertEquals(values(await read({ colorType: 4, samples: alpha })), gray);
  const rgba = Array.from({ length: W * H }, (_, p) => [...rgb.slice(3 * p, 3 * p + 3), 7]);
  const color = await read({ colorType: 6, samples: rgba.flat() });
  assertEquals([color.c, values(color)], [3, rgb]);
  const palette = Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80, 90]);
  const indexes = gray.map((v) => v % 3);
  const pal = await read({
    colorType: 3,
    samples: indexes,
    chunks: [["PLTE", palette], ["tRNS", Uint8Array.of(0, 128)]],
  });
  assertEquals(values(pal), indexes.flatMap((k) => [...palette.subarray(3 * k, 3 * k + 3)]));
});

Deno.test("PNG: IHDR's size is checked against the input limit before anything is decoded", async () => {
  await assertRejects(
    () => read({}, { maxValues: 10 }),
    DataError,
    "x.png: IHDR's 5×3 = 15 values; one input may hold at most 10",
  );
  await assertRejects(
    () => read({ colorType: 2, samples: rgb }, { maxValues: 60, used: 50 }),
    DataError,
    "x.png: the 50 values of the images before it and IHDR's 5×3×3 (RGB) = 95 values",
  );
  // 30000×30000 declared over a 5×3 image's data: refused by its size, not its data
  const e = await assertRejects(() => read({ declare: [30000, 30000] }), DataError);
  assertEquals(
    e.message,
    "x.png: IHDR's 30000×30000 = 900,000,000 values; one input may hold at most " +
      "536,870,912 (2^29, 2 GiB as float32)",
  );
});

Deno.test("PNG: the image data must inflate to exactly the scanlines IHDR declares", async () => {
  await assertRejects(
    () => read({ declare: [2, 2] }),
    DataError,
    "x.png: the image data inflates past the 6 bytes IHDR's 2×2 declares (trailing data is refused)",
  );
  // over 64 KiB of compressed data goes through the streaming check
  let s = 1;
  const noise = Uint8Array.from({ length: 100_000 }, () => (s = (s * 48271) % 2147483647) & 0xff);
  const big = await compress(noise, "deflate");
  await assertRejects(
    () => read({ idat: big }),
    DataError,
    "x.png: the image data inflates past the 18 bytes IHDR's 5×3 declares",
  );
  await assertRejects(
    () => read({ declare: [5, 4] }),
    DataError,
    "x.png: truncated PNG image data: 18 of the 24 bytes IHDR's 5×4 declares",
  );
  await assertRejects(
    () => read({ idat: noise.subarray(0, 40) }),
    DataError,
    "x.png: corrupt PNG image data",
  );
});

Deno.test("PNG: malformed files are one-line DataErrors naming the file and what was expected", async () => {
  const palette: [string, Uint8Array][] = [["PLTE", Uint8Array.from([1, 2, 3, 4, 5, 6])]];
  const bytes = await pngBytes(spec({}));
  const cases: [() => Promise<unknown>, string][] = [
    [
      () => read({ colorType: 3, samples: gray.map((_, i) => (i === 7 ? 5 : 1)), chunks: palette }),
      "x.png: pixel (row 1, column 2) uses palette entry 5; the palette has 2",
    ],
    [
      () => read({ colorType: 3, samples: gray.map(() => 0) }),
      "a palette image without a PLTE chunk",
    ],
    [() => read({ depth: 4, samples: gray.map((v) => v >> 4) }), "4-bit PNGs are not supported"],
    [
      () => read({ colorType: 3, depth: 16, chunks: palette }),
      "not a readable PNG (bit depth 16 with colour type 3)",
    ],
    [() => readPng("x.png", bytes.subarray(0, bytes.length - 12)), "truncated PNG (no IEND chunk)"],
    [() => readPng("x.png", bytes.subarray(0, 50)), "truncated PNG (chunk IDAT runs past the end"],
    [() => readPng("x.png", bytes.subarray(1)), "not a readable PNG (no PNG signature)"],
    [() => read({ declare: [0, 3] }), "not a readable PNG (IHDR: 0×3"],
  ];
  for (const [p, says] of cases) {
    const e = await assertRejects(p, DataError);
    assertStringIncludes(e.message, says);
    assertEquals([e.message.startsWith("x.png: "), e.message.includes("\n")], [true, false]);
  }
});

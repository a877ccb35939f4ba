// A tiny 5×7 bitmap font (plus one descender row) for printable ASCII, and a function that
// draws text into a grayscale or RGB raster at an integer scale. Used by the PNG figures,
// since no font rasteriser is available offline.

/** Width of a glyph in font pixels. */
const GLYPH_WIDTH = 5;
/** Height of a glyph cell in font pixels: 7 rows above the baseline plus one descender row. */
const GLYPH_HEIGHT = 8;
/** Horizontal distance from one glyph to the next, in font pixels (one column of spacing). */
const GLYPH_ADVANCE = 6;
/** Vertical distance from one text line to the next, in font pixels. */
const LINE_HEIGHT = 10;

// One string per glyph: a hex byte per row, top to bottom; bit 4 is the leftmost column.
// Seven rows reach the baseline; an optional eighth row holds descenders.
const GLYPHS: Record<string, string> = {
  " ": "00000000000000",
  "!": "04040404000004",
  '"': "0a0a0a00000000",
  "#": "0a0a1f0a1f0a0a",
  "$": "040f140e051e04",
  "%": "18190204081303",
  "&": "0c12140815120d",
  "'": "04040800000000",
  "(": "02040808080402",
  ")": "08040202020408",
  "*": "0004150e150400",
  "+": "0004041f040400",
  ",": "00000000000c0408",
  "-": "0000001f000000",
  ".": "00000000000c0c",
  "/": "01010204081010",
  "0": "0e11131519110e",
  "1": "040c040404040e",
  "2": "0e11010204081f",
  "3": "1f02040201110e",
  "4": "02060a121f0202",
  "5": "1f101e0101110e",
  "6": "0608101e11110e",
  "7": "1f010204080808",
  "8": "0e11110e11110e",
  "9": "0e11110f01020c",
  ":": "000c0c000c0c00",
  ";": "000c0c000c0c0408",
  "<": "02040810080402",
  "=": "00001f001f0000",
  ">": "08040201020408",
  "?": "0e110102040004",
  "@": "0e11010d15150e",
  "A": "0e1111111f1111",
  "B": "1e11111e11111e",
  "C": "0e11101010110e",
  "D": "1c12111111121c",
  "E": "1f10101e10101f",
  "F": "1f10101e101010",
  "G": "0e11101711110f",
  "H": "1111111f111111",
  "I": "0e04040404040e",
  "J": "0702020202120c",
  "K": "11121418141211",
  "L": "1010101010101f",
  "M": "111b1515111111",
  "N": "11111915131111",
  "O": "0e11111111110e",
  "P": "1e11111e101010",
  "Q": "0e11111115120d",
  "R": "1e11111e141211",
  "S": "0f10100e01011e",
  "T": "1f040404040404",
  "U": "1111111111110e",
  "V": "11111111110a04",
  "W": "1111111515150a",
  "X": "11110a040a1111",
  "Y": "1111110a040404",
  "Z": "1f01020408101f",
  "[": "0e08080808080e",
  "\\": "10100804020101",
  "]": "0e02020202020e",
  "^": "040a1100000000",
  "_": "0000000000001f",
  "`": "08040200000000",
  "a": "00000e010f110f",
  "b": "1010161911111e",
  "c": "00000e1010110e",
  "d": "01010d1311110f",
  "e": "00000e111f100e",
  "f": "060908081c0808",
  "g": "00000f11110f010e",
  "h": "10101619111111",
  "i": "0400040c04040e",
  "j": "020006020202120c",
  "k": "10101214181412",
  "l": "0c04040404040e",
  "m": "00001a15151111",
  "n": "00001619111111",
  "o": "00000e1111110e",
  "p": "00001e11111e1010",
  "q": "00000f11110f0101",
  "r": "00001619101010",
  "s": "00000f100e011e",
  "t": "0808081c080906",
  "u": "0000111111130d",
  "v": "00001111110a04",
  "w": "0000111115150a",
  "x": "0000110a040a11",
  "y": "00001111110f010e",
  "z": "00001f0204081f",
  "{": "02040408040402",
  "|": "04040404040404",
  "}": "08040402040408",
  "~": "00000815020000",
};

/** Rows of one glyph (bit 4 = leftmost column); unknown characters draw as "?". */
function glyphRows(ch: string): number[] {
  const hex = GLYPHS[ch] ?? GLYPHS["?"];
  const rows: number[] = [];
  for (let i = 0; i < hex.length; i += 2) rows.push(parseInt(hex.slice(i, i + 2), 16));
  return rows;
}

/** Width in raster pixels of the widest line of `text` ("\n" separates lines) at `scale`. */
export function textWidth(text: string, scale = 1): number {
  const longest = Math.max(...text.split("\n").map((line) => [...line].length));
  return longest === 0 ? 0 : (longest * GLYPH_ADVANCE - 1) * scale;
}

/** Height in raster pixels of `text` ("\n" separates lines) at `scale`, descenders included. */
export function textHeight(text: string, scale = 1): number {
  const lines = text.split("\n").length;
  return ((lines - 1) * LINE_HEIGHT + GLYPH_HEIGHT) * scale;
}

/** A pixel buffer, row-major, `channels` bytes per pixel (1 = gray, 3 = RGB). */
export interface Raster {
  /** Pixel bytes, `width * height * channels` long. */
  data: Uint8Array;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Bytes per pixel: 1 for grayscale, 3 for RGB. */
  channels: 1 | 3;
}

/** Where and how {@link drawText} draws. */
export interface DrawTextOptions {
  /** Left edge of the text block, in raster pixels. */
  x: number;
  /** Top edge of the text block, in raster pixels. */
  y: number;
  /** Integer upscale of each font pixel (default 2). */
  scale?: number;
  /** Ink colour: one gray level, or [r, g, b] (default black). */
  color?: number | readonly [number, number, number];
  /** Horizontal alignment of each line relative to `x` (default "left"). */
  align?: "left" | "center";
}

/**
 * Draws `text` into `raster` in place. Lines are separated by "\n"; characters without a glyph
 * draw as "?". Pixels falling outside the raster are skipped, so clipping is silent.
 */
export function drawText(raster: Raster, text: string, options: DrawTextOptions): void {
  const scale = Math.max(1, Math.round(options.scale ?? 2));
  const c = options.color ?? 0;
  const ink = typeof c === "number" ? [c, c, c] : c;
  const { data, width, height, channels } = raster;
  text.split("\n").forEach((line, li) => {
    const chars = [...line];
    let x0 = Math.round(options.x);
    if (options.align === "center") x0 -= Math.floor(textWidth(line, scale) / 2);
    const y0 = Math.round(options.y) + li * LINE_HEIGHT * scale;
    chars.forEach((ch, ci) => {
      const rows = glyphRows(ch);
      const gx = x0 + ci * GLYPH_ADVANCE * scale;
      rows.forEach((bits, r) => {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (!(bits & (1 << (GLYPH_WIDTH - 1 - col)))) continue;
          for (let dy = 0; dy < scale; dy++) {
            const py = y0 + r * scale + dy;
            if (py < 0 || py >= height) continue;
            for (let dx = 0; dx < scale; dx++) {
              const px = gx + col * scale + dx;
              if (px < 0 || px >= width) continue;
              const o = (py * width + px) * channels;
              if (channels === 1) data[o] = ink[0];
              else [data[o], data[o + 1], data[o + 2]] = ink;
            }
          }
        }
      });
    });
  });
}

// A folder of PNG images as a Dataset, torchvision's ImageFolder convention: one class per
// sub-folder (sorted names), or PNGs directly in the folder (no labels). Grayscale stays
// one channel; any colour image makes every image RGB. Sizes must agree unless resized.
// 8-bit images stay bytes; a 16-bit or resized image makes the whole set float32.

import { DataError } from "../errors.ts";
import type { Dataset, Values } from "./table.ts";
import { fileError } from "./bytes.ts";
import { fitResize, resizeBilinear } from "./resize.ts";
import { checkValues, type SizeLimit } from "./limits.ts";
import { type Pixels, readPng } from "./png.ts";

/** Options of a PNG folder load. */
export interface FolderLoadOptions extends SizeLimit {
  /** Resize every image to [height, width] (bilinear) (default: sizes must agree). */
  resize?: [number, number];
  /** Called after each image (default none). */
  onProgress?: (p: { rows: number; bytes: number; totalBytes: number }) => void;
}

/** The PNG files of a folder, by class: [relative path, class or ""] in a fixed order. */
export async function listImages(dir: string): Promise<[string, string][]> {
  const entries: Deno.DirEntry[] = [];
  try {
    for await (const e of Deno.readDir(dir)) entries.push(e);
  } catch (e) {
    throw fileError(dir, e);
  }
  const byName = (a: Deno.DirEntry, b: Deno.DirEntry) => (a.name < b.name ? -1 : 1);
  const files: [string, string][] = [];
  for (const e of entries.filter((e) => e.isFile && /\.png$/i.test(e.name)).sort(byName)) {
    files.push([e.name, ""]);
  }
  for (const sub of entries.filter((e) => e.isDirectory && !e.name.startsWith(".")).sort(byName)) {
    const inner: string[] = [];
    for await (const e of Deno.readDir(`${dir}/${sub.name}`)) {
      if (e.isFile && /\.png$/i.test(e.name)) inner.push(e.name);
    }
    for (const f of inner.sort()) files.push([`${sub.name}/${f}`, sub.name]);
  }
  if (files.some(([, c]) => c === "") && files.some(([, c]) => c !== "")) {
    throw new DataError(
      `${dir}: holds PNGs both directly and in sub-folders; put each class in its own sub-folder`,
    );
  }
  if (files.length === 0) {
    throw new DataError(
      `${dir}: is a folder with no .png images; expected a CSV file, IDX, .npy/.npz, or PNGs ` +
        `(one sub-folder per class)`,
    );
  }
  return files;
}

/** Loads every PNG under `dir` as one row each (bytes when every image is 8-bit, see Pixels). */
export async function loadImageFolder(
  dir: string,
  options: FolderLoadOptions = {},
): Promise<Dataset> {
  const list = await listImages(dir.replace(/\/+$/, ""));
  const root = dir.replace(/\/+$/, "");
  const images: Pixels[] = [];
  let c = 1; // 3 once any image has colour: then every image is held as RGB
  for (const [rel] of list) {
    const path = `${root}/${rel}`;
    const bytes = await Deno.readFile(path).catch((e) => Promise.reject(fileError(path, e)));
    const first = images[0], resize = options.resize;
    // what the images before this one take in the dataset (checked before this one is decoded)
    const used = first && !resize ? images.length * first.h * first.w * c : 0;
    let img = await readPng(path, bytes, { ...options, used });
    c = Math.max(c, img.c);
    if (resize) {
      fitResize(resize, { rows: list.length, channels: c, source: root, ...options });
      img = { ...img, ...resizeBilinear(img, resize) };
    }
    if (first && (img.h !== first.h || img.w !== first.w)) {
      throw new DataError((f) =>
        `${path}: ${img.h}x${img.w} pixels, but ${root}/${list[0][0]} is ${first.h}x${first.w}; ` +
        `give ${f("resize")} HxW`
      );
    }
    images.push(img);
    options.onProgress?.({ rows: images.length, bytes: images.length, totalBytes: list.length });
  }
  const { h, w } = images[0];
  const columns = h * w * c;
  checkValues(root, {
    values: images.length * columns,
    what: `${images.length} images of ${h}×${w}×${c}`,
  }, options);
  const bytes = images.every((img) => img.v instanceof Uint8Array); // else float32 for all
  const x = bytes
    ? new Uint8Array(images.length * columns)
    : new Float32Array(images.length * columns);
  images.forEach((img, r) => x.set(img.c === c ? img.v : grayToRgb(img.v), r * columns));
  const named = list[0][1] !== "";
  const classes = named ? [...new Set(list.map(([, k]) => k))] : [];
  const index = new Map(classes.map((k, i) => [k, i]));
  return {
    x,
    rows: images.length,
    columns,
    featureNames: Array.from({ length: columns }, (_, j) => `p${j}`),
    labels: named ? Int32Array.from(list, ([, k]) => index.get(k)!) : null,
    classes,
    imageShape: [h, w],
    ...(c > 1 ? { channels: c } : {}),
    source: dir,
    labelName: named ? "folder" : null,
  };
}

function grayToRgb(v: Values): Values {
  const out = v instanceof Uint8Array
    ? new Uint8Array(v.length * 3)
    : new Float32Array(v.length * 3);
  for (let p = 0; p < v.length; p++) out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = v[p];
  return out;
}

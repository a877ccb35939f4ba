// Opening binary inputs: plain and gzip files read the same, a corrupt gzip stream and a folder
// are one line naming the file, readInputBytes() stops at its byte cap, and every reader closes
// its file, at the end, when cancelled and when a load fails (counted in /proc/self/fd).

import { assertEquals, assertRejects } from "@std/assert";
import { openInput, readInputBytes } from "../../lib/data/bytes.ts";
import { loadDataset } from "../../lib/data/load.ts";
import { encodeNpy } from "../../lib/data/npy.ts";
import { DataError } from "../../lib/errors.ts";
import { compress, idxBytes, zipBytes } from "./image_files.ts";
import { tempDir } from "../temp.ts";

/**
 * How many files under `dir` this process holds open (Linux: its /proc/PID/fd links, listed by
 * `find` since Deno reserves /proc/self to --allow-all).
 */
async function openFiles(dir: string): Promise<number> {
  const out = await new Deno.Command("find", {
    args: [`/proc/${Deno.pid}/fd`, "-lname", `${dir}/*`],
    stdout: "piped",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(out.stdout).split("\n").filter((l) => l !== "").length;
}

Deno.test("openInput(): plain and gzip give the same bytes; cancelling early closes the file", async () => {
  await using tmp = await tempDir();
  let seed = 9; // noise: the gzip file too is larger than one read, so it stays open while read
  const data = Uint8Array.from(
    { length: 200_000 },
    () => (seed = (seed * 48271) % 2147483647) & 0xff,
  );
  await Deno.writeFile(`${tmp.path}/a.bin`, data);
  await Deno.writeFile(`${tmp.path}/a.bin.gz`, await compress(data, "gzip"));
  for (const name of ["a.bin", "a.bin.gz"]) {
    assertEquals(await readInputBytes(`${tmp.path}/${name}`), data);
    const r = await openInput(`${tmp.path}/${name}`);
    assertEquals(await r.read(3), data.subarray(0, 3));
    assertEquals(await openFiles(tmp.path), 1);
    await r.cancel();
    assertEquals(await openFiles(tmp.path), 0, name);
  }
});

Deno.test("a failed binary load leaves no file open", async () => {
  await using tmp = await tempDir();
  const npy = encodeNpy(Float32Array.from([1, 2, 3, 4]), [2, 2]);
  const odd = await zipBytes([{ name: "x.npy", data: npy }]);
  odd[8] = 12; // the local header's method: bzip2, refused after the directory is read
  new DataView(odd.buffer).setUint16(odd.length - 22 - 46 - 5 + 10, 12, true);
  const files: [string, Uint8Array, object][] = [
    ["long.npy", Uint8Array.from([...npy, 0, 0, 0, 0]), {}], // trailing data
    ["big.npy", npy, { maxValues: 3 }], // over the limit
    [
      "bomb-images-idx3-ubyte.gz",
      await compress(idxBytes([1, 2, 2], new Uint8Array(1 << 16)), "gzip"),
      {},
    ],
    ["cut-images-idx3-ubyte", idxBytes([9, 2, 2], new Uint8Array(4)), {}], // truncated
    [
      "long.npz",
      await zipBytes([{ name: "x.npy", data: Uint8Array.from([...npy, 1]), deflate: true }]),
      {},
    ],
    ["two.npz", await zipBytes([{ name: "x.npy", data: npy }, { name: "y.npy", data: npy }]), {
      array: "z",
    }],
    ["odd.npz", odd, {}],
  ];
  for (const [name, bytes, options] of files) {
    await Deno.writeFile(`${tmp.path}/${name}`, bytes);
    await assertRejects(() => loadDataset(`${tmp.path}/${name}`, options));
    assertEquals(await openFiles(tmp.path), 0, name);
  }
});

Deno.test("readInputBytes(): over maxBytes, a corrupt gzip stream and a folder name the file", async () => {
  await using tmp = await tempDir();
  await Deno.writeFile(`${tmp.path}/z.gz`, await compress(new Uint8Array(1 << 20), "gzip"));
  await assertRejects(
    () => readInputBytes(`${tmp.path}/z.gz`, { maxBytes: 1000 }),
    DataError,
    `${tmp.path}/z.gz: holds more than 1,000 bytes`,
  );
  const gz = await compress(new Uint8Array(5000).fill(7), "gzip");
  gz[gz.length - 6] ^= 0xff; // the CRC no longer matches
  await Deno.writeFile(`${tmp.path}/bad.gz`, gz);
  await assertRejects(
    () => readInputBytes(`${tmp.path}/bad.gz`),
    DataError,
    `${tmp.path}/bad.gz: corrupt or truncated gzip data`,
  );
  await assertRejects(() => readInputBytes(tmp.path), DataError, `${tmp.path}: is a folder`);
  await assertRejects(
    () => readInputBytes(`${tmp.path}/no`),
    DataError,
    `${tmp.path}/no: file not found`,
  );
});

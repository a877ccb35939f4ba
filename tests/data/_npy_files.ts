// Shared by the NumPy input tests (and cli_bad_binary_test.ts): a temporary folder for one test,
// and .npy bytes with a header written by hand, so that each test can break one field of it.

/** Runs `fn` on a fresh temporary folder, removed when it ends (passed or thrown). */
export async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** .npy bytes with `dict` as the header's text (padded as numpy pads it) and `payload`. */
export function npyWith(dict: string, payload: Uint8Array, version = 1): Uint8Array {
  const pad = version === 1 ? 10 : 12;
  const text = dict + " ".repeat(63 - ((pad + dict.length) % 64)) + "\n";
  const head = new TextEncoder().encode(text);
  const out = new Uint8Array(pad + head.length + payload.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  new DataView(out.buffer).setUint16(8, head.length, true);
  out.set(head, pad);
  out.set(payload, pad + head.length);
  return out;
}

/** `n` float32 values 0, 1, …, n-1 as bytes. */
export const f4 = (n: number): Uint8Array =>
  new Uint8Array(Float32Array.from({ length: n }, (_, i) => i).buffer);
/** A .npy header dict of `descr`, `shape` and `fortran_order` as numpy writes it. */
export const dict = (descr: string, shape: string, fortran = "False"): string =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

import { assertEquals, assertThrows } from "@std/assert";
import { Sha256, sha256, sha256Digest } from "../../lib/data/sha256.ts";

async function reference(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Deterministic bytes (a linear congruential sequence), so failures reproduce. */
function bytesOf(n: number): Uint8Array {
  const b = new Uint8Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) b[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
  return b;
}

Deno.test("Sha256 matches the FIPS 180-4 examples", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assertEquals(
    new Sha256().hex(),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assertEquals(
    new Sha256().update(enc("abc")).hex(),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assertEquals(
    new Sha256().update(enc("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).hex(),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
});

Deno.test("Sha256 fed in chunks matches crypto.subtle.digest at block and chunk boundaries", async () => {
  const sizes = [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 65536, 100_003];
  const chunkings = [1, 7, 63, 64, 65, 4096];
  for (const n of sizes) {
    const bytes = bytesOf(n);
    const want = await reference(bytes);
    assertEquals(new Sha256().update(bytes).hex(), want, `${n} bytes at once`);
    for (const c of chunkings) {
      if (c >= n && c !== 1) continue;
      const h = new Sha256();
      for (let i = 0; i < n; i += c) h.update(bytes.subarray(i, i + c));
      assertEquals(h.hex(), want, `${n} bytes in chunks of ${c}`);
    }
    // Uneven chunks, some empty.
    const h = new Sha256();
    for (let i = 0, k = 0; i < n; k++) {
      const len = [0, 3, 61, 200, 1][k % 5];
      h.update(bytes.subarray(i, i + len));
      i += len;
    }
    assertEquals(h.hex(), want, `${n} bytes in uneven chunks`);
  }
});

Deno.test("sha256() and sha256Digest() of text and of its bytes: the FIPS 180-4 example", async () => {
  const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  assertEquals(await sha256("abc"), abc);
  assertEquals(await sha256(new TextEncoder().encode("abc")), abc);
  const digest = await sha256Digest("abc");
  assertEquals(digest.length, 32);
  assertEquals(digest[0], 0xba);
  assertEquals(digest[31], 0xad);
  const bytes = bytesOf(100_003);
  assertEquals(await sha256(bytes), new Sha256().update(bytes).hex());
});

Deno.test("Sha256 refuses update() after hex() and repeats its digest", () => {
  const h = new Sha256().update(bytesOf(10));
  assertEquals(h.hex(), h.hex());
  assertThrows(() => h.update(bytesOf(1)), Error, "after hex()");
});

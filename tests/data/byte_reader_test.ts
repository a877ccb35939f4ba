// ByteReader: bytes come out in order whatever the chunking, peek() does not consume, rows count
// whole rows, and expectEnd() names how much follows (or that compressed data continues).

import { assertEquals, assertRejects } from "@std/assert";
import { ByteReader } from "../../lib/data/byte_reader.ts";
import { DataError } from "../../lib/errors.ts";

/** A reader of 0, 1, …, n-1 (mod 256) in chunks of `size`; `known`: the length is given. */
function counting(n: number, size: number, known = true): ByteReader {
  const all = Uint8Array.from({ length: n }, (_, i) => i % 256);
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= n) return c.close();
      c.enqueue(all.slice(at, at + size));
      at += size;
    },
  });
  return new ByteReader(stream, "src", known ? { size: n } : {});
}

Deno.test("ByteReader: fill() and read() across chunks; peek() leaves the bytes", async () => {
  for (const size of [1, 3, 7, 100]) {
    const r = counting(20, size);
    assertEquals(Array.from(await r.peek(2)), [0, 1].slice(0, Math.min(2, size)));
    assertEquals(Array.from(await r.read(5)), [0, 1, 2, 3, 4]);
    const out = new Uint8Array(10);
    assertEquals(await r.fill(out), 10);
    assertEquals(Array.from(out), [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    assertEquals(Array.from(await r.read(10)), [15, 16, 17, 18, 19]); // shorter at the end
    assertEquals([r.position, await r.atEnd()], [20, true]);
  }
});

Deno.test("ByteReader: rows count whole rows after the header; expectEnd names what follows", async () => {
  const r = counting(30, 4);
  await r.read(6);
  r.setRows(6, 8);
  assertEquals(r.rows, 0);
  await r.read(15);
  assertEquals(r.rows, 1); // 15 of the second row's 16 bytes
  await r.read(1);
  assertEquals(r.rows, 2);
  await assertRejects(() => r.expectEnd("the 2 rows"), DataError, "src: 8 bytes after the 2 rows");
  const unknown = counting(30, 4, false);
  await unknown.read(22);
  await assertRejects(
    () => unknown.expectEnd("the 2 rows"),
    DataError,
    "src: more data after the 2 rows (trailing data is refused; is the header right?)",
  );
  await unknown.cancel();
  const whole = ByteReader.of(Uint8Array.of(1, 2), "mem");
  await whole.read(2);
  await whole.expectEnd("two bytes"); // no error at the end
});

Deno.test("ByteReader: a stream error becomes the error onError makes, else a DataError", async () => {
  const failing = () =>
    new ReadableStream<Uint8Array>({
      pull: () => Promise.reject(new TypeError("bad block")),
    });
  await assertRejects(
    () => new ByteReader(failing(), "f").read(1),
    DataError,
    "f: cannot read: TypeError: bad block",
  );
  const r = new ByteReader(failing(), "f", { onError: () => new DataError("f: corrupt") });
  await assertRejects(() => r.read(1), DataError, "f: corrupt");
});

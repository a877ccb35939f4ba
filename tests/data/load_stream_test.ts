// loadDataset() streaming a file: the digits, a quoted CRLF file like parseCsv() reads it, the
// CsvSplitter's records whatever the chunks (CR-only lines too), progress, characters split
// across reads, a FIFO read once, and the sha256 of exactly the bytes parsed.

import { assert, assertEquals, assertRejects } from "@std/assert";
import { CsvSplitter } from "../../lib/data/csv_stream.ts";
import { loadDataset, type LoadProgress, parseCsv, row } from "../../lib/data/load.ts";
import { DEFAULTS } from "../../lib/config.ts";
import { DataError } from "../../lib/errors.ts";
import { loadConfiguredData } from "../../lib/run/train_run.ts";
import { hashOf, withFile } from "./_load_files.ts";

Deno.test("loadDataset() reads the digits: 1797 rows, 64 columns, labels 0-9", async () => {
  const d = await loadDataset("data/digits.csv");
  assertEquals([d.rows, d.columns, d.imageShape, d.header, d.labelName], [
    1797,
    64,
    null,
    true,
    "label",
  ]);
  assertEquals(d.classes, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  // First row of sklearn's load_digits(): a zero.
  assertEquals(Array.from(row(d, 0).subarray(0, 8)), [0, 0, 5, 13, 9, 1, 0, 0]);
  assertEquals(d.classes[d.labels![0]], "0");
  assertEquals(d.featureNames[63], "p63");
});

Deno.test("loadDataset() reads a quoted CRLF file with a BOM like parseCsv() does", async () => {
  const path = "tests/fixtures/quoted_crlf_bom.csv";
  const d = await loadDataset(path);
  assertEquals([d.featureNames, d.classes, d.labelName, d.header], [
    ["a", "b  b"],
    ["cat", "dog"],
    "label",
    true,
  ]);
  assertEquals([Array.from(d.x), Array.from(d.labels!)], [[1, 2, 3, 4, 5, 6], [0, 1, 0]]);
  const { sha256, ...parsed } = d;
  assertEquals(parsed, parseCsv(await Deno.readTextFile(path), { source: path }));
  assertEquals(sha256, await hashOf(await Deno.readFile(path)));
  await assertRejects(
    () => loadDataset("tests/fixtures/ragged.csv"),
    DataError,
    "tests/fixtures/ragged.csv: row 4 has 2 fields; expected 3 like the header",
  );
});

/** CsvSplitter's records and line numbers when `text` arrives `chunk` characters at a time. */
function splitInChunks(text: string, chunk: number): [string[], number][] {
  const out: [string[], number][] = [];
  const s = new CsvSplitter("s.csv", (cells, line) => out.push([cells, line]));
  for (let i = 0; i < text.length; i += chunk) s.feed(text.slice(i, i + chunk));
  s.end();
  return out;
}

Deno.test("CsvSplitter gives the same records and lines whatever the chunk size", () => {
  const text = '\r\n"a\r\nb",c\r\n1,"2"\r\n\r\n3, "4" \r\n5,6';
  const split = (chunk: number) => splitInChunks(text, chunk);
  const whole = split(text.length);
  assertEquals(whole, [
    [[""], 1],
    [["a\nb", "c"], 2],
    [["1", "2"], 4],
    [[""], 5],
    [["3", "4"], 6],
    [["5", "6"], 7],
  ]);
  for (const n of [1, 2, 3, 5]) assertEquals(split(n), whole);
});

Deno.test("loadDataset() streams a 20,000 × 10 file with progress and agrees with parseCsv()", async () => {
  const value = (i: number, j: number) => ((i * 31 + j * 7) % 97) / 4 - 3;
  const lines = ["a,b,c,d,e,f,g,h,i,j,class"];
  for (let i = 0; i < 20000; i++) {
    const cells = Array.from({ length: 10 }, (_, j) => value(i, j));
    lines.push([...cells, ["setosa", "virginica", "versicolor"][i % 3]].join(","));
  }
  const text = lines.join("\r\n") + "\r\n";
  await withFile(text, async (path) => {
    const seen: LoadProgress[] = [];
    const streamed = await loadDataset(path, { onProgress: (p) => seen.push(p) });
    const size = (await Deno.stat(path)).size;
    assertEquals(seen, [{ rows: 20000, bytes: size, totalBytes: size }]); // the final call
    assertEquals([streamed.rows, streamed.columns, streamed.labelName], [20000, 10, "class"]);
    assertEquals(streamed.classes, ["setosa", "versicolor", "virginica"]);
    assertEquals(streamed.x[10 * 12345 + 4], value(12345, 4));
    assertEquals(streamed.x[10 * 19999 + 9], value(19999, 9));
    assertEquals(streamed.x.length, 200000);
    const { sha256, ...parsed } = streamed;
    assertEquals(parsed, parseCsv(text, { source: path }));
    assertEquals(sha256, await hashOf(text));
  });
});

Deno.test("loadDataset() reports progress every 65,536 lines", async () => {
  await withFile("1,2\n".repeat(70000), async (path) => {
    const seen: number[] = [];
    const d = await loadDataset(path, { onProgress: (p) => seen.push(p.rows) });
    assertEquals([d.rows, d.header, seen], [70000, false, [65536, 70000]]);
  });
});

Deno.test("loadDataset() decodes a character split across two read chunks", async () => {
  const name = "a" + "é".repeat(40000); // 80,001 bytes: an é straddles the 64 KiB read boundary
  await withFile(`${name},b\n1,2\n`, async (path) => {
    assertEquals((await loadDataset(path)).featureNames, [name, "b"]);
  });
});

Deno.test("loadDataset() reads a FIFO once and records the sha256 of what came through", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fifo = `${dir}/in.csv`;
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    assert(made.success, "mkfifo");
    const text = "a,b\n" + "1.5,2\n".repeat(30000); // 180 KB: more than a pipe holds
    const writer = Deno.open(fifo, { write: true }).then((f) =>
      ReadableStream.from([new TextEncoder().encode(text)]).pipeTo(f.writable) // closes f
    );
    const d = await loadDataset(fifo);
    await writer;
    assertEquals([d.rows, d.columns, d.sha256], [30000, 2, await hashOf(text)]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadConfiguredData() hashes the bytes it parsed, even if the file changes after", async () => {
  await withFile("a,b,c\n1,2,3\n4,5,6\n", async (path) => {
    const cfg = { ...DEFAULTS, data: path, imageShape: null, scale: "standard" as const };
    const { data, sha256 } = await loadConfiguredData(cfg, {
      // The last progress call comes once every byte is read: change the file then.
      onLoad: () => Deno.writeTextFileSync(path, "a,b,c\n9,9,9\n9,9,9\n"),
    });
    assertEquals(Array.from(data.x), [1, 2, 3, 4, 5, 6]);
    assertEquals(sha256, await hashOf("a,b,c\n1,2,3\n4,5,6\n"));
  });
});

Deno.test("CsvSplitter reads CR-only line endings (classic Mac) like LF, even split across chunks", () => {
  const text = 'a,b\r1,2\r\r"x\ry",4\r5,6\r';
  const split = (chunk: number) => splitInChunks(text, chunk);
  const whole = split(text.length);
  assertEquals(whole, [
    [["a", "b"], 1],
    [["1", "2"], 2],
    [[""], 3],
    [["x\ny", "4"], 4],
    [["5", "6"], 6],
  ]);
  for (const n of [1, 2, 3, 4]) assertEquals(split(n), whole);
  const d = parseCsv("a,b,c\r1,2,3\r4,5,6\r");
  assertEquals([d.rows, d.featureNames, Array.from(d.x)], [2, ["a", "b", "c"], [1, 2, 3, 4, 5, 6]]);
});

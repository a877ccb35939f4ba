import {
  assert,
  assertEquals,
  assertFalse,
  assertNotMatch,
  assertRejects,
  assertThrows,
} from "@std/assert";
import { CsvSplitter } from "../../lib/data/csv_stream.ts";
import { loadDataset, type LoadProgress, parseCsv, row } from "../../lib/data/load.ts";
import { DEFAULTS } from "../../lib/config.ts";
import { DataError } from "../../lib/errors.ts";
import { loadConfiguredData } from "../../lib/run/train_run.ts";

/** Writes `content` to a temporary .csv file, runs `fn` on its path, then removes it. */
async function withFile<T>(
  content: string | Uint8Array,
  fn: (path: string) => Promise<T>,
): Promise<T> {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
    return await fn(path);
  } finally {
    await Deno.remove(path);
  }
}

/** sha256 of text (as UTF-8) or bytes, by WebCrypto. */
async function hashOf(content: string | Uint8Array): Promise<string> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const d = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The DataError message `load` fails with (fails the test if it succeeds or throws otherwise). */
async function failure(load: () => unknown): Promise<string> {
  try {
    await load();
  } catch (e) {
    if (!(e instanceof DataError)) throw new Error(`expected a DataError, got ${e}`);
    assertNotMatch(e.message, /\n/, "one line");
    return e.message;
  }
  throw new Error("expected a DataError");
}

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

Deno.test("parseCsv() detects a header, a label column and a headerless file", () => {
  const withHeader = parseCsv("a,b,label\n1,2,cat\n3,4,dog\n5,6,cat\n");
  assertEquals(withHeader.featureNames, ["a", "b"]);
  assertEquals(withHeader.classes, ["cat", "dog"]);
  assertEquals(Array.from(withHeader.labels!), [0, 1, 0]);
  assertEquals(Array.from(withHeader.x), [1, 2, 3, 4, 5, 6]);
  assertEquals([withHeader.header, withHeader.labelName], [true, "label"]);
  const plain = parseCsv("1,2,3\r\n4,5,6\r\n\r\n");
  assertEquals([plain.rows, plain.columns, plain.labels], [2, 3, null]);
  assertEquals([plain.header, plain.labelName, plain.classes], [false, null, []]);
  assertEquals(plain.featureNames, ["c0", "c1", "c2"]);
});

Deno.test("parseCsv() takes the first non-blank line as header if any cell is not a number", () => {
  const names = parseCsv("\n  \nx,1,2\n1,2,3\n", { source: "b.csv" }).featureNames;
  assertEquals(names, ["x", "1", "2"]); // one non-numeric cell makes a header
  assertThrows(
    () => parseCsv("\n\nx,1,2\n1,2,3\n4,5,x\n", { source: "b.csv" }),
    DataError,
    "b.csv: row 5, column index 2 ('2'): expected a finite number, got 'x'", // lines as an editor counts
  );
  assertFalse(parseCsv("\n1, 2\n3,4\n").header, "a first line of numbers is not a header");
  assertEquals(parseCsv("Class,a,b\n1,2,3\n1,5,6\n").labelName, "Class"); // any case
});

Deno.test("parseCsv() never infers an image shape, even for 64 columns", () => {
  const line = Array.from({ length: 64 }, (_, j) => j).join(",");
  const d = parseCsv(`${line}\n${line}\n`);
  assertEquals([d.columns, d.imageShape, d.header], [64, null, false]);
});

Deno.test("parseCsv() sorts numeric labels numerically", () => {
  const d = parseCsv("x,y,class\n1,1,10\n2,2,9\n3,3,2\n");
  assertEquals(d.classes, ["2", "9", "10"]);
  assertEquals(Array.from(d.labels!), [2, 1, 0]);
});

const bad: [string, string, RegExp][] = [
  ["empty file", "", /t\.csv: file is empty/],
  ["blank lines only", "\n\n", /file is empty/],
  ["header only", "a,b,label\n", /header line but no data rows/],
  ["ragged row", "a,b\n1,2\n3\n", /row 3 has 1 fields; expected 2/],
  [
    "non-numeric cell",
    "a,b\n1,2\n3,x\n",
    /row 3, column index 1 \('b'\): expected a finite number, got 'x'/,
  ],
  ["NaN cell", "1,2\nNaN,4\n", /row 2, column index 0: expected a finite number, got 'NaN'/],
  ["empty cell", "1,2\n,4\n", /row 2, column index 0: expected a finite number, got ''/],
  [
    "Infinity",
    "1,2\n3,Infinity\n",
    /row 2, column index 1: expected a finite number, got 'Infinity'/,
  ],
  ["-Infinity", "a,b\n3,-Infinity\n", /row 2, column index 1 \('b'\)/],
  ["binary", "PK\x03\x04\0\0garbage", /t\.csv: binary data \(NUL byte at/],
  ["hex", "1,2\n0x1F,4\n", /row 2, column index 0: expected a decimal number, got '0x1F' \(hex/],
  ["a binary number", "a,b\n3, 0b11\n", /row 2, column index 1 \('b'\): expected a decimal number/],
  ["an octal number", "1,2\n0o17,4\n", /expected a decimal number, got '0o17'/],
  ["duplicate names", "a,b,a\n1,2,3\n", /t\.csv: row 1: column indexes 0 and 2 are both named 'a'/],
  [
    "semicolons",
    "a;b;c\n1;2;3\n",
    /has 1 feature column\(s\); .* \(the line holds ';': fields must/,
  ],
  ["tabs", "1\t2\t3\n4\t5\t6\n", /has 1 feature column\(s\).*\(the line holds tabs/],
  ["a semicolon in a cell", "a,b\n1,2\n3;4,5\n", /got '3;4' \(the line holds ';'/],
  ["1e39", "a,b\n1,2\n3,1e39\n", /row 3, column index 1 \('b'\): 1e39 exceeds float32 range/],
  ["3.5e38", "1,2\n3.5e38,4\n", /row 2, column index 0: 3\.5e38 exceeds float32 range/],
  ["-1e39", "1,2\n3,-1e39\n", /row 2, column index 1: -1e39 exceeds float32 range/],
  ["one column", "a\n1\n2\n", /1 feature column/],
  ["one column beside a label", "a,label\n1,2\n", /1 feature column/],
  ["an unclosed quote", 'a,b\n1,"2\n3,4\n', /row 2: a quoted field is never closed/],
  [
    "text after a quote",
    'a,b\n1,"2"x\n',
    /row 2, column index 1: unexpected 'x' after a closing quote/,
  ],
];
for (const [what, text, message] of bad) {
  Deno.test(`parseCsv() rejects ${what} with a DataError naming the place`, async () => {
    const m = await failure(() => parseCsv(text, { source: "t.csv" }));
    assert(message.test(m), m);
  });
}

Deno.test("loadDataset() streams the same errors, naming the file", async () => {
  for (const [what, text, message] of bad) {
    await withFile(text, async (path) => {
      const m = await failure(() => loadDataset(path));
      assert(m.startsWith(`${path}: `), m);
      assert(message.test(m.replace(path, "t.csv")), `${what}: ${m}`);
    });
  }
});

Deno.test("loadDataset() names a missing file, a folder, invalid UTF-8 and UTF-16", async () => {
  await assertRejects(() => loadDataset("no/such.csv"), DataError, "no/such.csv: file not found");
  await assertRejects(() => loadDataset("tests"), DataError, "tests: is a folder");
  const notUtf8 = new Uint8Array([0x31, 0x2c, 0x32, 0x0a, 0x33, 0x2c, 0xc3, 0x28, 0x0a]);
  await withFile(notUtf8, (p) => assertRejects(() => loadDataset(p), DataError, "not a text file"));
  const cut = new Uint8Array([0x31, 0x2c, 0x32, 0x0a, 0x33, 0x2c, 0x34, 0xc3]); // ends mid-character
  await withFile(cut, (p) => assertRejects(() => loadDataset(p), DataError, "not a text file"));
  const utf16 = new Uint8Array([0xff, 0xfe, 0x31, 0, 0x2c, 0, 0x32, 0, 0x0a, 0]);
  await withFile(utf16, (p) => assertRejects(() => loadDataset(p), DataError, "is UTF-16 text"));
});

Deno.test("loadDataset() names an unreadable file", async () => {
  await withFile("1,2\n", async (path) => {
    await Deno.chmod(path, 0o000);
    // Root reads files whatever their mode (as in CI containers): the assertion then cannot fail
    // the read, so it only runs where the mode really blocks reading.
    const blocked = await Deno.readTextFile(path).then(() => false, () => true);
    if (blocked) {
      await assertRejects(() => loadDataset(path), DataError, `${path}: not readable`);
    }
  });
});

Deno.test("parseCsv() honours --header/--no-header and --label-column by name, index or none", () => {
  const t = "1,2,3\n4,5,6\n7,8,9\n";
  assertEquals(parseCsv(t, { header: true }).featureNames, ["1", "2", "3"]);
  assertEquals(parseCsv(t, { header: true }).rows, 2);
  const byIndex = parseCsv(t, { labelColumn: "2" });
  assertEquals([byIndex.classes, byIndex.columns, byIndex.featureNames], [
    ["3", "6", "9"],
    2,
    ["c0", "c1"],
  ]);
  const named = parseCsv("a,kind,b\n1,x,2\n3,y,4\n", { labelColumn: "kind" });
  assertEquals([named.featureNames, named.classes, named.labelName], [
    ["a", "b"],
    ["x", "y"],
    "kind",
  ]);
  assertEquals(parseCsv("a,b,c,d\n1,2,3,4\n", { labelColumn: "0" }).labelName, "a");
  const none = parseCsv("a,b,label\n1,2,3\n4,5,6\n", { labelColumn: "none" });
  assertEquals([none.columns, none.labels, none.labelName], [3, null, null]);
  assertThrows(
    () => parseCsv("a,b\n1,2\n", { header: false, source: "h.csv" }),
    DataError,
    "h.csv: row 1, column index 0: expected a finite number, got 'a'",
  );
  assertThrows(
    () => parseCsv("a,b,c\n1,2,3\n", { labelColumn: "kind", source: "k.csv" }),
    DataError,
    "k.csv: no column named 'kind'; columns are a, b, c",
  );
  const wide = Array.from({ length: 30 }, (_, j) => `f${j}`).join(",");
  const m = assertThrows(() => parseCsv(`${wide}\n${"1,".repeat(29)}1\n`, { labelColumn: "y" }));
  assert(
    (m as Error).message.endsWith(
      "columns are f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, …",
    ),
  );
  assertThrows(() => parseCsv("1,2,3\n", { labelColumn: "5" }), DataError, "out of range");
  assertThrows(() => parseCsv("1,2,3\n", { labelColumn: "3" }), DataError, "out of range");
  assertThrows(
    () => parseCsv("a,b,label\n1,2,\n", { source: "e.csv" }),
    DataError,
    "e.csv: row 2, column index 2 ('label'): empty label",
  );
});

Deno.test("parseCsv() reads quoted fields, CRLF, a BOM, spaces and trailing blank lines", () => {
  const d = parseCsv('\uFEFF"a","b","c"\r\n"1", 2 ,"3"\r\n4,5,6\r\n\r\n\n');
  assertEquals([d.featureNames, Array.from(d.x), d.rows], [["a", "b", "c"], [1, 2, 3, 4, 5, 6], 2]);
  const q = parseCsv('"x, ""the"" first" , "y\nin two lines"\n 1 , "2"\n');
  assertEquals([q.featureNames, Array.from(q.x)], [['x, "the" first', "y\nin two lines"], [1, 2]]);
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

Deno.test("CsvSplitter gives the same records and lines whatever the chunk size", () => {
  const text = '\r\n"a\r\nb",c\r\n1,"2"\r\n\r\n3, "4" \r\n5,6';
  const split = (chunk: number) => {
    const out: [string[], number][] = [];
    const s = new CsvSplitter("s.csv", (cells, line) => out.push([cells, line]));
    for (let i = 0; i < text.length; i += chunk) s.feed(text.slice(i, i + chunk));
    s.end();
    return out;
  };
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

Deno.test("A stray quote fails fast naming its row: at the end of the text, or after 1 MB open", async () => {
  // On the old splitter the open record was re-parsed on every line: these took minutes.
  const short = 'a,b,c,d\n1,"2,3,4\n' + "1,2,3,4\n".repeat(50_000); // 400 KB: open to the end
  assertThrows(
    () => parseCsv(short, { source: "q.csv" }),
    DataError,
    `q.csv: row 2: a quoted field is never closed (a stray '"'?)`,
  );
  const long = '1,"2,3,4\n' + "1,2,3,4\n".repeat(200_000); // 1.6 MB: stops at the bound
  const lines: number[] = [];
  const splitter = new CsvSplitter("q.csv", (_, line) => lines.push(line));
  const m = await failure(() => {
    for (let i = 0; i < long.length; i += 65536) splitter.feed(long.slice(i, i + 65536));
    splitter.end();
  });
  assertEquals(
    m,
    `q.csv: row 1: a quoted field is still open after 1048576 characters (a stray '"'?)`,
  );
  assertEquals(lines, []);
});

Deno.test("CsvSplitter reads CR-only line endings (classic Mac) like LF, even split across chunks", () => {
  const text = 'a,b\r1,2\r\r"x\ry",4\r5,6\r';
  const split = (chunk: number) => {
    const out: [string[], number][] = [];
    const s = new CsvSplitter("s.csv", (cells, line) => out.push([cells, line]));
    for (let i = 0; i < text.length; i += chunk) s.feed(text.slice(i, i + chunk));
    s.end();
    return out;
  };
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

Deno.test("parseCsv() keeps values up to float32's largest, and tiny ones", () => {
  const d = parseCsv("3.4e38,-3.4028235e38,1e-30\n1,2,3\n");
  assertEquals(Array.from(d.x.subarray(0, 3)), [3.4e38, -3.4028235e38, 1e-30].map(Math.fround));
});

Deno.test("parseCsv() reads decimals in every spelling Number() shares with them", () => {
  const d = parseCsv("a,b,c,d\n1e3,-.5,+2,0.\n 7 ,0010,1E-2,-0\n");
  assertEquals(Array.from(d.x), [1000, -0.5, 2, 0, 7, 10, 0.01, -0].map(Math.fround));
});

Deno.test("Training data needs 2 rows: loadConfiguredData() names the file", async () => {
  assertEquals(parseCsv("a,b\n1,2\n").rows, 1); // encode/reconstruct may apply a model to one row
  await withFile("a,b,c\n1,2,3\n", async (path) => {
    const cfg = { ...DEFAULTS, data: path, imageShape: null, scale: "standard" as const };
    await assertRejects(
      () => loadConfiguredData(cfg),
      DataError,
      `${path}: has 1 data row; training needs at least 2`,
    );
  });
});

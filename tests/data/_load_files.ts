// Shared by the CSV loading tests: a temporary .csv file for one test, the sha256 loadDataset()
// should record (by WebCrypto, independently of lib/), and the one-line DataError a load fails with.

import { assertNotMatch } from "@std/assert";
import { DataError } from "../../lib/errors.ts";

/** Writes `content` to a temporary .csv file, runs `fn` on its path, then removes it. */
export async function withFile<T>(
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
export async function hashOf(content: string | Uint8Array): Promise<string> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const d = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The DataError message `load` fails with (fails the test if it succeeds or throws otherwise). */
export async function failure(load: () => unknown): Promise<string> {
  try {
    await load();
  } catch (e) {
    if (!(e instanceof DataError)) throw new Error(`expected a DataError, got ${e}`);
    assertNotMatch(e.message, /\n/, "one line");
    return e.message;
  }
  throw new Error("expected a DataError");
}

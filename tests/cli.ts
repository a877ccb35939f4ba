// Shared by the end-to-end tests: run `main.ts <task>` as a user would, and a strict XML
// parser for the SVGs the tasks write.

import { assertEquals } from "@std/assert";
import { DOMParser } from "@xmldom/xmldom";

/** The permissions `deno task train` and friends run with. */
export const PERMS = ["--allow-read", "--allow-write", "--allow-env", "--allow-ffi"];

/** Runs `deno run main.ts …args` and returns its exit code and output. */
export function cli(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliEnv({}, ...args);
}

/** cli() with extra environment variables (e.g. AE_TEST_FAULT, see tasks/fault_hook.ts). */
export async function cliEnv(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...PERMS, "main.ts", ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Flags of a tiny, fast run on the digits: 2 epochs, one hidden layer of 32, Wasm. */
export const FAST = ["--epochs", "2", "--hidden", "32", "--backend", "wasm"];

/**
 * Trains a tiny run (FAST, then `args`, which may override it) into the folder `out` and fails
 * the calling test unless it exits 0. Without `--name` the run lands in
 * `${out}/digits-ae-32x2-s34`.
 */
export async function trainTiny(
  out: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await cli("train", ...FAST, ...args, "--out", out);
  assertEquals(r.code, 0, r.stderr);
  return r;
}

/** An XML parser that throws on any error (not on warnings). */
export const xml = new DOMParser({
  onError: (level: string, msg: string) => {
    if (level !== "warning") throw new Error(msg);
  },
});

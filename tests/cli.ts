// Shared by the end-to-end tests: run `main.ts <task>` as a user would, and a strict XML
// parser for the SVGs the tasks write.

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

/** An XML parser that throws on any error (not on warnings). */
export const xml = new DOMParser({
  onError: (level: string, msg: string) => {
    if (level !== "warning") throw new Error(msg);
  },
});

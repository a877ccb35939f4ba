// Temporary folders for tests, always removed: `await using tmp = await tempDir()` removes the
// folder when the test's block ends, passed or thrown; moduleTempDir() at the end of the module.

/** A temporary folder that removes itself (with its contents) when disposed. */
export interface TempDir extends AsyncDisposable {
  /** The folder's absolute path. */
  path: string;
}

/** Makes a fresh temporary folder; use it with `await using` so that it is always removed. */
export async function tempDir(prefix = "ae-test-"): Promise<TempDir> {
  const path = await Deno.makeTempDir({ prefix });
  return {
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }).catch(() => {}),
  };
}

/**
 * A temporary folder for fixtures shared by one test module (a run trained once, on first use);
 * removed when the module's tests have ended, passed or failed (the `unload` event).
 */
export function moduleTempDir(prefix = "ae-test-"): string {
  const path = Deno.makeTempDirSync({ prefix });
  globalThis.addEventListener("unload", () => {
    try {
      Deno.removeSync(path, { recursive: true });
    } catch { /* already gone */ }
  });
  return path;
}

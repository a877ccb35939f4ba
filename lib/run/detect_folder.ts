// Writing a detect folder: atomically (a temporary folder renamed into place, like run
// folders), detect.json last with the files' sha256, and never over a folder that is not an
// earlier detect folder (a run folder, or anything else the user made).

import { ConfigError } from "../errors.ts";
import { type RunFiles, writeFolder } from "./folder.ts";
import { describe } from "../safe_files.ts";
import type { DetectSummary } from "../eval/detect_summary.ts";

/** Writes `<path>/` with `files` and detect.json; returns the path. */
export async function writeDetectFolder(
  path: string,
  options: { files: RunFiles; summary: DetectSummary },
): Promise<string> {
  const clean = path.replace(/\/+$/, "");
  const cut = clean.lastIndexOf("/");
  const [parent, name] = cut < 0
    ? [".", clean]
    : [clean.slice(0, cut) || "/", clean.slice(cut + 1)];
  if (!name || name === "." || name === "..") {
    throw new ConfigError(
      "out",
      (n) => `${n("out")} expects a folder path such as out/detect, got '${path}'`,
      { value: path },
    );
  }
  await checkReplaceable(clean);
  return writeFolder(parent, name, {
    marker: "detect.json",
    files: options.files,
    index: (hashes) => [
      "detect.json",
      JSON.stringify({ ...options.summary, files: hashes }, null, 2) + "\n",
    ],
  });
}

/** Throws unless `path` is absent or a folder holding a detect.json of kind "detect". */
async function checkReplaceable(path: string): Promise<void> {
  try {
    await Deno.lstat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  let kind: unknown;
  try {
    kind = JSON.parse(await Deno.readTextFile(`${path}/detect.json`)).kind;
  } catch {
    kind = undefined;
  }
  if (kind !== "detect") {
    throw new ConfigError(
      "out",
      (n) =>
        `${n("out")} ${path} exists and is not a detect folder (no detect.json); ` +
        `choose another ${n("out")}, it is left as it is`,
      { value: path },
    );
  }
}

/** Throws unless `path` (the setting `output`) is absent or an earlier scores.csv (by its header). */
export async function checkScoresOutput(path: string): Promise<void> {
  let head: string;
  try {
    const info = await Deno.lstat(path);
    if (info.isSymlink || !info.isFile) {
      throw new ConfigError(
        "output",
        (n) =>
          `${n("output")} ${path} exists and is ${describe(info)}, not a scores.csv written by ` +
          "detect; choose another file, it is left as it is",
        { value: path },
      );
    }
    const file = await Deno.open(path);
    const buf = new Uint8Array(64);
    const n = await file.read(buf).finally(() => file.close());
    head = new TextDecoder().decode(buf.subarray(0, n ?? 0));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    if (e instanceof ConfigError) throw e;
    const why = (e as Error).message;
    throw new ConfigError(
      "output",
      (n) => `${n("output")} ${path}: cannot be read to check it (${why})`,
      {
        value: path,
      },
    );
  }
  if (!head.startsWith("index,label,score,anomaly")) {
    throw new ConfigError(
      "output",
      (n) =>
        `${
          n("output")
        } ${path} exists and is not a scores.csv written by detect; choose another file`,
      { value: path },
    );
  }
}

// What a run may replace: `<out>/<name>` is written only where nothing is, or over a
// folder this toolkit wrote (its marker file, run.json or study.json) holding only the
// files it lists. A run folder of other flags needs --force; anything else is never removed.

import { comparable } from "../engine/checkpoint.ts";
import { DataError } from "../errors.ts";
import { settleAutoScale } from "../model/config_model.ts";
import { DEFAULTS } from "../config.ts";
import { configRecord } from "./config_record.ts";

/** Throws a DataError unless `path` is absent or a folder of ours that may be replaced. */
export async function checkReplaceable(
  path: string,
  options: {
    /** The file that marks a folder as written by this toolkit. @default "run.json" */
    marker?: string;
    /** The new run's config: a run folder of other flags is replaced only with `force`. @default none */
    config?: Record<string, unknown>;
    /** Replace a run folder of other flags. @default false */
    force?: boolean;
  } = {},
): Promise<void> {
  const marker = options.marker ?? "run.json";
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  const refuse = (why: string) =>
    new DataError((f) =>
      `${path}: ${why}; nothing was changed (choose another ${f("name")} or ${f("out")})`
    );
  if (!info.isDirectory) {
    throw refuse(
      `exists and is ${info.isFile ? "a file" : "a link"}, not a folder this toolkit wrote`,
    );
  }
  let m: { files?: Record<string, string>; config?: Record<string, unknown> };
  try {
    m = JSON.parse(await Deno.readTextFile(`${path}/${marker}`));
  } catch {
    throw refuse(`a folder without a valid ${marker}, not one this toolkit wrote`);
  }
  if (marker !== "run.json") return;
  if (typeof m?.files !== "object" || typeof m.config !== "object" || m.config === null) {
    throw refuse("its run.json is not a run manifest of this toolkit");
  }
  const ours = new Set(["run.json", ...Object.keys(m.files)]);
  const extra = (await listFiles(path)).filter((f) =>
    !ours.has(f) && !/(^|\/)\.[^/]*\.partial(-[0-9a-f]+)?$/.test(f)
  );
  if (extra.length) {
    throw refuse(`holds files this toolkit did not write (${extra.slice(0, 3).join(", ")})`);
  }
  if (!options.config || options.force) return;
  const diff = flagDifference(m.config, options.config);
  if (diff) {
    throw new DataError((f) =>
      `${path}: holds a run of other flags (${diff}); add ${
        f("force")
      } to replace it, or choose another ${f("name")}`
    );
  }
}

/**
 * The first flag in which a saved run's config `was` differs from `now` (flags that may differ
 * between a run and its rerun left out), e.g. `latent 2, now 4`; null when none does. A key
 * `was` lacks (recorded before it existed) counts as its default.
 */
export function flagDifference(
  was: Record<string, unknown>,
  now: Record<string, unknown>,
): string | null {
  // A run recorded before a key existed ran with its default (run.json gains keys over time).
  const defaults: Record<string, unknown> = configRecord(DEFAULTS);
  const older = Object.keys(now).filter((k) => !(k in was) && k in defaults);
  const a = flagsOf({ ...Object.fromEntries(older.map((k) => [k, defaults[k]])), ...was });
  const b = flagsOf(settleAutoScale(now, was));
  const k = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .find((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  return k === undefined ? null : `${k} ${JSON.stringify(a[k])}, now ${JSON.stringify(b[k])}`;
}

function flagsOf(config: Record<string, unknown>): Record<string, unknown> {
  const { out: _o, help: _h, ...rest } = comparable(config);
  return rest;
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const e of Deno.readDir(`${dir}/${prefix}`)) {
    const rel = prefix + e.name;
    if (e.isDirectory) files.push(...await listFiles(dir, `${rel}/`));
    else files.push(rel);
  }
  return files;
}

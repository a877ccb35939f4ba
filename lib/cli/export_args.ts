// The flags of `deno task export`: which run, which format (a web bundle or ONNX), where the
// folder goes, and the detect folder whose threshold the web module's score() applies.

import { UsageError } from "../errors.ts";
import { EXPORT_FORMATS, type ExportFormat } from "../export/export_run.ts";
import { parseFlags } from "./flags.ts";

/** Flag help, in the order `--help` prints them. */
const EXPORT_HELP: Record<string, string> = {
  run: "run folder to export (required)",
  format: `${EXPORT_FORMATS.join("|")}: a static web bundle (tfjs, WebGPU with WASM/CPU ` +
    "fallback, demo page) or ONNX graphs (required)",
  out: "folder to write (default <run>/export-<format>); only an earlier export is replaced",
  detect: "web: a detect folder of this run whose threshold score() applies (default: none)",
};

/** The flags of `deno task export`, without their dashes. */
export const EXPORT_FLAGS: readonly string[] = Object.keys(EXPORT_HELP);

const USAGE = "Usage: deno task export --run out/<name> --format web|onnx [--out <dir>]";

/** Parsed export flags. */
export interface ExportArgs {
  /** Run folder. */
  run: string;
  /** web or onnx. */
  format: ExportFormat;
  /** Folder to write. */
  out: string;
  /** Detect folder with the threshold, if given. */
  detect?: string;
  /** Whether --help was given. */
  help: boolean;
}

/** Reads the export flags; missing or wrong values are UsageErrors naming the flag. */
export function exportArgsFrom(args: string[]): ExportArgs {
  const flags = parseFlags(args, { strings: Object.keys(EXPORT_HELP) });
  const str = (k: string) => flags[k] as string | undefined;
  if (flags.help) return { run: "", format: "web", out: "", help: true };
  if (!str("run") || !str("format")) {
    throw new UsageError(`--run and --format are required; ${USAGE}`);
  }
  const format = str("format")!;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format expects ${EXPORT_FORMATS.join(" or ")}, got '${format}'`);
  }
  if (str("detect") !== undefined && format !== "web") {
    throw new UsageError(
      "--detect applies to --format web only (ONNX's score output has no threshold)",
    );
  }
  const run = str("run")!.replace(/\/+$/, "");
  return {
    run,
    format: format as ExportFormat,
    out: str("out") ?? `${run}/export-${format}`,
    detect: str("detect"),
    help: false,
  };
}

/** `--help` text. */
export function exportHelp(): string {
  const lines = Object.entries(EXPORT_HELP).map(([k, v]) => `  --${k.padEnd(15)} ${v}`);
  return [USAGE, "", "Flags:", ...lines, "  --help            show this help"].join("\n");
}

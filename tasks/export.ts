// `deno task export --run out/<name> --format web|onnx [--out <dir>]`: a saved run's model as a
// static web bundle (tfjs with a demo page) or as ONNX graphs, in a folder of its own.

import { exportArgsFrom, exportHelp } from "../lib/cli/export_args.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import { exportRun } from "../lib/export/export_run.ts";

/** Runs the export task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const a = exportArgsFrom(args);
  if (a.help) return console.log(exportHelp());
  await selectBackend("wasm");
  const result = await exportRun(a.run, { format: a.format, out: a.out, detect: a.detect });
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const vendor = Object.entries(result.sizes).filter(([k]) => k.startsWith("vendor/"))
    .reduce((s, [, n]) => s + n, 0);
  console.log(
    `wrote ${result.dir}/: ${Object.keys(result.sizes).length} files, ${kib(result.bytes)}` +
      (vendor
        ? ` (tfjs in vendor/: ${kib(vendor)}; the model and page: ${kib(result.bytes - vendor)})`
        : ""),
  );
}

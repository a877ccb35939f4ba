// Command-line entry: `deno run main.ts <task> [flags]` dispatches to tasks/<task>.ts.
// Usage errors (library ConfigErrors too, named by their flag) exit 2, data errors and failures
// exit 1, each as one line on stderr (set AE_DEBUG=1 to see the stack).

import { UsageError } from "./lib/errors.ts";
import { commandLineError } from "./lib/cli/field_flags.ts";

const TASKS: Record<string, () => Promise<{ main: (args: string[]) => Promise<void> }>> = {
  train: () => import("./tasks/train.ts"),
  plot: () => import("./tasks/plot.ts"),
  quality: () => import("./tasks/quality.ts"),
  repro: () => import("./tasks/repro.ts"),
  sweep: () => import("./tasks/sweep.ts"),
  bench: () => import("./tasks/bench.ts"),
  encode: () => import("./tasks/encode.ts"),
  reconstruct: () => import("./tasks/reconstruct.ts"),
  detect: () => import("./tasks/detect.ts"),
  export: () => import("./tasks/export.ts"),
};

if (import.meta.main) {
  const [name, ...args] = Deno.args;
  const load = TASKS[name];
  if (!load) {
    console.error(
      `error: unknown task '${name ?? ""}'; expected one of ${Object.keys(TASKS).join(", ")}`,
    );
    Deno.exit(2);
  }
  try {
    await (await load()).main(args);
  } catch (e) {
    const mapped = commandLineError(e); // library errors name fields; here, the flags
    const err = mapped instanceof Error ? mapped : new Error(String(mapped));
    if (Deno.env.get("AE_DEBUG")) console.error(err.stack);
    console.error(`error: ${err.message.split("\n")[0]}`);
    Deno.exit(err instanceof UsageError ? 2 : 1); // DataError and failures: 1
  }
}

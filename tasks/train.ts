// `deno task train`: flags → TrainConfig → trainRun() → run folder under --out.
// Prints the notebook's log lines, and a live status line when stderr is a terminal.
// Holds `<out>/.<name>.lock` while it runs; Ctrl-C/SIGTERM stop at the next epoch
// boundary with exit 130 and say which checkpoint was kept and how to resume.

import { helpText, trainConfigFromArgs } from "../lib/cli/config_args.ts";
import { Interrupted } from "../lib/errors.ts";
import { takeSwitches } from "../lib/cli/flags.ts";
import { removeStaleTemps, type RunLock, takeLock } from "../lib/run/lock.ts";
import { trainRun } from "../lib/run/train_run.ts";
import { loadLine, notebookLine, statusLine, summaryLines } from "../lib/cli/progress.ts";
import { writeRunFolder } from "../lib/run/folder.ts";
import { checkReplaceable } from "../lib/run/target.ts";
import { faultHook } from "./fault_hook.ts";

const FORCE_HELP =
  "  --force         replace an earlier run folder of other flags (never other files)";

/** Runs the train task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const { on, rest } = takeSwitches(args, ["force"]);
  const { help, ...config } = trainConfigFromArgs(rest);
  if (help) return console.log(`${helpText("Usage: deno task train [flags]")}\n${FORCE_HELP}`);
  const live = Deno.stderr.isTerminal();
  const status = (text: string) =>
    live && Deno.stderr.writeSync(new TextEncoder().encode(`\r\x1b[2K${text}`));
  const clock = () => performance.now() / 1000;
  let start = clock();
  const stop = new AbortController();
  let lock: RunLock | null = null;
  let saved: { path: string; epochs: number } | null = null;
  const onSignal = () => {
    if (stop.signal.aborted) { // a second Ctrl-C: leave now (the checkpoint file is whole)
      lock?.release();
      Deno.exit(130);
    }
    stop.abort();
    status("");
    console.error("stopping after this epoch (Ctrl-C again to stop now)");
  };
  const signals = listen(onSignal);
  let outcome: "done" | "interrupted" = "done";
  try {
    const run = await trainRun(config, {
      clock,
      versions: { deno: Deno.version.deno },
      signal: stop.signal,
      fault: faultHook(Deno.env.get("AE_TEST_FAULT"), { signal: stop.signal }),
      prepare: async (name, runConfig) => {
        lock = await takeLock(config.out, name, { pid: Deno.pid });
        if (lock.tookOver) {
          console.error(
            `took over ${lock.path} from pid ${lock.tookOver}, which is no longer running`,
          );
        }
        await checkReplaceable(`${config.out}/${name}`, { config: runConfig, force: on.force });
        const stale = await removeStaleTemps(config.out, name);
        if (stale.length) {
          console.error(`removed temp files of an earlier crash: ${stale.join(", ")}`);
        }
      },
      onCheckpoint: (c) => {
        saved = c;
        if (c.read) {
          console.log(`resuming from ${c.path}: ${c.epochs} of ${config.epochs} epochs done`);
        }
      },
      onLoad: (p) => status(loadLine(config.data, p)),
      onStart: (b) => {
        status("");
        const probed = config.backend === "auto" || config.backend === "webgpu";
        const adapter = probed ? `; adapter: ${b.adapter ?? "none"}` : "";
        console.log(`backend: ${b.backend} (${b.reason})${adapter}`);
        start = clock();
      },
      onEpoch: (info) => {
        const line = notebookLine(info, config.epochs);
        status("");
        if (line) console.log(line);
        status(statusLine(info, { epochs: config.epochs, seconds: clock() - start }));
      },
    });
    status("");
    const dir = await writeRunFolder(config.out, run.name, { ...run, force: on.force });
    await Deno.remove(run.checkpoint).catch(() => {});
    const resolved = { ...config, scale: String(run.manifest.config.scale ?? config.scale) };
    for (const line of summaryLines(run.manifest, resolved)) console.log(line);
    console.log(`wrote ${dir}/`);
    if (stop.signal.aborted) {
      console.error(`interrupted while writing; ${dir}/ was written completely`);
      outcome = "interrupted";
    }
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    status("");
    const resume = ["deno", "task", "train", ...args, ...(config.resume ? [] : ["--resume"])];
    const s = saved as { path: string; epochs: number } | null;
    console.error(
      s
        ? `interrupted: kept the checkpoint ${s.path} (${s.epochs} of ${config.epochs} epochs); ` +
          `resume with: ${resume.map(quote).join(" ")}`
        : `interrupted before the first checkpoint; nothing was kept`,
    );
    outcome = "interrupted";
  } finally {
    signals();
    (lock as RunLock | null)?.release();
  }
  if (outcome === "interrupted") Deno.exit(130);
}

/** Routes SIGINT and SIGTERM to `handler`; returns the function that stops listening. */
function listen(handler: () => void): () => void {
  const names: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  names.forEach((s) => Deno.addSignalListener(s, handler));
  return () => names.forEach((s) => Deno.removeSignalListener(s, handler));
}

function quote(arg: string): string {
  return /^[\w./=:,@+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

// `deno task train`: flags → typed specs → trainRun() → run folder under --out.
// Prints the notebook's log lines, and a live status line when stderr is a terminal.
// Holds `<out>/.<name>.lock` while it runs; Ctrl-C/SIGTERM stop at the next epoch
// boundary with exit 130 and say which checkpoint was kept and how to resume.

import { helpText, trainSpecsFromArgs } from "../lib/cli/config_args.ts";
import { Interrupted, RunFinished } from "../lib/errors.ts";
import { takeSwitches } from "../lib/cli/flags.ts";
import { flagOf } from "../lib/cli/field_flags.ts";
import type { RunLock } from "../lib/run/lock.ts";
import { claimRunFolder } from "../lib/run/claim.ts";
import { GRAPH_PHASE, trainRun } from "../lib/run/train_run.ts";
import {
  interruptedLine,
  loadLine,
  notebookLine,
  phaseLine,
  statusLine,
  statusWriter,
  summaryLines,
} from "../lib/cli/progress.ts";
import { writeRunFolder } from "../lib/run/folder.ts";
import { faultHook } from "./fault_hook.ts";
import { stopDecision, watchSignals } from "./_signals.ts";
import { removeOurs } from "../lib/safe_files.ts";

const FORCE_HELP =
  "  --force         replace an earlier run folder of other flags (never other files)";

/** Runs the train task with command-line `args`. */
export async function main(args: string[]): Promise<void> {
  const { on, rest } = takeSwitches(args, ["force"]);
  const { help, specs } = trainSpecsFromArgs(rest, { others: ["force"] });
  const { data: d, train: t, runtime, run: r } = specs;
  if (help) return console.log(`${helpText("Usage: deno task train [flags]")}\n${FORCE_HELP}`);
  const status = statusWriter(Deno.stderr);
  const clock = () => performance.now() / 1000;
  let start = clock();
  let lock: RunLock | null = null;
  let saved: { path: string; epochs: number } | null = null;
  let epochs = 0; // the count it trains (--epochs auto resolved), known at onStart
  // While epochs run, the first signal stops after the epoch (its checkpoint kept), a second one
  // at the next step; before and after training (loading, PCA, figures) the first stops at once.
  let phase = "load" as "load" | "train" | "after", told = false, lastStep = "", phaseStart = 0;
  const watch = await watchSignals();
  const fault = faultHook(Deno.env.get("AE_TEST_FAULT"), watch);
  const checkStop = (at: "epoch" | "step" | "phase") => {
    const decision = stopDecision(watch.count(), { training: phase === "train", at });
    if (decision === "stop") throw new Interrupted(saved?.epochs ?? 0);
    if (decision === "notice" && !told) {
      status("");
      console.error("stopping after this epoch (Ctrl-C again to stop now)");
      told = true;
    }
  };
  let outcome: "done" | "interrupted" = "done";
  try {
    const run = await trainRun(specs, {
      clock,
      versions: { deno: Deno.version.deno },
      fault,
      checkStop,
      prepare: async (name, config) => {
        const o = { pid: Deno.pid, config, force: on.force, fault, onNote: console.error };
        lock = await claimRunFolder(r.out, name, o);
      },
      onCheckpoint: (c) => {
        saved = c;
        if (c.read) {
          console.log(`resuming from ${c.path}: ${c.epochs} of ${epochs} epochs done`);
        }
      },
      onLoad: (p) => {
        checkStop("phase");
        status(loadLine(d.data, p));
      },
      onStart: (b) => {
        status("");
        const probed = runtime.backend === "auto" || runtime.backend === "webgpu";
        const adapter = probed ? `; adapter: ${b.adapter ?? "none"}` : "";
        console.log(`backend: ${b.backend} (${b.reason})${adapter}`);
        epochs = b.epochs;
        if (t.epochs === "auto") {
          const rows = b.trainRows.toLocaleString("en-US");
          console.log(`epochs: ${epochs} (--epochs auto, for ${rows} training rows)`);
        }
        start = clock();
        phase = "train";
      },
      onEpoch: (info) => {
        const line = notebookLine(info, epochs);
        status("");
        if (line) console.log(line);
        status(statusLine(info, { epochs, seconds: clock() - start }));
      },
      onProgress: (step, fraction) => {
        const graph = step === GRAPH_PHASE; // pumap's, before the first epoch
        if (!graph) phase = "after";
        if (step !== lastStep) {
          fault?.(`phase-${step}`);
          phaseStart = clock();
        }
        if (graph) fault?.("graph-block");
        lastStep = step;
        checkStop("phase");
        if (graph && fraction === 1) {
          status("");
          return console.log(`${step}: built in ${(clock() - phaseStart).toFixed(1)} s`);
        }
        status(
          graph
            ? phaseLine(step, fraction, { seconds: clock() - phaseStart })
            : `${step}: ${Math.round(100 * fraction)}%`,
        );
      },
    });
    status("writing the run folder");
    const dir = await writeRunFolder(r.out, run.name, { ...run, force: on.force, fault });
    status("");
    await removeOurs(run.checkpoint, {}); // a regular file only: never a link put in its place
    const resolved = {
      earlyStop: t.earlyStop,
      scale: String(run.manifest.config.scale ?? d.scale),
    };
    for (const line of summaryLines(run.manifest, resolved)) console.log(line);
    for (const w of run.manifest.warnings ?? []) console.error(`warning: ${w.message}`);
    console.log(`wrote ${dir}/`);
    if (watch.count()) {
      console.error(`interrupted while writing; ${dir}/ was written completely`);
      outcome = "interrupted";
    }
  } catch (e) {
    if (e instanceof RunFinished) return console.log(e.say(flagOf)); // exit 0: nothing to do
    if (!(e instanceof Interrupted)) throw e;
    status("");
    const resume = ["deno", "task", "train", ...args, ...(r.resume ? [] : ["--resume"])];
    const kept = saved as { path: string; epochs: number } | null;
    console.error(
      interruptedLine(kept, { epochs, evaluating: phase === "after", resume }),
    );
    outcome = "interrupted";
  } finally {
    watch.close();
    (lock as RunLock | null)?.release();
  }
  if (outcome === "interrupted") Deno.exit(watch.exitCode() || 130);
}

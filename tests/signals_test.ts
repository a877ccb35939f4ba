import { assertEquals } from "@std/assert";
import { stopDecision } from "../tasks/_signals.ts";

Deno.test("stopDecision(): the first signal waits for the epoch's end while training, else stops", () => {
  const at = ["epoch", "step", "phase"] as const;
  const table = [0, 1, 2].flatMap((n) =>
    [true, false].flatMap((training) =>
      at.map((a) =>
        `${n} ${training ? "train" : "other"} ${a}: ${stopDecision(n, { training, at: a })}`
      )
    )
  );
  assertEquals(table, [
    "0 train epoch: go",
    "0 train step: go",
    "0 train phase: go",
    "0 other epoch: go",
    "0 other step: go",
    "0 other phase: go",
    "1 train epoch: stop", // after the epoch's checkpoint
    "1 train step: notice", // says it will stop after this epoch
    "1 train phase: stop",
    "1 other epoch: stop",
    "1 other step: stop",
    "1 other phase: stop",
    "2 train epoch: stop",
    "2 train step: stop", // Ctrl-C again: stop now
    "2 train phase: stop",
    "2 other epoch: stop",
    "2 other step: stop",
    "2 other phase: stop",
  ]);
});

Deno.test("watchSignals() sees SIGINT and SIGTERM inside synchronous code, exit codes 130 and 143", async () => {
  const script = new URL("../tasks/_signals.ts", import.meta.url).href;
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
    // A child busy in a synchronous loop (no await) that polls the watch, as PCA or figures do.
    const source = `
      import { watchSignals } from "${script}";
      const watch = await watchSignals();
      Deno.kill(Deno.pid, "${signal}");
      let polls = 0;
      try {
        for (;;) { polls++; watch.check(1, 7); if (polls > 1e10) break; }
      } catch (e) { console.log(e.name, e.epochs, watch.count(), watch.exitCode()); }
      watch.close();`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", source],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    assertEquals(
      [out.code, text],
      [0, `Interrupted 7 1 ${code}`],
      new TextDecoder().decode(out.stderr),
    );
  }
});

// The README and docs/ as a user reads them: every `deno task …` command in their shell blocks
// names a task of deno.json, and every flag it passes is one that task's --help lists.

import { assert, assertEquals } from "@std/assert";
import { PERMS } from "./cli.ts";

/** Tasks that take any train flag besides their own. */
const TRAIN_FLAGS = new Set(["train", "repro", "sweep", "quality"]);
/** Tasks that run a tool rather than main.ts (their flags are the tool's). */
const TOOLS = new Set(["test", "check", "kernels"]);

/** The `deno task` commands in a Markdown text's sh blocks (continuations joined). */
export function taskCommands(markdown: string): string[][] {
  const blocks = [...markdown.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1]);
  const lines = blocks.join("\n").replace(/\\\n\s*/g, " ").split("\n");
  return lines.map((l) => l.replace(/\s+#.*$/, "").trim()).filter((l) => l.startsWith("deno task "))
    .map((l) => l.split(/\s+/).slice(2));
}

const pages = [
  "README.md",
  ...[...Deno.readDirSync("docs")].filter((e) => e.name.endsWith(".md"))
    .map((e) => `docs/${e.name}`),
];
const tasks = Object.keys(JSON.parse(Deno.readTextFileSync("deno.json")).tasks);
const helps = new Map<string, string>();
async function help(task: string): Promise<string> {
  if (!helps.has(task)) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...PERMS, "--allow-run", "main.ts", task, "--help"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    helps.set(task, new TextDecoder().decode(out.stdout));
  }
  return helps.get(task)!;
}

Deno.test("taskCommands() reads commands, joins continuations and drops comments", () => {
  const md = "x\n```sh\ndeno task train --epochs 2 \\\n  --lr 1e-3   # note\nls\n```\n";
  assertEquals(taskCommands(md), [["train", "--epochs", "2", "--lr", "1e-3"]]);
});

for (const page of pages) {
  Deno.test(`${page}: every deno task command names a task and flags it accepts`, async () => {
    const commands = taskCommands(await Deno.readTextFile(page));
    const wrong: string[] = [];
    for (const [task, ...args] of commands) {
      if (!tasks.includes(task)) {
        wrong.push(`deno task ${task}: no such task`);
        continue;
      }
      if (TOOLS.has(task)) continue;
      const known = await help(task) + (TRAIN_FLAGS.has(task) ? await help("train") : "");
      for (const flag of args.filter((a) => a.startsWith("--")).map((a) => a.split("=")[0])) {
        if (!new RegExp(`${flag}(?![\\w-])`).test(known)) {
          wrong.push(`deno task ${task}: ${flag} is not in its --help`);
        }
      }
    }
    if (page === "README.md") assert(commands.length >= 10, `${commands.length} commands`);
    assertEquals(wrong, []);
  });
}

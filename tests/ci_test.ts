// The CI wiring as a test: .github/workflows/ci.yml runs `bash .ci/run` (the README's test
// command) on push and pull_request with Deno's downloads cached on deno.lock, and .ci/run
// runs apt-get through $SUDO so that it works as root here and as the runner's user on GitHub.

import { assert, assertEquals, assertThrows } from "@std/assert";

/** A parsed YAML value of the small subset our workflows use. */
export type Yaml = string | null | Yaml[] | { [key: string]: Yaml };

const KEY = /^("[^"]*"|'[^']*'|[^\s"'#:-][^:]*?|-[^\s:][^:]*?):(?:\s+|$)/;

/**
 * Parses block mappings, block sequences, `|` block scalars, quoted and plain scalars,
 * `{}`/`[a, b]` flow collections and `#` comments: what GitHub workflow files use. Scalars stay
 * strings (no numbers or booleans); anything else, e.g. anchors or tabs, throws SyntaxError.
 */
export function parseYaml(text: string): Yaml {
  const raw = text.split("\n");
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const strip = (line: string) => { // the line without a trailing comment (outside quotes)
    let quote = "";
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) quote = c === quote ? "" : quote;
      else if (c === '"' || c === "'") quote = c;
      else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i).trimEnd();
    }
    return line.trimEnd();
  };
  let at = 0;
  const skip = () => { // to the next line with content
    while (at < raw.length && strip(raw[at]).trim() === "") at++;
  };
  const scalar = (s: string, line: number): Yaml => {
    if (s === "" || s === "~" || s === "null") return null;
    if (s.startsWith('"')) return JSON.parse(s);
    if (s.startsWith("'")) return s.slice(1, -1).replaceAll("''", "'");
    if (s === "{}") return {};
    if (s.startsWith("[") && s.endsWith("]")) {
      return s.slice(1, -1).split(",").map((x) => x.trim()).filter((x) => x)
        .map((x) => scalar(x, line));
    }
    if (/^[&*!{[]/.test(s) || s.startsWith("\t")) {
      throw new SyntaxError(`line ${line + 1}: unsupported YAML: ${s}`);
    }
    return s;
  };
  const value = (rest: string, indent: number, line: number): Yaml => {
    if (rest === "|" || rest === "|-") {
      const lines: string[] = [];
      while (at < raw.length && (raw[at].trim() === "" || indentOf(raw[at]) > indent)) {
        lines.push(raw[at++]);
      }
      while (lines.length && lines.at(-1)!.trim() === "") lines.pop();
      const cut = Math.min(...lines.filter((l) => l.trim()).map(indentOf));
      const body = lines.map((l) => l.slice(cut)).join("\n");
      return rest === "|" ? body + "\n" : body;
    }
    if (rest !== "") return scalar(rest, line);
    skip();
    if (at >= raw.length) return null;
    const next = indentOf(raw[at]), seq = strip(raw[at]).trim().startsWith("- ");
    return next > indent || (next === indent && seq) ? block(next, undefined) : null;
  };
  // A block at `indent`; `first` is the content of a `- key: v` item's first line.
  const block = (indent: number, first: string | undefined): Yaml => {
    skip();
    const isSeq = first === undefined && /^-(\s|$)/.test(strip(raw[at]).trim());
    const out: Yaml[] | Record<string, Yaml> = isSeq ? [] : {};
    for (let content = first; at < raw.length; content = undefined, skip()) {
      if (content === undefined) {
        if (at >= raw.length || indentOf(raw[at]) !== indent) break;
        content = strip(raw[at]).trim();
        if (isSeq !== /^-(\s|$)/.test(content)) break;
      }
      const line = at++;
      if (Array.isArray(out)) {
        const item = content.slice(1).trimStart();
        const inner = indent + content.length - item.length;
        if (KEY.test(item)) {
          at--;
          out.push(block(inner, item));
        } else out.push(value(item, indent, line));
        continue;
      }
      const m = KEY.exec(content);
      if (!m) throw new SyntaxError(`line ${line + 1}: expected "key: value", got ${content}`);
      const key = m[1].replace(/^(["'])(.*)\1$/, "$2");
      if (key in out) throw new SyntaxError(`line ${line + 1}: duplicate key ${key}`);
      out[key] = value(content.slice(m[0].length).trim(), indent, line);
    }
    return out;
  };
  skip();
  if (at < raw.length && indentOf(raw[at]) !== 0) throw new SyntaxError("line 1 is indented");
  const doc = at < raw.length ? block(0, undefined) : null;
  skip();
  if (at < raw.length) throw new SyntaxError(`line ${at + 1}: unexpected ${raw[at].trim()}`);
  return doc;
}

type Obj = Record<string, Yaml>;
const steps = (job: Obj) => (job.steps ?? []) as Obj[];

Deno.test("parseYaml() reads mappings, sequences of mappings, block scalars and comments", () => {
  const text = "# head\nname: x # note\non:\n  push:\n  workflow_dispatch: {}\njobs:\n" +
    '  a:\n    steps:\n      - uses: act@v4\n        with:\n          k: "v # not a comment"\n' +
    "      - run: |\n          echo 1\n\n          echo 2\n      - [p, q]\nlist:\n- 'it''s'\n";
  assertEquals(parseYaml(text), {
    name: "x",
    on: { push: null, workflow_dispatch: {} },
    jobs: {
      a: {
        steps: [{ uses: "act@v4", with: { k: "v # not a comment" } }, {
          run: "echo 1\n\necho 2\n",
        }, ["p", "q"]],
      },
    },
    list: ["it's"],
  });
  assertThrows(() => parseYaml("a: 1\na: 2\n"), SyntaxError, "duplicate key a");
  assertThrows(() => parseYaml("a: &anchor x\n"), SyntaxError, "line 1: unsupported");
  assertThrows(() => parseYaml("a: 1\n  b: 2\n"), SyntaxError, "line 2");
});

Deno.test("every workflow parses, with triggers and jobs that have steps", async () => {
  for await (const e of Deno.readDir(".github/workflows")) {
    const doc = parseYaml(await Deno.readTextFile(`.github/workflows/${e.name}`)) as Obj;
    assert(doc.on && typeof doc.on === "object", `${e.name}: no triggers`);
    for (const [name, job] of Object.entries(doc.jobs as Obj)) {
      assert(steps(job as Obj).length > 0, `${e.name}: job ${name} has no steps`);
    }
  }
});

Deno.test("ci.yml runs `bash .ci/run` on push and pull_request, caching DENO_DIR on deno.lock", async () => {
  const doc = parseYaml(await Deno.readTextFile(".github/workflows/ci.yml")) as Obj;
  const on = doc.on as Obj;
  assert("push" in on && "pull_request" in on, `triggers: ${Object.keys(on)}`);
  const jobs = Object.values(doc.jobs as Obj) as Obj[];
  const runner = jobs.find((j) => steps(j).some((s) => s.run === "bash .ci/run"));
  if (!runner) throw new Error("no job has a step `run: bash .ci/run`");
  assertEquals(runner["runs-on"], "ubuntu-latest");
  const all = steps(runner);
  const test = all.findIndex((s) => s.run === "bash .ci/run");
  const cache = all.findIndex((s) => String(s.uses).startsWith("actions/cache@"));
  assert(cache >= 0 && cache < test, "actions/cache must come before `bash .ci/run`");
  const withs = all[cache].with as Obj;
  const denoDir = ((all[test].env ?? runner.env ?? {}) as Obj).DENO_DIR;
  assert(denoDir, "DENO_DIR is not set for `bash .ci/run`");
  assertEquals(withs.path, denoDir);
  assert(String(withs.key).includes("hashFiles('deno.lock')"), `cache key: ${withs.key}`);
});

Deno.test(".ci/run calls apt-get only through $SUDO, which is empty for root", async () => {
  const script = await Deno.readTextFile(".ci/run");
  const calls = script.split("\n").filter((l) => !l.trim().startsWith("#"))
    .filter((l) => /\bapt-get\s+(update|install)\b/.test(l));
  assert(calls.length > 0, "no apt-get call found");
  const viaSudo = /\$SUDO\s+(?:env\s+(?:\w+=\S+\s+)*)?apt-get\s+(?:update|install)\b/g;
  for (const l of calls) {
    const all = l.match(/\bapt-get\s+(?:update|install)\b/g)!.length;
    assertEquals(l.match(viaSudo)?.length ?? 0, all, `apt-get without $SUDO: ${l.trim()}`);
  }
  const def = script.split("\n").filter((l) => /\bSUDO=/.test(l)).join("\n");
  const out = await new Deno.Command("bash", {
    args: ["-c", `${def}\nprintf '%s %s' "$(id -u)" "$SUDO"`],
    stdout: "piped",
  }).output();
  const [uid, sudo = ""] = new TextDecoder().decode(out.stdout).split(" ");
  assertEquals(sudo === "", uid === "0", `uid ${uid}: SUDO="${sudo}"`);
});

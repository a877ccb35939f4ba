// The sweep grid: list flags become axes (latent last), `|` separates values holding commas,
// keys are folder-safe, bad lists are UsageErrors, and shards split the runs without overlap.

import { assertEquals, assertThrows } from "@std/assert";
import { axisValues, cellArgs, expandGrid, gridRuns, shardRuns } from "../../lib/repro/grid.ts";
import { ConfigError } from "../../lib/errors.ts";

Deno.test("expandGrid(): list flags are axes, latent last and fastest; single values stay shared", () => {
  const g = expandGrid([
    "--latent",
    "1,2",
    "--hidden",
    "64|128,128",
    "--lr=1e-3",
    "--model",
    "ae,vae",
    "--epochs",
    "5",
  ]);
  assertEquals(g.axes.map((a) => [a.flag, a.values]), [
    ["hidden", ["64", "128,128"]],
    ["model", ["ae", "vae"]],
    ["latent", ["1", "2"]],
  ]);
  assertEquals(g.base, ["--lr", "1e-3", "--epochs", "5"]);
  assertEquals(g.cells.length, 8);
  assertEquals(g.cells.slice(0, 3).map((c) => c.key), [
    "hidden-64_model-ae_latent-1",
    "hidden-64_model-ae_latent-2",
    "hidden-64_model-vae_latent-1",
  ]);
  assertEquals(g.cells[7].key, "hidden-128x128_model-vae_latent-2");
  assertEquals(cellArgs(g, g.cells[7]), [
    "--lr",
    "1e-3",
    "--epochs",
    "5",
    "--hidden",
    "128,128",
    "--model",
    "vae",
    "--latent",
    "2",
  ]);
});

Deno.test("expandGrid(): --hidden 128,128 is one value; --latent defaults; switches pass through", () => {
  const g = expandGrid(["--hidden", "128,128", "--blas", "--model", "ae"], {
    defaultLatent: "2,8",
  });
  assertEquals(g.axes, [{ flag: "latent", values: ["2", "8"] }]);
  assertEquals(g.base, ["--hidden", "128,128", "--blas", "--model", "ae"]);
  assertEquals(g.cells.map((c) => c.key), ["latent-2", "latent-8"]);
});

Deno.test("axisValues(): `|` splits any flag; empty, repeated and fixed-flag lists are ConfigErrors naming the flag's field", () => {
  assertEquals(axisValues("lr", "1e-3|3e-4"), ["1e-3", "3e-4"]);
  assertEquals(axisValues("noise", "gaussian:2,mask:0.3"), ["gaussian:2", "mask:0.3"]);
  assertThrows(() => axisValues("latent", "1,,2"), ConfigError, "latent has an empty value");
  assertThrows(() => axisValues("latent", "2,2"), ConfigError, "latent lists a value twice");
  assertThrows(() => axisValues("data", "a.csv,b.csv"), ConfigError, "data takes one value");
  assertThrows(() => axisValues("val-split", "0.1,0.2"), ConfigError, "val-split takes one value");
});

Deno.test("shardRuns(): shards cover every run once", () => {
  const runs = gridRuns(expandGrid(["--latent", "1,2,4"]), [34, 35]);
  const a = shardRuns(runs, "1/2"), b = shardRuns(runs, "2/2");
  assertEquals([a.length, b.length], [3, 3]);
  const key = (r: (typeof runs)[number]) => `${r.cell.key}/${r.seed}`;
  assertEquals([...a, ...b].map(key).sort(), runs.map(key).sort());
  assertThrows(() => shardRuns(runs, "3/2"), ConfigError, "shard expects i/n");
});

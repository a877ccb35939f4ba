// The bench task's plan: which backends run each workload, how a child reads its job, a
// result's table line and bench.svg's bars.

import { assertEquals, assertThrows } from "@std/assert";
import { benchJob, benchLine, benchPlan, benchSvg } from "../../lib/engine/bench_plan.ts";
import { ConfigError } from "../../lib/errors.ts";
import { xml } from "../cli.ts";

Deno.test("benchPlan() defaults to the machine's backends; webgpu-graph only on hardware", () => {
  const none = benchPlan({}, { adapter: null, blas: false });
  assertEquals(none, [
    ["notebook", "cpu"],
    ["notebook", "wasm-graph"],
    ["notebook", "wasm"],
    ["large", "wasm-graph"],
    ["large", "wasm-exact"],
  ]);
  const soft = benchPlan({}, {
    adapter: { text: "llvmpipe", software: true },
    blas: true,
    fashion: true,
  });
  assertEquals(soft.map((j) => j.join(":")), [
    "notebook:cpu",
    "notebook:wasm-graph",
    "notebook:wasm",
    "notebook:wasm-blas",
    "notebook:webgpu",
    "large:wasm-graph",
    "large:wasm-exact",
    "large:wasm",
    "fashion-vae:wasm-exact",
    "fashion-vae:wasm",
    "fashion-conv:wasm-exact",
    "fashion-conv:wasm",
    "fashion-pumap:wasm-exact",
    "fashion-pumap:wasm",
  ]);
  const both = benchPlan({ backends: "wasm" }, {
    adapter: null,
    blas: true,
    both: true,
    fashion: true,
  });
  assertEquals(both.map((j) => j.join(":")), [
    "notebook:wasm",
    "large:wasm-graph",
    "large:wasm-exact",
    "large:wasm",
    "large:wasm-openblas",
    "fashion-vae:wasm-exact",
    "fashion-vae:wasm",
    "fashion-vae:wasm-openblas",
    "fashion-conv:wasm-exact",
    "fashion-conv:wasm",
    "fashion-conv:wasm-openblas",
    "fashion-pumap:wasm-exact",
    "fashion-pumap:wasm",
    "fashion-pumap:wasm-openblas",
  ]);
  const hard = benchPlan({ large: "wasm" }, {
    adapter: { text: "gpu", software: false },
    blas: false,
  });
  assertEquals(hard.map((j) => j.join(":")), [
    "notebook:cpu",
    "notebook:wasm-graph",
    "notebook:wasm",
    "notebook:webgpu",
    "notebook:webgpu-graph",
    "large:wasm",
  ]);
});

Deno.test("benchPlan() takes the flags' lists and names an unknown backend", () => {
  const machine = { adapter: null, blas: false, fashion: true };
  const jobs = benchPlan({ backends: "wasm", large: "wasm-blas", images: "none" }, machine);
  assertEquals(jobs, [["notebook", "wasm"], ["large", "wasm-blas"]]);
  assertEquals(benchPlan({ backends: "cpu", large: "wasm", images: "wasm-exact" }, machine), [
    ["notebook", "cpu"],
    ["large", "wasm"],
    ["fashion-vae", "wasm-exact"],
    ["fashion-conv", "wasm-exact"],
    ["fashion-pumap", "wasm-exact"],
  ]);
  const e = assertThrows(
    () => benchPlan({ backends: "cpu", large: "tpu" }, { adapter: null, blas: false }),
    ConfigError,
  );
  assertEquals(
    e.message,
    "backends expects cpu, wasm, wasm-graph, wasm-exact, wasm-blas, wasm-openblas, webgpu, webgpu-graph, got 'tpu'",
  );
});

Deno.test("benchJob() reads a child's job: backend, engine and BLAS mode", () => {
  assertEquals(benchJob("notebook:wasm-graph"), {
    workload: "notebook",
    backend: "wasm",
    engine: "graph",
    blas: "auto",
    blasLibrary: "auto",
  });
  assertEquals(benchJob("large:wasm-blas"), {
    workload: "large",
    backend: "wasm",
    engine: "auto",
    blas: "on",
    blasLibrary: "auto",
  });
  assertEquals(benchJob("fashion-vae:wasm-exact").blas, "off");
  assertEquals(benchJob("fashion-vae:wasm-openblas"), {
    workload: "fashion-vae",
    backend: "wasm",
    engine: "auto",
    blas: "auto",
    blasLibrary: "openblas",
  });
  assertEquals(benchJob("notebook:webgpu").engine, "auto");
});

Deno.test("benchLine() prints one result: steps, seconds, rate, memory, distinct live tensors", () => {
  const res = {
    steps: 1450,
    train_s: 2.345,
    steps_per_s: 618.3,
    peak_mb: 210,
    live_tensors: [12, 12, 12],
    engine_reason: "fused",
  };
  assertEquals(
    benchLine(["notebook", "wasm"], res, 3.5),
    "notebook     wasm          1450 steps  2.35 s train  618 steps/s  3.50 s process  peak 210 MB  tensors [12]  (fused)",
  );
  assertEquals(
    benchLine(["fashion-vae", "wasm-openblas"], {
      ...res,
      train_cpu_s: 2.2,
      epoch_s: 2.1,
      epoch_cpu_s: 2.05,
    }, 3.5),
    "fashion-vae  wasm-openblas 1450 steps  2.35 s train (CPU 2.20 s)  2.10 s an epoch (CPU 2.05 s)  618 steps/s  3.50 s process  peak 210 MB  tensors [12]  (fused)",
  );
});

Deno.test("benchSvg() draws one labelled bar per notebook run", () => {
  const rows = [
    { workload: "notebook", backend: "wasm", engine: "fused", spec: "wasm", steps_per_s: 600 },
    { workload: "notebook", backend: "wasm", engine: "fused", spec: "wasm-blas", steps_per_s: 700 },
    { workload: "notebook", backend: "webgpu", engine: "fused", spec: "webgpu", steps_per_s: 300 },
    { workload: "notebook", backend: "cpu", engine: "graph", spec: "cpu", steps_per_s: 50 },
    { workload: "large", backend: "wasm", engine: "fused", spec: "wasm", steps_per_s: 9 },
  ];
  const doc = xml.parseFromString(benchSvg(rows, { text: "gpu", software: true }), "image/svg+xml");
  const texts = Array.from(doc.getElementsByTagName("text")).map((t) => t.textContent);
  const labels = ["wasm fused", "wasm fused + BLAS", "webgpu fused (software)", "cpu"];
  assertEquals(labels.map((l) => texts.filter((t) => t === l).length), [1, 1, 1, 1], `${texts}`);
});

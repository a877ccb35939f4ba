// The web bundle's ES module (autoencoder.js) run under Deno on the same tfjs as lib, on the
// WASM and the CPU backend: its encode, reconstruct, score and decode give lib's numbers to 1e-5
// for the ae, vae, top-k sae and conv ae, and on WebGPU (Mesa's software adapter in CI) for the
// ae and conv ae; model.json and weights.bin hold the plan's tensors.

import { assert, assertEquals, assertLess, assertRejects } from "@std/assert";
import * as tf from "@tensorflow/tfjs";
import { exportRun } from "../../lib/export/export_run.ts";
import { DataError } from "../../lib/errors.ts";
import { tempDir } from "../temp.ts";
import { maxDiff, type Reference, report, trainedRuns } from "./fixtures.ts";
import { describeAdapter, selectBackend } from "../../lib/engine/backend.ts";

const refs = await trainedRuns(["ae", "vae", "sae", "conv"]);

const adapter = await describeAdapter();
if (adapter === null && Deno.env.get("AE_REQUIRE_WEBGPU")) {
  throw new Error("AE_REQUIRE_WEBGPU is set but navigator.gpu found no adapter (install Mesa)");
}

for (const [name, ref] of Object.entries(refs)) {
  Deno.test(`web module: ${name} gives lib's codes, reconstructions and scores to 1e-5`, async () => {
    await compare(name, ref, ["wasm", "cpu"]);
  });
}

Deno.test({
  name: "web module: on WebGPU (tfjs-backend-webgpu) it gives lib's numbers to 1e-5",
  ignore: adapter === null,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    console.log(`adapter: ${adapter?.text}`);
    await selectBackend("webgpu"); // registers the backend; the module then picks it
    try {
      for (const name of ["ae", "conv"]) await compare(name, refs[name], ["webgpu"]);
    } finally {
      await selectBackend("wasm");
    }
  },
});

/** Exports `ref`'s run, loads the module on each backend and compares it with lib. */
async function compare(name: string, ref: Reference, backends: string[]): Promise<void> {
  {
    await using tmp = await tempDir();
    const result = await exportRun(ref.dir, { format: "web", out: `${tmp.path}/web` });
    const mod = await import(`file://${result.dir}/autoencoder.js`);
    for (const backend of backends) {
      const model = await mod.load(`file://${result.dir}/`, { tf, backends: [backend] });
      try {
        assertEquals(model.backend, backend);
        const codes = await model.encode(ref.rows);
        assertEquals(codes.length, ref.rows.length);
        const scores = await model.score(ref.rows);
        assert(scores.every((s: { anomaly: unknown }) => s.anomaly === null)); // no threshold given
        const diffs = {
          codes: maxDiff(codes.flat(), ref.codes),
          reconstructions: maxDiff((await model.reconstruct(ref.rows)).flat(), ref.reconstruction),
          scores: maxDiff(scores.map((s: { score: number }) => s.score), ref.scores),
          "decode(codes)": maxDiff((await model.decode(codes)).flat(), ref.reconstruction),
        };
        console.log(`${name} on ${backend}: largest differences ${report(diffs)}`);
        for (const [what, d] of Object.entries(diffs)) assertLess(d, 1e-5, `${backend}: ${what}`);
      } finally {
        model.dispose();
      }
    }
  }
}

Deno.test("web bundle: model.json's tensors fill weights.bin; export.json lists every file", async () => {
  await using tmp = await tempDir();
  const { dir, sizes, bytes } = await exportRun(refs.vae.dir, {
    format: "web",
    out: `${tmp.path}/w`,
  });
  const info = JSON.parse(await Deno.readTextFile(`${dir}/model.json`));
  const bin = await Deno.readFile(`${dir}/weights.bin`);
  const end = info.plan.tensors.map((t: { shape: number[]; offset: number }) =>
    t.offset + 4 * t.shape.reduce((a, b) => a * b, 1)
  );
  assertEquals(Math.max(...end), bin.length);
  assertEquals([info.kind, info.columns, info.latent, info.imageShape], ["vae", 64, 2, [8, 8, 1]]);
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}/export.json`));
  assertEquals(Object.keys(manifest.files).sort(), Object.keys(sizes).sort());
  assertEquals(manifest.bytes, bytes);
  for (
    const f of ["index.html", "demo.js", "vendor/tf-core.min.js", "vendor/tfjs-backend-wasm.wasm"]
  ) {
    assert(f in sizes, f);
  }
  const map = JSON.parse(await Deno.readTextFile(`${dir}/map.json`));
  assertEquals(map.points.length, 300); // the run's latent.csv
  assertEquals(JSON.parse(await Deno.readTextFile(`${dir}/sample.json`)).length, 5);
});

Deno.test("export: a folder it did not write is refused and left as it was", async () => {
  await using tmp = await tempDir();
  await Deno.mkdir(`${tmp.path}/mine`);
  await Deno.writeTextFile(`${tmp.path}/mine/notes.txt`, "keep");
  await assertRejects(
    () => exportRun(refs.ae.dir, { format: "onnx", out: `${tmp.path}/mine` }),
    DataError,
    "export.json",
  );
  assertEquals(await Deno.readTextFile(`${tmp.path}/mine/notes.txt`), "keep");
  assertEquals([...Deno.readDirSync(`${tmp.path}/mine`)].length, 1);
  await exportRun(refs.ae.dir, { format: "onnx", out: `${tmp.path}/x` });
  await exportRun(refs.ae.dir, { format: "onnx", out: `${tmp.path}/x` }); // its own: replaced
  assertEquals([...Deno.readDirSync(tmp.path)].map((e) => e.name).sort(), ["mine", "x"]);
});

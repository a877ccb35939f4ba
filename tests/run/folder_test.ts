// Run folders: the model round-trips, run.json lists every file's sha256, a folder is
// written under a fresh temporary name and renamed, and only a folder this toolkit wrote
// (still the one it checked) is ever replaced.

import { selectBackend } from "../../lib/engine/backend.ts";
import { assertEquals, assertRejects } from "@std/assert";
import { DataError } from "../../lib/errors.ts";
import { createAutoencoder, disposeModel, modelValues } from "../../lib/model/autoencoder.ts";
import { loadModel, modelFiles, readManifest, writeRunFolder } from "../../lib/run/folder.ts";
import { sha256 } from "../../lib/data/sha256.ts";
import { plant, type Planted } from "../plant.ts";
import { tempDir } from "../temp.ts";

await selectBackend("cpu");

const manifest = {
  config: {},
  seed: 1,
  backend: "cpu",
  backend_reason: "asked for",
  adapter: null,
  versions: {},
  data: { path: "d.csv", sha256: "", rows: 1, columns: 1 },
  epochs: [],
  metrics: {},
  timing: {},
};

Deno.test("modelFiles() and loadModel() round-trip the weights exactly", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const m = createAutoencoder([6, 5, 2], { seed: 3 });
  const files = await modelFiles(m);
  const path = await writeRunFolder(dir, "r", { files, manifest });
  const back = await loadModel(`${path}/model`);
  assertEquals(back.features, [6, 5, 2]);
  assertEquals(await modelValues(back), await modelValues(m));
  const json = JSON.parse(files.get("model/model.json") as string);
  assertEquals(json.weightsManifest[0].weights.length, 8);
  [m, back].forEach(disposeModel);
});

Deno.test("loadModel() rejects a truncated or missing weights file with a DataError", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const m = createAutoencoder([6, 5, 2], { seed: 3 });
  const path = await writeRunFolder(dir, "r", { files: await modelFiles(m), manifest });
  disposeModel(m);
  const bin = await Deno.readFile(`${path}/model/weights.bin`);
  await Deno.writeFile(`${path}/model/weights.bin`, bin.subarray(0, 40));
  await assertRejects(() => loadModel(`${path}/model`), DataError, "holds 40 bytes");
  await Deno.remove(`${path}/model/weights.bin`);
  await assertRejects(() => loadModel(`${path}/model`), DataError, "file not found");
  await Deno.writeTextFile(`${path}/model/model.json`, "{}");
  await assertRejects(() => loadModel(`${path}/model`), DataError, "not a model");
});

Deno.test("writeRunFolder() writes run.json with hashes and replaces an old folder", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await writeRunFolder(dir, "r", { files: new Map([["a.txt", "one"]]), manifest });
  const path = await writeRunFolder(dir, "r", {
    files: new Map<string, string | Uint8Array>([["b.txt", "two"], [
      "sub/c.bin",
      new Uint8Array([1, 2]),
    ]]),
    manifest,
  });
  const m = await readManifest(path);
  assertEquals(m.files, {
    "b.txt": await sha256("two"),
    "sub/c.bin": await sha256(new Uint8Array([1, 2])),
  });
  // sha256("two") computed independently (coreutils sha256sum).
  assertEquals(
    m.files["b.txt"],
    "3fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376b0dbe685e2f3",
  );
  const names = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  assertEquals(names, ["r"]); // no temporary or old folder left
  assertEquals(await Deno.readTextFile(`${path}/b.txt`), "two");
});

Deno.test("writeRunFolder() leaves nothing behind when a write fails", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const files = new Map<string, string>([["ok.txt", "x"], ["bad\0name", "y"]]);
  await assertRejects(() => writeRunFolder(dir, "r", { files, manifest }));
  const names = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  assertEquals(names, []);
});

Deno.test("writeRunFolder() refuses to replace what this toolkit did not write", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  await Deno.mkdir(`${dir}/r`);
  await Deno.writeTextFile(`${dir}/r/thesis.txt`, "x");
  const files = new Map([["a.txt", "one"]]);
  await assertRejects(() => writeRunFolder(dir, "r", { files, manifest, force: true }), DataError);
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["r"]);
  assertEquals(await Deno.readTextFile(`${dir}/r/thesis.txt`), "x");
});

Deno.test("loadModel() names model.json or weights.bin for bad JSON, NaN weights, transposed shapes", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const m = createAutoencoder([6, 5, 2], { seed: 3 });
  const path = await writeRunFolder(dir, "r", { files: await modelFiles(m), manifest });
  disposeModel(m);
  const [jsonPath, binPath] = [`${path}/model/model.json`, `${path}/model/weights.bin`];
  const [json, bin] = [await Deno.readTextFile(jsonPath), await Deno.readFile(binPath)];
  await Deno.writeTextFile(jsonPath, json.slice(0, 50));
  await assertRejects(() => loadModel(`${path}/model`), DataError, `${jsonPath}: not valid JSON`);
  await Deno.writeTextFile(jsonPath, json);
  const nan = bin.slice();
  new DataView(nan.buffer).setFloat32(8, NaN, true); // layer0.w comes first
  await Deno.writeFile(binPath, nan);
  await assertRejects(
    () => loadModel(`${path}/model`),
    DataError,
    `${binPath}: layer 0 holds a weight that is NaN or infinite`,
  );
  await Deno.writeFile(binPath, bin);
  const t = JSON.parse(json);
  t.weightsManifest[0].weights[0].shape = [5, 6]; // layer0.w is [6, 5]: same size, transposed
  await Deno.writeTextFile(jsonPath, JSON.stringify(t));
  await assertRejects(
    () => loadModel(`${path}/model`),
    DataError,
    `${jsonPath}: layer 0's weights are [5,6]; the features [6,5,2] need [6,5]`,
  );
});

for (const kind of ["symlink", "folder", "dangling link"] as const) {
  Deno.test(`writeRunFolder() replaces only the folder it checked: a ${kind} put there meanwhile stays`, async () => {
    await using tmp = await tempDir();
    const dir = tmp.path;
    await writeRunFolder(dir, "r", { files: new Map([["a.txt", "one"]]), manifest });
    let planted: Planted | null = null;
    const fault = async (point: string) => { // while the new folder is written, r is swapped
      if (point !== "folder-create") return;
      await Deno.rename(`${dir}/r`, `${dir}/r-moved`);
      planted = await plant(kind, `${dir}/r`, { dir });
    };
    const files = new Map([["b.txt", "two"]]);
    const e = await assertRejects(() => writeRunFolder(dir, "r", { files, manifest, fault }));
    assertEquals(
      (e as Error).message,
      `${dir}/r: changed while this run was writing (now ${
        kind === "folder" ? "a folder" : "a link"
      }); nothing was replaced (move it away, or choose another name)`,
    );
    await planted!.untouched();
    assertEquals(await Deno.readTextFile(`${dir}/r-moved/a.txt`), "one");
    const left = [...Deno.readDirSync(dir)].map((e) => e.name);
    assertEquals(left.filter((n) => n.startsWith(".r.")), []); // no temp folder left
  });
}

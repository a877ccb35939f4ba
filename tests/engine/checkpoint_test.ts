// Checkpoints: one file replaced atomically (a failed write keeps the old one), a torn or
// edited file reported as corrupt (not as missing), and resume refused for other data.

import { assert, assertEquals, assertRejects } from "@std/assert";
import { checkpointPath, readCheckpoint, writeCheckpoint } from "../../lib/engine/checkpoint.ts";
import { DataError } from "../../lib/errors.ts";
import type { TrainState } from "../../lib/engine/train.ts";
import { plant, PLANTS } from "../plant.ts";
import { tempDir } from "../temp.ts";

const config = { epochs: 9, hidden: [4], resume: false };
const data = { path: "d.csv", sha256: "ab".repeat(32), rows: 10, columns: 3 };

function state(epochs: number): TrainState {
  const w = () => [Float32Array.from([epochs, 2, 3]), Float32Array.from([4, 5])];
  return {
    epochs,
    history: [],
    weights: w(),
    adam: { t: epochs * 2, m: w(), v: w() },
    best: { loss: 0.5, epoch: epochs - 1, weights: w() },
  };
}

Deno.test("writeCheckpoint() writes one file that readCheckpoint() reads back exactly", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const path = checkpointPath(dir, "r");
  await writeCheckpoint(path, { config, data, state: state(1) });
  await writeCheckpoint(path, { config, data, state: state(2) });
  assertEquals([...Deno.readDirSync(dir)].map((e) => [e.name, e.isFile]), [[".r.ckpt", true]]);
  const back = await readCheckpoint(path, { config: { ...config, resume: true }, data });
  assertEquals(back.epochs, 2);
  assertEquals(back.weights, state(2).weights);
  assertEquals(back.adam, state(2).adam);
  assertEquals(back.best, state(2).best);
});

Deno.test("writeCheckpoint() failing mid-file (full disk) keeps the previous checkpoint, no temp file", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const path = checkpointPath(dir, "r");
  await writeCheckpoint(path, { config, data, state: state(1) });
  const fault = (point: string) => {
    if (point === "checkpoint-write") throw new Error("No space left on device (os error 28)");
  };
  await assertRejects(
    () => writeCheckpoint(path, { config, data, state: state(2), fault }),
    DataError,
    "could not write the checkpoint (No space left on device (os error 28)); the previous one is kept",
  );
  assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), [".r.ckpt"]);
  assertEquals((await readCheckpoint(path, { config, data })).epochs, 1);
});

Deno.test("readCheckpoint() tells a missing checkpoint from a corrupt one", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const path = checkpointPath(dir, "r");
  await assertRejects(
    () => readCheckpoint(path, { config, data }),
    DataError,
    "no checkpoint to resume",
  );
  await writeCheckpoint(path, { config, data, state: state(1) });
  const bytes = await Deno.readFile(path);
  await Deno.writeFile(path, bytes.subarray(0, bytes.length - 7));
  await assertRejects(
    () => readCheckpoint(path, { config, data }),
    DataError,
    `${path}: corrupt checkpoint (`,
  );
  const flipped = bytes.slice();
  flipped[bytes.length - 40] ^= 1; // a weight's bit
  await Deno.writeFile(path, flipped);
  await assertRejects(
    () => readCheckpoint(path, { config, data }),
    DataError,
    "corrupt checkpoint (checksum mismatch)",
  );
  await Deno.writeTextFile(path, "");
  await assertRejects(
    () => readCheckpoint(path, { config, data }),
    DataError,
    "corrupt checkpoint",
  );
});

Deno.test("readCheckpoint() refuses other flags and other data, naming the data file", async () => {
  await using tmp = await tempDir();
  const dir = tmp.path;
  const path = checkpointPath(dir, "r");
  await writeCheckpoint(path, { config, data, state: state(1) });
  await assertRejects(
    () => readCheckpoint(path, { config: { ...config, epochs: "auto" }, data }),
    DataError,
    `made with other flags (epochs ${JSON.stringify(config.epochs)}, now "auto")`,
  );
  for (const other of [{ ...data, sha256: "cd".repeat(32) }, { ...data, rows: 9 }]) {
    await assertRejects(
      () => readCheckpoint(path, { config, data: other }),
      DataError,
      "d.csv: not the data the checkpoint was made with (10 rows × 3 columns",
    );
  }
});

for (const kind of PLANTS) {
  Deno.test(`writeCheckpoint() never writes through a ${kind} at its temp or final name`, async () => {
    await using tmp = await tempDir();
    const dir = tmp.path;
    const path = checkpointPath(dir, "r");
    // The temp file's old fixed name: a fresh, exclusively created name is used instead.
    const onTemp = await plant(kind, `${dir}/.r.ckpt.partial`, { dir });
    const onFinal = await plant(kind, path, { dir });
    const write = () => writeCheckpoint(path, { config, data, state: state(1) });
    if (kind === "hard link") { // a regular file: renamed over (its other name keeps its bytes)
      await write();
      assertEquals((await readCheckpoint(path, { config, data })).epochs, 1);
      await onFinal.contentKept();
    } else {
      const e = await assertRejects(write, DataError);
      assertEquals(
        e.message,
        `${path}: is ${
          kind === "folder" ? "a folder" : "a link"
        }, not a file this toolkit wrote; nothing was changed (remove it yourself, or write elsewhere)`,
      );
      await onFinal.untouched();
    }
    await onTemp.untouched();
    const temps = [...Deno.readDirSync(dir)].filter((e) => e.name.startsWith(".r.ckpt.partial-"));
    assert(temps.length === 0, `temp files left: ${temps.map((e) => e.name)}`);
  });
}

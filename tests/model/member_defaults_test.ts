// Data-aware defaults (each member's `defaults(kind)`): tables get the dae's noise in standard
// deviations, the vae's small β with a KL warm-up and the sae's few active codes; a flag given
// always wins; images and the notebook's configuration keep DEFAULTS, but pumap trains UMAP-sized
// (auto epochs: 500 up to 10,000 rows, fewer above; 512 edges a step, lr 3e-3, cosine, hidden
// 256,256,256, input noise mask:0.1) on every kind of data.

import { assert, assertEquals, assertThrows } from "@std/assert";
import { UsageError } from "../../lib/errors.ts";
import { trainConfigFromArgs } from "../../lib/cli/config_args.ts";
import { DEFAULTS } from "../../lib/config.ts";
import { FAMILY } from "../../lib/model/family.ts";
import { topkFor } from "../../lib/run/_model_shape.ts";

const cfg = (...args: string[]) => trainConfigFromArgs(args);
const wine = ["--data", "data/wine.csv"];

Deno.test("a table gets each member's own defaults", () => {
  assertEquals(cfg(...wine, "--model", "dae").noise, { kind: "gaussian", amount: 0.2 });
  const vae = cfg(...wine, "--model", "vae");
  assertEquals([vae.beta, vae.klWarmup, vae.scale], [0.01, 10, "minmax"]);
  assertEquals(cfg(...wine, "--model", "sae").topk, 4);
  const ae = cfg(...wine);
  assertEquals([ae.epochs, ae.lr, ae.noise, ae.beta, ae.topk], [50, 1e-3, DEFAULTS.noise, 1, 16]);
});

Deno.test("a flag given wins over the member's default", () => {
  assertEquals(cfg(...wine, "--model", "dae", "--noise", "mask:0.3").noise, {
    kind: "mask",
    amount: 0.3,
  });
  const vae = cfg(...wine, "--model", "vae", "--beta", "1", "--kl-warmup", "0");
  assertEquals([vae.beta, vae.klWarmup], [1, 0]);
  assertEquals(cfg(...wine, "--model", "sae", "--topk", "8").topk, 8);
  assertEquals(cfg(...wine, "--model", "sae", "--l1", "0.1").topk, 0); // --l1 alone: no top-k
});

Deno.test("images (the digits, --image-shape, IDX/NumPy/PNG) keep the notebook's defaults", () => {
  for (const model of ["ae", "vae", "dae", "sae"]) {
    const digits = cfg("--model", model);
    const shaped = cfg(...wine, "--image-shape", "13x1", "--model", model);
    for (const c of [digits, shaped]) {
      assertEquals([c.noise, c.beta, c.klWarmup, c.topk], [DEFAULTS.noise, 1, 0, 16], model);
    }
  }
  const npy = cfg("--data", "x.npy", "--model", "dae");
  assertEquals([npy.noise, npy.scale], [DEFAULTS.noise, "auto"]);
  const { help: _, ...notebook } = cfg();
  assertEquals(notebook, { ...DEFAULTS, output: "relu", scale: "none" });
});

Deno.test("every member's defaults name flags that exist, and a scaling for both kinds", () => {
  for (const m of Object.values(FAMILY)) {
    for (const kind of ["table", "image"] as const) {
      const d = m.defaults(kind);
      assertEquals(typeof d.scale, "string", `${m.kind} ${kind}`);
      for (const key of Object.keys(d)) assert(key in DEFAULTS, `${m.kind}: ${key}`);
    }
  }
});

Deno.test("topkFor keeps the sae's active codes to at most half the columns", () => {
  assertEquals([topkFor(16, 64), topkFor(16, 13), topkFor(4, 4), topkFor(4, 1), topkFor(0, 4)], [
    16,
    6,
    2,
    1,
    0,
  ]);
});

Deno.test("pumap trains UMAP-sized on every kind of data (IDX too); flags given win", () => {
  const noise = { kind: "mask", amount: 0.1 };
  const want = ["auto", 512, 3e-3, "cosine", [256, 256, 256], noise];
  for (const args of [[], wine, ["--data", "x.idx3-ubyte"], ["--data", "x.npy"]]) {
    const c = cfg(...args, "--model", "pumap");
    const got = [c.epochs, c.batchSize, c.lr, c.lrSchedule, c.hidden, c.noise];
    assertEquals(got, want, args.join(" "));
  }
  // --noise: pumap's encoder takes it as the dae does; gaussian:0 turns it off; ae refuses it.
  assertEquals(cfg("--model", "pumap", "--noise", "gaussian:0").noise.amount, 0);
  assertEquals(cfg("--model", "pumap", "--noise", "mask:0.2").noise, { kind: "mask", amount: 0.2 });
  assertThrows(
    () => cfg("--noise", "gaussian:1"),
    UsageError,
    "--noise applies to --model dae and pumap, not ae",
  );
  const c = cfg("--model", "pumap", "--epochs", "7", "--lr-schedule", "constant", "--hidden", "32");
  assertEquals([c.epochs, c.batchSize, c.lrSchedule, c.hidden], [7, 512, "constant", [32]]);
  const npy = cfg("--data", "x.npy", "--model", "pumap");
  assertEquals(npy.scale, "auto"); // the scaling still waits for the data's kind
});

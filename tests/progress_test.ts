// Progress text: the status line numbers epochs from 0 as the notebook's log does, and early
// stopping says where it stopped and which epoch it kept.

import { assertEquals } from "@std/assert";
import { earlyStopLine, notebookLine, statusLine } from "../lib/progress.ts";

const info = (epoch: number) => ({ epoch, loss: 1.5, terms: {}, steps: 10, liveTensors: 0 });

Deno.test("the status line and the log number the same epoch the same way", () => {
  for (const epoch of [0, 10, 49]) {
    const log = notebookLine(info(epoch), 50)!;
    const status = statusLine(info(epoch), { epochs: 50, seconds: 1 });
    assertEquals(/\[Epoch (\d+)\]/.exec(log)![1], String(epoch));
    assertEquals(/^epoch (\d+)\/49 /.exec(status)?.[1], String(epoch), status);
  }
});

Deno.test("earlyStopLine says where training stopped and which epoch's weights it kept", () => {
  const epochs = Array.from(
    { length: 8 },
    (_, e) => ({ epoch: e, loss: 9 - e, val_loss: e === 4 ? 0.5 : 1 }),
  );
  assertEquals(
    earlyStopLine({ bestEpoch: 4, stoppedEarly: true, epochs }, { patience: 3 }),
    "[Epoch 7] early stopping: no better validation loss for 3 epochs; kept the weights of epoch 4 (validation loss 0.500)",
  );
  assertEquals(
    earlyStopLine({
      bestEpoch: 7,
      stoppedEarly: false,
      epochs: epochs.map(({ epoch, loss }) => ({ epoch, loss })),
    }, { patience: 3 }),
    "early stopping did not trigger; kept the weights of epoch 7 (training loss 2.000)",
  );
  assertEquals(
    earlyStopLine({ bestEpoch: null, stoppedEarly: false, epochs }, { patience: 0 }),
    null,
  );
});

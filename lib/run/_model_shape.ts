// What a run's model needs from its data besides the flags: the conv layers' image shape (a
// table or an odd size is refused) and the vae's Bernoulli scale (the data's maximum).

import type { ModelChoice } from "../config.ts";
import type { Dataset } from "../data/load.ts";
import { DataError, UsageError } from "../errors.ts";
import type { ModelSpec } from "../model/autoencoder.ts";

/** --arch conv's model spec for the data's images; a table or an odd size is a UsageError. */
export function convSpec(
  cfg: Pick<ModelChoice, "channels"> & { data: string },
  data: Dataset,
): ModelSpec {
  if (!data.imageShape) {
    throw new UsageError(
      `--arch conv needs images; ${cfg.data} is a table (give --image-shape HxW)`,
    );
  }
  const [h, w] = data.imageShape, f = 2 ** cfg.channels.length;
  if (h % f !== 0 || w % f !== 0) {
    throw new UsageError(
      `--arch conv with ${cfg.channels.length} stride-2 layers needs height and width divisible by ${f}; ` +
        `${cfg.data} has ${h}x${w} images (use --resize)`,
    );
  }
  return { arch: "conv", channels: cfg.channels, imageShape: [h, w, data.channels ?? 1] };
}

/** vae: the (scaled) data's maximum, which maps values to [0, 1] Bernoulli means. */
export function bernoulliScale(data: Dataset): number {
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of data.x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (lo < 0 || hi <= 0) {
    throw new DataError(
      `${data.source}: --model vae models values in [0, max] as Bernoulli means; ` +
        `the (scaled) data's range is [${lo}, ${hi}] (use --scale minmax)`,
    );
  }
  return hi;
}

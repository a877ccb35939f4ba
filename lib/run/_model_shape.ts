// What a run's model needs from its data besides the flags: the conv layers' image shape (a
// table or an odd size is refused), the vae's Bernoulli scale (the data's maximum) and the
// sae's top-k within the columns.

import type { ModelChoice } from "../config.ts";
import type { Dataset } from "../data/load.ts";
import { ConfigError, DataError } from "../errors.ts";
import type { ModelSpec } from "../model/autoencoder.ts";

/** The conv arch's model spec for the data's images; a table or an odd size is a ConfigError. */
export function convSpec(
  cfg: Pick<ModelChoice, "channels"> & { data: string },
  data: Dataset,
): ModelSpec {
  if (!data.imageShape) {
    throw new ConfigError(
      "arch",
      (n) => `${n("arch")} conv needs images; ${cfg.data} is a table (give ${n("imageShape")} HxW)`,
      { value: "conv" },
    );
  }
  const [h, w] = data.imageShape, f = 2 ** cfg.channels.length;
  if (h % f !== 0 || w % f !== 0) {
    throw new ConfigError(
      "channels",
      (n) =>
        `${n("arch")} conv with ${cfg.channels.length} stride-2 layers needs height and width ` +
        `divisible by ${f}; ${cfg.data} has ${h}x${w} images (use ${n("resize")})`,
      { value: cfg.channels },
    );
  }
  return { arch: "conv", channels: cfg.channels, imageShape: [h, w, data.channels ?? 1] };
}

/** vae: the (scaled) data's maximum, which maps values to [0, 1] Bernoulli means. */
export function bernoulliScale(data: Dataset): number {
  let [lo, hi] = [Infinity, -Infinity];
  for (const v of data.x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (lo < 0 || hi <= 0) {
    throw new DataError((f) =>
      `${data.source}: ${f("model")} vae models values in [0, max] as Bernoulli means; ` +
      `the (scaled) data's range is [${lo}, ${hi}] (use ${f("scale")} minmax)`
    );
  }
  return hi;
}

/**
 * sae: `--topk` kept to at most half the columns (at least 1), so that the code and its PCA
 * baseline (as many components as active codes) stay below the column count; 0 (off) stays 0.
 */
export function topkFor(topk: number, columns: number): number {
  return topk > 0 ? Math.min(topk, Math.max(1, Math.floor(columns / 2))) : 0;
}

// A config as run.json records it and back: the parsed values (image shapes, the noise) written
// as the strings the flags took ("8x8", "gaussian:6"), so saved runs, --resume, sweeps and repro
// compare the same text as ever; and old run.json files read through the flags' own parsers.

import { DEFAULTS, parseShape, shapeText, type TrainConfig } from "../config.ts";
import { ConfigError, DataError, UsageError } from "../errors.ts";
import { noiseText, parseNoise, trainedNoiseText } from "../model/noise.ts";
import { flatConfig, type RunSpecs } from "./train_specs.ts";

/**
 * run.json's `config`: the config's keys in order (specs: flattened in DEFAULTS' order), shapes
 * and noise as their flag text.
 */
export function configRecord(config: TrainConfig | RunSpecs): Record<string, unknown> {
  const cfg = typeof config.data === "string"
    ? config as TrainConfig
    : flatConfig(config as RunSpecs);
  const record: Record<string, unknown> = { ...cfg };
  record.resize = shapeText(cfg.resize);
  record.imageShape = shapeText(cfg.imageShape);
  record.noise = noiseText(cfg.noise);
  return record;
}

/**
 * The config a run.json `config` records, over the defaults (older runs lack newer keys); a
 * shape or noise text the flags would refuse is a DataError naming `source`.
 *
 * @param options.source What the record came from, for errors. @default "run.json"
 */
export function configOfRecord(
  record: Record<string, unknown>,
  options: { source?: string } = {},
): TrainConfig {
  const cfg = { ...DEFAULTS, ...record } as Record<string, unknown>;
  if (!("blasLibrary" in record)) cfg.blasLibrary = "openblas"; // before oneDNN, the only one
  cfg.noise = trainedNoiseText(cfg); // pumap before --noise: none
  const read = <T>(key: string, parse: (text: string) => T, empty: T): T => {
    const value = cfg[key];
    if (typeof value !== "string") return value as T; // a default: already parsed
    try {
      return value === "" ? empty : parse(value);
    } catch (e) {
      if (!(e instanceof UsageError || e instanceof ConfigError)) throw e;
      throw new DataError(`${options.source ?? "run.json"}: config.${key}: ${e.message}`);
    }
  };
  return {
    ...cfg,
    resize: read("resize", (t) => parseShape("resize", t), null),
    imageShape: read("imageShape", (t) => parseShape("imageShape", t), null),
    noise: read("noise", parseNoise, DEFAULTS.noise),
  } as TrainConfig;
}

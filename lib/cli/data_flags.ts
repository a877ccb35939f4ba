// The flags of `train` that say what to read (rows of TRAIN_FLAGS, train_flags.ts): the input
// and its labels, image resizing, and a table's label column, columns, rows and class names.

import { parseShape } from "../config.ts";
import { parseClassNames, parseLabelList } from "../data/labels.ts";
import { fitResize } from "../data/resize.ts";
import { flagNamed } from "./_flag_named.ts";
import { columnList, text } from "./flag_readers.ts";

/** `--data`, `--labels`, `--array`, `--resize`, as rows of the train flag table. */
export const INPUT_FLAGS = [
  {
    flag: "data",
    key: "data",
    read: text,
    help: "CSV, IDX (…-images-idx3-ubyte[.gz]), .npy/.npz or a PNG folder to train on",
  },
  {
    flag: "labels",
    key: "labels",
    read: text,
    help: "labels of IDX/.npy data: IDX, .npy or one-per-line file",
    shown: "IDX's matching labels file",
  },
  {
    flag: "array",
    key: "array",
    read: text,
    help: ".npz: the array to train on",
    shown: "the only one, or x",
  },
  {
    flag: "resize",
    key: "resize",
    read: (flag: string, v: string) =>
      flagNamed(() => {
        const size = parseShape(flag, v, { example: "28x28" });
        fitResize(size, { rows: 1, channels: 1 }); // one gray image
        return size;
      }),
    help: "image inputs: HxW to resize every image to, bilinear",
    shown: "as stored",
  },
] as const;

/**
 * `--label-column`, `--columns`, `--drop`, `--normal-label`, `--class-names`, as rows of the
 * train flag table.
 */
export const TABLE_FLAGS = [
  {
    flag: "label-column",
    key: "labelColumn",
    read: text,
    help: "label column: NAME, 0-based INDEX or none",
    shown: "a column named label or class",
  },
  {
    flag: "columns",
    key: "columns",
    read: columnList,
    help: "feature columns to use: names or 0-based indexes, comma-separated",
    shown: "all",
  },
  {
    flag: "drop",
    key: "drop",
    read: columnList,
    help: "columns to leave out (an id, text): names or 0-based indexes, comma-separated",
    shown: "none",
  },
  {
    flag: "normal-label",
    key: "normalLabels",
    read: parseLabelList,
    help: "L[,L…]: train only on rows with these labels, for `detect`",
    shown: "all rows",
  },
  {
    flag: "class-names",
    key: "classNames",
    read: parseClassNames,
    help: "N[,N…]: names of the classes in their sorted order, for figures and latent.csv",
    shown: "the labels",
  },
] as const;

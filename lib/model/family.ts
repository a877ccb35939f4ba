// The autoencoder family as one registry: each member's object (ae.ts, vae.ts, dae.ts, sae.ts, pumap.ts)
// under its `--model` name. Adding a member: its file here and one line in FAMILY (see README).

import type { ModelKind } from "../config.ts";
import type { Member } from "./member.ts";
import { AE } from "./ae.ts";
import { DAE } from "./dae.ts";
import { PUMAP } from "./pumap.ts";
import { SAE } from "./sae.ts";
import { VAE } from "./vae.ts";

export type { DataKind, LossSeries, Member, MemberDefaults } from "./member.ts";

/** Every member of the family by its `--model` name. */
export const FAMILY: Readonly<Record<ModelKind, Member>> = {
  ae: AE,
  vae: VAE,
  dae: DAE,
  sae: SAE,
  pumap: PUMAP,
};

/** The member `kind` names; a name outside the family is a RangeError naming it. */
export function member(kind: string): Member {
  const m = Object.hasOwn(FAMILY, kind) ? FAMILY[kind as ModelKind] : undefined;
  if (!m) {
    throw new RangeError(
      `model kind must be one of ${Object.keys(FAMILY).join("|")}, got '${kind}'`,
    );
  }
  return m;
}

/** The kinds of the members `test` accepts, as a phrase: "ae, vae or dae" (`and` for and). */
export function kindsWhere(test: (m: Member) => boolean, joiner: "or" | "and" = "or"): string {
  const kinds = Object.values(FAMILY).filter(test).map((m) => m.kind);
  return kinds.length < 2
    ? kinds.join("")
    : `${kinds.slice(0, -1).join(", ")} ${joiner} ${kinds.at(-1)}`;
}

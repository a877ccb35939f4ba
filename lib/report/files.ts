// The files a run, study or detect folder gets, built in memory by report/ and written by
// run/ (folder.ts): relative path → bytes or text.

/** File contents by relative path (`model/model.json`, `latent.svg`, …). */
export type RunFiles = Map<string, Uint8Array | string>;

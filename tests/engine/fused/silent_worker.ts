// A helper-thread module that never starts (tests/engine/fused/threads_test.ts): it takes
// the start message and does nothing, as a worker whose module is still loading would.

/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />

self.onmessage = () => {};

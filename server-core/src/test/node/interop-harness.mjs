// What the interop scripts share: named checks that never stop the run, a watchdog, and the
// one JSON summary line on stdout ({"ok":..., "passed":[...], "failed":[...]}) with the exit
// code (0 only when every check passed) that the Java tests read.

import assert from 'node:assert/strict';

export function harness(timeoutMs = 60_000) {
  const passed = [];
  const failed = [];
  const started = Date.now();
  const watchdog = setTimeout(() => {
    console.log(JSON.stringify({ ok: false, passed, failed: [...failed, { name: 'watchdog', error: `timed out after ${timeoutMs} ms` }] }));
    process.exit(3);
  }, timeoutMs);
  return {
    async check(name, body) {
      try {
        await body();
        passed.push(name);
      } catch (error) {
        failed.push({ name, error: String(error?.stack ?? error) });
      }
    },
    fail(name, error) {
      failed.push({ name, error: String(error?.stack ?? error) });
    },
    finish() {
      clearTimeout(watchdog);
      console.log(JSON.stringify({ ok: failed.length === 0, durationMs: Date.now() - started, passed, failed }));
      process.exitCode = failed.length === 0 ? 0 : 1;
    },
  };
}

/** The single content item of a tool result. */
export function only(result) {
  assert.ok(Array.isArray(result.content), 'content is an array');
  assert.equal(result.content.length, 1, `one content item: ${JSON.stringify(result.content)}`);
  return result.content[0];
}

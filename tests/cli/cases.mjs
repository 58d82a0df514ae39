// What the command suites share: an emulator for the suite, and a list of calls that must be usage errors.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { startEmulator } from '../../emulator/server.mjs';
import { cli, emulatorEnv } from './helpers.mjs';

/**
 * Starts an emulator with `options` before the suite's tests and stops it after: { emu, env } once started. With
 * `reset`, its state goes back to the start before each test.
 */
export function useEmulator(options, { reset = false } = {}) {
  const suite = {};
  before(async () => {
    suite.emu = await startEmulator({ demo: false, ...options });
    suite.env = emulatorEnv(suite.emu.url);
  });
  after(() => suite.emu.close());
  if (reset) beforeEach(() => fetch(`${suite.emu.url}/__emulator/reset`, { method: 'POST' }));
  return suite;
}

/**
 * A temporary directory for the suite (removed after it): { dir, file(name, data) → its path, written }.
 * `dir` is set once the suite's `before` hooks ran.
 */
export function useTempDir(prefix) {
  const temp = {
    file(name, data) {
      const path = join(temp.dir, name);
      writeFileSync(path, data);
      return path;
    },
  };
  before(() => {
    temp.dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(() => rmSync(temp.dir, { recursive: true, force: true }));
  return temp;
}

/** Each [args, message]: `command ...args` exits 2 with `message` on stderr and nothing on stdout. */
export async function assertUsageErrors(command, cases, env) {
  for (const [args, message] of cases) {
    const r = await cli([...command, ...args], { env });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '', args.join(' '));
  }
}

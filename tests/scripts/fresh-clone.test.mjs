// `npm start` is the first command on a fresh clone: scripts/start.mjs spawns scripts/build.mjs, which runs
// scripts/setup.sh (the npm packages, the wasm32 target, wasm-bindgen) before it builds. So these two scripts, and
// everything they import, must load with no node_modules at all; an npm package imported at the top of any of them
// (as terser once was in build.mjs) fails with ERR_MODULE_NOT_FOUND before setup can install it.
// This loads them in a copy of the repository's files (as git would check them out) without node_modules.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** A copy of the files git tracks or would add (not node_modules, pkg/ or target/), in a new temporary folder. */
function freshCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'fresh-clone-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of listed.split('\0')) {
    // A tracked file deleted in the working tree is not part of what is being tested.
    if (file && existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(dir, file));
  }
  return dir;
}

/** Runs `node` with `args` in `cwd`, without the caller's NODE_OPTIONS or NODE_PATH. */
function node(args, cwd) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.NODE_PATH;
  return spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
}

test('scripts/start.mjs and scripts/build.mjs load without node_modules, and start --help runs', () => {
  const dir = freshCopy();
  try {
    assert.equal(existsSync(join(dir, 'node_modules')), false);
    assert.equal(existsSync(join(dir, 'scripts/start.mjs')), true, 'the copy holds the scripts');
    const script = `
      // The premise: no npm package resolves from here (none in this copy or in a folder above it).
      let resolved = null;
      try { resolved = import.meta.resolve('terser'); } catch {}
      if (resolved !== null) throw new Error('terser resolves from the copy, so this check proves nothing: ' + resolved);
      const start = await import('./scripts/start.mjs');
      const build = await import('./scripts/build.mjs');
      console.log(JSON.stringify([typeof start.start, typeof build.build]));`;
    const loaded = node(['--input-type=module', '-e', script], dir);
    assert.equal(loaded.status, 0, `loading the scripts failed:\n${loaded.stderr}`);
    assert.equal(loaded.stdout.trim(), '["function","function"]');
    // Importing build.mjs built nothing.
    assert.equal(existsSync(join(dir, 'pkg')), false);

    const help = node(['scripts/start.mjs', '--help'], dir);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: node scripts\/start\.mjs/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

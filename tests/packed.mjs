// The package as users get it, shared by the suites that install it: `npm pack pkg/` into a folder, and throw-away
// projects with the tarball installed from it, as a user's `npm install` of the published package would: the
// tarball's own dependencies come from the registry (or npm's cache when a step already filled it), never from
// an offline install against a cache that nothing in `npm test` filled (a new machine's cache is empty).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export const run = (cmd, args, cwd, timeout = 60_000) => execFileSync(cmd, args, { cwd, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });

/** Packs pkg/ into `dir`; returns npm's description of the tarball ({ filename, files, … }). */
export function pack(dir) {
  const [packed] = JSON.parse(run('npm', ['pack', join(ROOT, 'pkg'), '--pack-destination', dir, '--json'], ROOT));
  return packed;
}

/** Makes the project `dir` with `packageJson` and installs `tarball` into it; returns `dir`. */
export function installInto(dir, tarball, packageJson) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, ...packageJson }));
  // A generous bound: with an empty cache the dependencies' documents and tarballs come from the registry.
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', tarball], dir, 300_000);
  return dir;
}

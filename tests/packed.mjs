// The package as users get it, shared by the suites that install it: `npm pack pkg/` into a folder, and throw-away
// projects with the tarball installed from it (offline, as a user's `npm install` of the published package would).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });

/** Packs pkg/ into `dir`; returns npm's description of the tarball ({ filename, files, … }). */
export function pack(dir) {
  const [packed] = JSON.parse(run('npm', ['pack', join(ROOT, 'pkg'), '--pack-destination', dir, '--json'], ROOT));
  return packed;
}

/** Makes the project `dir` with `packageJson` and installs `tarball` into it; returns `dir`. */
export function installInto(dir, tarball, packageJson) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, ...packageJson }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], dir);
  return dir;
}

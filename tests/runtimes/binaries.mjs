// The Deno and Bun binaries of the exact-pinned dev dependencies (package.json, installed by `npm ci`). Their npm
// packages put the binary in place in a postinstall script; where npm skipped it (--ignore-scripts, or a policy that
// does not allow install scripts), this runs that script once, from the package already installed: nothing is
// downloaded, the binary ships inside the platform package npm installed beside it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../packed.mjs';

const RUNTIMES = {
  deno: { bin: 'node_modules/deno/deno', install: 'node_modules/deno/install.cjs' },
  bun: { bin: 'node_modules/bun/bin/bun.exe', install: 'node_modules/bun/install.js' },
};

const version = (bin) => {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

/** The path of `name`'s binary (deno or bun), prepared if its postinstall did not run; { path, version }. */
export function runtimeBinary(name) {
  const { bin, install } = RUNTIMES[name];
  const path = join(ROOT, bin);
  let found = version(path);
  if (!found) {
    execFileSync(process.execPath, [join(ROOT, install)], { cwd: join(ROOT, install, '..'), stdio: 'ignore', timeout: 60_000 });
    found = version(path);
  }
  if (!found) throw new Error(`${name}: no working binary at ${path}, even after its install script (is the dev dependency installed? npm ci)`);
  return { path, version: found };
}

// Whether the module at `moduleUrl` (its import.meta.url) is the script node was started with, so that a
// script can also be imported (by tests and other scripts) without doing its work. Node built-ins only:
// the scripts that `npm start` runs before scripts/setup.sh import it.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export function isMain(moduleUrl) {
  try {
    return moduleUrl === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

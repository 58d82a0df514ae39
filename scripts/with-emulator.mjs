// Runs a command with three emulators up: EMULATOR_URL and EMULATOR_BROWSER_URL (CORS on; one for the
// Node tests, one for the browser tests, so each run starts from a clean state) and EMULATOR_NOCORS_URL.
// Usage: node scripts/with-emulator.mjs <command> [args...]; exits with the command's code.
import { spawn } from 'node:child_process';
import { startEmulator } from '../emulator/server.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/with-emulator.mjs <command> [args...]');
  process.exit(2);
}
const accounts = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const main = await startEmulator({ accounts, demo: false, log: false });
const browser = await startEmulator({ accounts, demo: false, log: false });
const nocors = await startEmulator({ accounts, demo: false, cors: false, log: false });
const child = spawn(cmd, args, {
  stdio: 'inherit',
  env: { ...process.env, EMULATOR_URL: main.url, EMULATOR_BROWSER_URL: browser.url, EMULATOR_NOCORS_URL: nocors.url },
});
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await Promise.all([main.close(), browser.close(), nocors.close()]);
process.exit(code);

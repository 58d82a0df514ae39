// Runs a command with two emulators up: EMULATOR_URL (CORS on) and EMULATOR_NOCORS_URL (CORS off).
// Usage: node scripts/with-emulator.mjs <command> [args...]; exits with the command's code.
import { spawn } from 'node:child_process';
import { startEmulator } from '../emulator/server.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/with-emulator.mjs <command> [args...]');
  process.exit(2);
}
const accounts = ['alice', 'bob', 'carol', 'dave'];
const main = await startEmulator({ accounts, log: false });
const nocors = await startEmulator({ accounts, cors: false, log: false });
const child = spawn(cmd, args, {
  stdio: 'inherit',
  env: { ...process.env, EMULATOR_URL: main.url, EMULATOR_NOCORS_URL: nocors.url },
});
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await Promise.all([main.close(), nocors.close()]);
process.exit(code);

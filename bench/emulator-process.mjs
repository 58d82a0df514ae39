// The emulator in its own process, so that its CPU time does not land in the measured client's event loop.
// startEmulatorProcess(options) → { url, state(), close() }; options go to startEmulator() (log is forced off).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(import.meta.url);

export function startEmulatorProcess(options = {}) {
  const child = fork(CHILD, ['--child', JSON.stringify(options)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const waiting = new Map();
  let next = 0;
  const ask = (type) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ id, type });
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      for (const { reject: fail } of waiting.values()) fail(new Error(`emulator process exited (${code})`));
      reject(new Error(`emulator process exited before it listened (${code})`));
    });
    child.on('message', (message) => {
      if (message.type === 'ready') {
        resolve({
          url: message.url,
          pid: child.pid,
          state: () => ask('state'),
          close: async () => {
            await ask('close');
            child.disconnect();
          },
        });
        return;
      }
      const entry = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) entry?.reject(new Error(message.error));
      else entry?.resolve(message.value);
    });
  });
}

async function child(options) {
  const { startEmulator } = await import('../emulator/server.mjs');
  const emulator = await startEmulator({ demo: false, ...options, log: false }); // no demo: the bench's own accounts only
  process.on('message', async ({ id, type }) => {
    try {
      if (type === 'state') {
        const { requests, pinned, ...rest } = emulator.state();
        // Large states travel as counts: pins per user and the statuses of the last requests.
        const pins = Object.values(pinned).reduce((sum, items) => sum + items.length, 0);
        const lastErrorCodes = requests.map((r) => r.errorCode);
        process.send({ id, value: { ...rest, accounts: rest.accounts.length, pinnedUsers: Object.keys(pinned).length, pins, lastErrorCodes } });
      } else if (type === 'close') {
        await emulator.close();
        process.send({ id, value: true });
      }
    } catch (error) {
      process.send({ id, error: error.message });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', url: emulator.url });
}

if (process.argv[2] === '--child') child(JSON.parse(process.argv[3]));

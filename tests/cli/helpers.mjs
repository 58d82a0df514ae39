// Running the real command line (pkg/cli/main.mjs, as `npx tencent-chat-admin` runs it) in a child process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../pkg/cli/main.mjs', import.meta.url));
/** The emulator's defaults (emulator/README.md): its SDKAppID, administrator and the public demo key. */
export const SDKAPPID = 1400000000;
export const ADMIN = 'administrator';
export const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';

/**
 * Runs the CLI with `args`; resolves { code, stdout, stderr }. `env` is the whole environment the child gets
 * besides PATH (none of the TENCENT_CHAT_* variables of this process leak in); `input` is written to its stdin,
 * which is then closed, unless `keepStdinOpen` (then `onSpawn(child)` writes to it).
 */
export function cli(args, { env = {}, input, onSpawn, keepStdinOpen = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else if (!keepStdinOpen) child.stdin.end();
    onSpawn?.(child);
  });
}

/** The environment that points the CLI at an emulator at `url` with the demo key. */
export function emulatorEnv(url, extra = {}) {
  return {
    TENCENT_CHAT_SDK_APP_ID: String(SDKAPPID),
    TENCENT_CHAT_IDENTIFIER: ADMIN,
    TENCENT_CHAT_ENDPOINT: url,
    TENCENT_CHAT_SECRET_KEY: KEY,
    ...extra,
  };
}

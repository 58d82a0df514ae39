// The README's command-line session ("Command line"), run as printed against a fresh emulator started as the
// README says (the packaged `tencent-chat-emulator`, its port changed to a free one), with the environment it
// prints for the command line (the README's exports, its port aside): each `$ tencent-chat-admin ...` line is run,
// and what it prints (stdout, then stderr) must be the README's text, exit codes (`echo $?`) included.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { cli } from './helpers.mjs';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const EMULATOR = fileURLToPath(new URL('../../pkg/emulator/server.mjs', import.meta.url));

/** The ```sh block that starts the emulator, and the ```console session after it, in the "Command line" section. */
function readmeSession() {
  const section = README.slice(README.indexOf('\n## Command line\n'), README.indexOf('\n### bulk pin / bulk unpin\n'));
  const match = /```sh\n(npx tencent-chat-emulator [^\n]*\n[\s\S]*?)```\n\n```console\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'the Command line section has the emulator set-up and the console session');
  const [, setup, session] = match;
  const env = Object.assign({}, ...setup.split('\n').filter((l) => l.startsWith('export ')).map(exported));
  const steps = [];
  for (const line of session.trimEnd().split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: '' });
    else steps.at(-1).expected += `${line}\n`;
  }
  return { emulatorLine: setup.split('\n')[0], env, steps };
}

/** The variables of an `export A=1 B=2   # comment` line. */
function exported(line) {
  const env = {};
  for (const [, name, value] of line.replace(/#.*/, '').matchAll(/(\w+)=(\S+)/g)) env[name] = value;
  return env;
}

let emulator;
let printed = ''; // what the emulator printed on stdout and stderr before its request log
before(async () => {
  emulator = spawn(process.execPath, [EMULATOR, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const [first] = await once(emulator.stdout.setEncoding('utf8'), 'data');
  emulator.url = /http:\/\/127\.0\.0\.1:\d+/.exec(first)[0];
  printed = first;
  // The settings it prints for the command line (stderr, before the request log).
  let stderr = '';
  emulator.stderr.setEncoding('utf8');
  while (!/^export .*\n/m.test(stderr)) stderr += (await once(emulator.stderr, 'data'))[0];
  emulator.printed = exported(/^export (.*)$/m.exec(stderr)[1]);
  printed += stderr;
  emulator.stderr.resume();
}, { timeout: 30_000 }); // a deadline against a hang (no settings printed), not a timing
after(async () => {
  emulator.kill('SIGTERM');
  await once(emulator, 'exit');
});

test("the README's command-line session prints what the README shows, against a fresh emulator", { timeout: 120_000 }, async () => {
  const { emulatorLine, env, steps } = readmeSession();
  assert.match(emulatorLine, /^npx tencent-chat-emulator --port 8080 /);
  assert.equal(env.TENCENT_CHAT_ENDPOINT, 'http://127.0.0.1:8080', 'the endpoint the README exports is the port it starts');
  assert.deepEqual({ ...env, TENCENT_CHAT_ENDPOINT: emulator.url }, emulator.printed, 'the README exports what the emulator prints');
  assert.ok(steps.length >= 5, 'the session has its commands');
  let last;
  for (const { command, expected } of steps) {
    if (command === 'echo $?') {
      assert.equal(`${last.code}\n`, expected, `echo $? after the command before`);
      continue;
    }
    assert.match(command, /^tencent-chat-admin /);
    last = await cli(command.split(' ').slice(1), { env: emulator.printed });
    assert.equal(last.stdout + last.stderr, expected, command);
  }
});

test('"Try it without an account" shows what the emulator prints at start, its port aside', () => {
  const section = README.slice(README.indexOf('\n## Try it without an account\n'), README.indexOf('\n## Quick start\n'));
  const match = /```console\n\$ npx tencent-chat-emulator --port 8080\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'the section shows the emulator starting');
  const port = new URL(emulator.url).port;
  assert.equal(match[1], printed.replaceAll(`127.0.0.1:${port}`, '127.0.0.1:8080'));
});

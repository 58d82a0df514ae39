// The command line as users get it: `npm pack pkg/`, installed into a throw-away project, run through
// node_modules/.bin and `npx`, with its dependencies resolved from that project and the package found by its name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertGenuineSig } from '../js/helpers.mjs';
import { ROOT as root, installInto, pack } from '../packed.mjs';
import { KEY, SDKAPPID } from './helpers.mjs';

describe('the installed command line', () => {
  let tmp;
  let project;
  let packed;

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'tca-cli-'));
    packed = pack(tmp);
    project = installInto(join(tmp, 'admin-tools'), join(tmp, packed.filename), { name: 'admin-tools' });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('the tarball carries the bin and its dependencies are declared at the versions tested', () => {
    const files = packed.files.map((f) => f.path);
    assert.ok(files.includes('cli/main.mjs'), 'cli/main.mjs is missing from the tarball');
    const manifest = JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8'));
    const dev = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies;
    assert.equal(manifest.bin['tencent-chat-admin'], './cli/main.mjs');
    assert.deepEqual(manifest.dependencies, { 'cli-progress': dev['cli-progress'], 'csv-parse': dev['csv-parse'] });
  });

  test('node_modules/.bin/tencent-chat-admin signs a UserSig that node:crypto verifies; npx finds it too', () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, TENCENT_CHAT_SDK_APP_ID: String(SDKAPPID), TENCENT_CHAT_SECRET_KEY: KEY };
    const bin = join(project, 'node_modules/.bin/tencent-chat-admin');
    const gen = spawnSync(bin, ['usersig', 'gen', '--user', 'alice', '--expire', '600'], { cwd: project, env, encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    assert.equal(gen.stderr, '');
    const doc = assertGenuineSig(gen.stdout.trim());
    assert.equal(doc['TLS.identifier'], 'alice');
    assert.equal(doc['TLS.expire'], 600);
    assert.equal(doc['TLS.sdkappid'], SDKAPPID);

    const npx = spawnSync('npx', ['--no-install', 'tencent-chat-admin', '--version'], { cwd: project, env, encoding: 'utf8' });
    assert.equal(npx.status, 0, npx.stderr);
    assert.equal(npx.stdout.trim(), JSON.parse(readFileSync(join(root, 'pkg/package.json'), 'utf8')).version);
  });
});

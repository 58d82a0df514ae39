// What `npm start` serves (scripts/start.mjs, its build skipped): the emulator with the same demo as the
// `tencent-chat-emulator` command and startEmulator(), and the same-origin proxy. The proxy (/chat-api/v4/* → the emulator) applies the emulator's origin rule: a page of
// another site open in the same browser can post a `text/plain` call (no preflight), and the proxy must refuse it
// (403, nothing forwarded, the demo state unchanged); the dashboard's own pages and callers without an Origin
// (curl, Node) are answered.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { startEmulator } from '../../emulator/server.mjs';
import { DEMO, start } from '../../scripts/start.mjs';
import { ADMIN, SDKAPPID, officialSig } from '../official.mjs';

let demo;
before(async () => {
  demo = await start({ port: 0, build: 'never' });
});
after(() => demo?.close());

const QUERY = `sdkappid=${SDKAPPID}&identifier=${ADMIN}&usersig=${encodeURIComponent(officialSig())}&random=7&contenttype=json`;

/** POSTs a pin through the proxy as a page's `text/plain` form would, with `origin` (undefined: no Origin header). */
function pinThroughProxy(origin, to) {
  const body = JSON.stringify({ From_Account: 'alice', OperationType: 1, RecentContactItem: [{ Type: 1, To_Account: to }] });
  return new Promise((resolve, reject) => {
    const req = request(`${demo.url}chat-api/v4/recentcontact/top?${QUERY}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', ...(origin === undefined ? {} : { origin }) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a page of another origin is refused by the proxy: 403, nothing forwarded, the state unchanged', async () => {
  const was = demo.emulator.state();
  for (const origin of ['http://evil.example', 'null', `http://evil.example:${demo.port}`, 'http://127.0.0.1:1']) {
    const refused = await pinThroughProxy(origin, 'bob');
    assert.equal(refused.status, 403, origin);
    assert.equal(refused.json.ErrorCode, 60002, origin);
    assert.match(refused.json.ErrorInfo, /is not allowed/, origin);
    assert.equal(refused.headers['access-control-allow-origin'], undefined, origin);
  }
  const now = demo.emulator.state();
  assert.equal(now.requestCount, was.requestCount, 'nothing reached the emulator');
  assert.deepEqual(now.pinned, was.pinned);
});

test("the dashboard's own origin (any loopback name) and a call without an Origin are answered", async () => {
  const own = new URL(demo.url).origin;
  const answered = await pinThroughProxy(own, 'bob');
  assert.equal(answered.status, 200);
  assert.equal(answered.json.ErrorCode, 0);
  assert.equal((await pinThroughProxy(`http://localhost:${demo.port}`, 'carol')).json.ErrorCode, 0);
  assert.equal((await pinThroughProxy(undefined, 'dave')).json.ErrorCode, 0);
  assert.deepEqual(demo.emulator.state().pinned.alice, [{ Type: 1, To_Account: 'bob' }, { Type: 1, To_Account: 'carol' }, { Type: 1, To_Account: 'dave' }]);
});

test("npm start's emulator starts with the demo of startEmulator() and the command line; the page is told its accounts", async () => {
  const plain = await startEmulator();
  try {
    const { requests: _a, requestCount: _b, ...expected } = plain.state();
    await fetch(`${demo.emulatorUrl}/__emulator/reset`, { method: 'POST' });
    const { requests: _c, requestCount: _d, ...served } = demo.emulator.state();
    assert.deepEqual(served, expected);
  } finally {
    await plain.close();
  }
  const config = await (await fetch(`${demo.url}demo-config.json`)).json();
  assert.deepEqual(config.accounts, ['alice', 'bob', 'carol', 'dave']);
  assert.deepEqual(config.accounts, [...DEMO.accounts]);
});

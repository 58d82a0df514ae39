// Control endpoints (state, reset, faults, config), the rate limit, CORS and the request log.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { after, before, beforeEach, test } from 'node:test';
import { until } from '../js/helpers.mjs';
import { ADMIN, ADMIN_SIG, IMPORT, KEY, PIN, apiUrl, c2c, call, codeOf, control, group, pinBody, start } from './helpers.mjs';

const ok = pinBody(ADMIN, [group('g1')]);
let emu;
let clockMs; // the emulator's clock, moved by the rate-limit test; starts at a whole second
before(async () => {
  clockMs = Math.floor(Date.now() / 1000) * 1000;
  emu = await start({ accounts: ['alice'], clock: () => clockMs });
});
beforeEach(() => control(emu, 'reset', {}));
after(() => emu.close());

const queue = (faults) => control(emu, 'faults', faults);

test('state: accounts, admins, pins, history with the usersig redacted, and no secrets', async () => {
  await call(emu, PIN, pinBody('alice', [c2c(ADMIN), group('g1')]));
  await call(emu, PIN, 'not json');
  await control(emu, 'state');
  const { status, json } = await control(emu, 'state');
  assert.equal(status, 200);
  assert.deepEqual(Object.keys(json), ['sdkAppId', 'admins', 'accounts', 'pinned', 'conversations', 'contacts', 'groups', 'kicks', 'rateLimit', 'faults', 'requestCount', 'requests']);
  assert.equal(json.sdkAppId, 1400000000);
  assert.deepEqual(json.admins, [ADMIN]);
  assert.deepEqual(json.accounts, [{ UserID: ADMIN }, { UserID: 'alice' }]);
  assert.deepEqual(json.pinned, { alice: [c2c(ADMIN), group('g1')] });
  assert.equal(json.requestCount, 2, 'control calls are not API calls');
  assert.deepEqual(json.requests[0], {
    method: 'POST',
    path: PIN,
    query: { sdkappid: '1400000000', identifier: ADMIN, usersig: '<redacted>', random: '12345', contenttype: 'json' },
    body: pinBody('alice', [c2c(ADMIN), group('g1')]),
    status: 200,
    errorCode: 0,
  });
  assert.deepEqual([json.requests[1].body, json.requests[1].errorCode], ['not json', 60003]);
  const text = JSON.stringify(json);
  assert.ok(!text.includes(ADMIN_SIG) && !text.includes(KEY));
});

test('the history keeps the last 200 calls', async () => {
  for (let i = 0; i < 205; i++) await call(emu, PIN, { n: i });
  const { requestCount, requests } = (await control(emu, 'state')).json;
  assert.equal(requestCount, 205);
  assert.equal(requests.length, 200);
  assert.deepEqual(requests[0].body, { n: 5 });
});

test('a fault with fromAccount applies only to that user', async () => {
  await queue({ errorCode: 50004, fromAccount: 'alice' });
  const admin = await call(emu, PIN, pinBody(ADMIN, [c2c('alice')]));
  assert.equal(admin.json.ErrorCode, 0);
  const alice = await call(emu, PIN, pinBody('alice', [c2c(ADMIN)]));
  assert.equal(alice.json.ErrorCode, 50004);
});

test('reset: pins, imports, faults and counters back to the start', async () => {
  await call(emu, IMPORT, { UserID: 'bob' });
  await call(emu, PIN, pinBody('bob', [c2c('alice')]));
  await queue({ errorCode: 50004, times: 5 });
  await control(emu, 'config', { rateLimit: 7 });
  const reset = await control(emu, 'reset', {});
  assert.deepEqual([reset.status, reset.json], [200, { ok: true }]);
  const state = (await control(emu, 'state')).json;
  assert.deepEqual(
    [state.accounts, state.pinned, state.faults, state.requestCount, state.requests, state.rateLimit],
    [[{ UserID: ADMIN }, { UserID: 'alice' }], {}, [], 0, [], 0],
  );
});

test('fault errorCode: a FAIL envelope with HTTP 200, then back to normal', async () => {
  assert.deepEqual((await queue({ errorCode: 50004, errorInfo: 'boom' })).json, { ok: true, queued: 1 });
  const { status, json } = await call(emu, PIN, ok);
  assert.equal(status, 200);
  assert.deepEqual([json.ActionStatus, json.ErrorCode, json.ErrorInfo], ['FAIL', 50004, 'boom']);
  assert.equal(await codeOf(emu, PIN, ok), 0);
});

test('fault status: that HTTP status with a text body', async () => {
  await queue({ faults: [{ status: 502, body: '<html>Bad Gateway</html>' }, { status: 429 }] });
  const first = await call(emu, PIN, ok);
  assert.deepEqual([first.status, first.text, first.json], [502, '<html>Bad Gateway</html>', null]);
  assert.match(first.headers.get('content-type'), /^text\/plain/);
  const second = await call(emu, PIN, ok);
  assert.deepEqual([second.status, second.text], [429, 'injected HTTP 429']);
});

test('fault delayMs: holds the answer while later calls are answered, then answers normally; it may precede another fault', async () => {
  // Two calls from alice take the two faults; a call from the admin, sent once both are held, is answered first.
  // (The delay only has to outlast one call: it is long so that no busy machine makes it look otherwise.)
  await queue({ faults: [{ delayMs: 1500, fromAccount: 'alice' }, { delayMs: 1500, errorCode: 50005, fromAccount: 'alice' }] });
  const answered = [];
  const held = [0, 1].map((i) => codeOf(emu, PIN, pinBody('alice', [group(`g${i}`)])).then((code) => (answered.push(code), code)));
  await until(async () => (await control(emu, 'state')).json.faults.length === 0, 'both faults taken');
  assert.equal(await codeOf(emu, PIN, ok), 0);
  assert.deepEqual(answered, [], 'a delayed call was answered before a later one');
  assert.deepEqual((await Promise.all(held)).sort((a, b) => a - b), [0, 50005]);
});

test('fault malformed: HTTP 200 with a body that is not JSON', async () => {
  await queue({ malformed: true });
  const { status, headers, text, json } = await call(emu, PIN, ok);
  assert.deepEqual([status, json], [200, null]);
  assert.match(headers.get('content-type'), /^application\/json/);
  assert.ok(text.startsWith('{"ActionStatus"'));
});

test('fault drop: the connection closes without an answer', async () => {
  await queue({ drop: true });
  await assert.rejects(fetch(apiUrl(emu.url, PIN), { method: 'POST', body: '{}' }), TypeError);
  assert.equal(await codeOf(emu, PIN, ok), 0);
  const { requests } = (await control(emu, 'state')).json;
  assert.deepEqual([requests[0].status, requests[0].errorCode], [null, null]);
});

test('faults: times, order, path filter, and precedence over every check', async () => {
  await queue({ faults: [{ errorCode: 70169, path: IMPORT }, { errorCode: 60018, times: 2 }, { errorCode: 60019 }] });
  assert.equal(await codeOf(emu, PIN, 'not even json', { query: { usersig: undefined } }), 60018);
  assert.equal((await control(emu, 'state')).json.faults[1].times, 1);
  assert.equal(await codeOf(emu, IMPORT, { UserID: 'bob' }), 70169);
  assert.equal(await codeOf(emu, PIN, ok), 60018);
  assert.equal(await codeOf(emu, IMPORT, { UserID: 'bob' }), 60019);
  assert.equal(await codeOf(emu, PIN, ok), 0);
  assert.deepEqual((await control(emu, 'state')).json.faults, []);
});

test('bad faults are refused with 400 and nothing is queued', async () => {
  const bad = [
    {},
    { errorcode: 1 },
    { errorCode: 0 },
    { errorCode: 1, status: 500 },
    { status: 100 },
    { status: 500, body: 5 },
    { body: 'x', errorCode: 1 },
    { drop: false },
    { delayMs: -1 },
    { delayMs: 60_001 },
    { errorCode: 1, times: 0 },
    { errorCode: 1, path: 'recentcontact/top' },
    { faults: [{ drop: true }, { nope: 1 }] },
    null,
  ];
  for (const body of bad) {
    const { status, json } = await queue(body);
    assert.equal(status, 400, JSON.stringify(body));
    assert.equal(json.ok, false);
  }
  assert.deepEqual((await control(emu, 'state')).json.faults, []);
});

test('clear-faults drops every queued fault and says how many uses were left', async () => {
  await queue({ faults: [{ errorCode: 50004, times: 3 }, { drop: true }] });
  assert.equal(await codeOf(emu, PIN, ok), 50004);
  const cleared = await control(emu, 'clear-faults', {});
  assert.deepEqual([cleared.status, cleared.json], [200, { ok: true, dropped: 3 }]);
  assert.deepEqual((await control(emu, 'state')).json.faults, []);
  assert.equal(await codeOf(emu, PIN, ok), 0);
});

test('unknown control endpoints, wrong methods and bad JSON', async () => {
  assert.equal((await control(emu, 'nope')).status, 404);
  assert.equal((await fetch(`${emu.url}/__emulator/reset`)).status, 405);
  assert.equal((await fetch(`${emu.url}/__emulator/state`, { method: 'POST' })).status, 405);
  assert.equal((await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: '{' })).status, 400);
  assert.equal((await control(emu, 'config', { rateLimit: -1 })).status, 400);
  assert.equal((await control(emu, 'config', { rateLimit: 1, other: 2 })).status, 400);
});

test('rate limit: over N calls in one clock second → 60007 (HTTP 200), next second fine', async () => {
  assert.deepEqual((await control(emu, 'config', { rateLimit: 3 })).json, { ok: true, rateLimit: 3 });
  clockMs += 1500; // half-way through a second
  for (let i = 0; i < 3; i++) assert.equal(await codeOf(emu, PIN, ok), 0);
  const { status, json } = await call(emu, PIN, ok);
  assert.deepEqual([status, json.ActionStatus, json.ErrorCode], [200, 'FAIL', 60007]);
  clockMs += 500; // a fixed window: the next clock second starts a new count
  assert.equal(await codeOf(emu, PIN, ok), 0);
  await control(emu, 'config', { rateLimit: 0 });
  for (let i = 0; i < 10; i++) assert.equal(await codeOf(emu, PIN, ok), 0);
});

test('the rateLimit option', async () => {
  const fixed = Math.floor(Date.now() / 1000) * 1000;
  const limited = await start({ rateLimit: 1, clock: () => fixed });
  try {
    assert.equal(await codeOf(limited, PIN, ok), 0);
    assert.equal(await codeOf(limited, PIN, ok), 60007);
  } finally {
    await limited.close();
  }
});

test('CORS: an allowed page origin gets 204 to its preflight and its origin named on every answer', async () => {
  const origin = 'http://127.0.0.1:5173';
  const preflight = await fetch(`${emu.url}${PIN}?sdkappid=1`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-trace',
      'access-control-request-private-network': 'true',
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
  assert.match(preflight.headers.get('access-control-allow-methods'), /POST/);
  assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type,x-trace');
  assert.equal(preflight.headers.get('access-control-max-age'), '600');
  assert.equal(preflight.headers.get('access-control-allow-private-network'), 'true');
  await queue({ status: 503 });
  const headers = { origin };
  const answers = [
    await call(emu, PIN, ok, { headers }),
    await call(emu, PIN, ok, { headers }),
    await call(emu, '/v4/nope', {}, { headers }),
    await call(emu, PIN, {}, { method: 'GET', headers }),
    await control(emu, 'state', undefined, { headers }),
  ];
  for (const answer of answers) assert.equal(answer.headers.get('access-control-allow-origin'), origin);
  assert.equal((await call(emu, PIN, ok)).headers.get('access-control-allow-origin'), null, 'no Origin, no CORS header');
  assert.equal((await control(emu, 'state')).json.requestCount, 5, 'preflights are not API calls');
});

test('a page of another site can neither call the API nor reach the control routes (403, nothing done)', async () => {
  for (const origin of ['https://evil.example', 'http://127.0.0.1.evil.example', 'null']) {
    const headers = { origin };
    const preflight = await fetch(`${emu.url}${PIN}`, { method: 'OPTIONS', headers: { ...headers, 'access-control-request-method': 'POST' } });
    const answers = [
      preflight,
      await call(emu, PIN, pinBody('alice', [c2c('bob')]), { headers: { ...headers, 'content-type': 'text/plain' } }),
      await control(emu, 'faults', { errorCode: 50001 }, { headers }),
      await control(emu, 'reset', {}, { headers }),
      await control(emu, 'state', undefined, { headers }),
    ];
    for (const answer of answers) {
      assert.equal(answer.status, 403, origin);
      assert.equal(answer.headers.get('access-control-allow-origin'), null);
    }
  }
  const state = (await control(emu, 'state')).json;
  assert.deepEqual([state.requestCount, state.faults, state.pinned], [0, [], {}]);
});

test('the origins option replaces the loopback default; a rebound Host name is refused (421)', async () => {
  const only = await start({ origins: ['http://127.0.0.1:5173'] });
  try {
    const status = async (origin) => (await call(only, PIN, ok, { headers: { origin } })).status;
    assert.deepEqual([await status('http://127.0.0.1:5173'), await status('http://127.0.0.1:5174')], [200, 403]);
  } finally {
    await only.close();
  }
  const viaHost = (host) => new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: emu.port, path: '/__emulator/state', headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
  assert.deepEqual(
    [await viaHost('rebound.example:80'), await viaHost(`localhost:${emu.port}`), await viaHost(`127.0.0.1:${emu.port}`), await viaHost('[::1]')],
    [421, 200, 200, 200],
  );
});

test('origins are checked as the Origin header spells them: no path, no trailing slash', async () => {
  for (const [entry, says] of [
    ['http://127.0.0.1:5173/', 'use http://127.0.0.1:5173'],
    ['http://localhost:8080/app', 'use http://localhost:8080'],
    ['HTTP://LOCALHOST:8080', 'use http://localhost:8080'],
    ['http://127.0.0.1:80', 'use http://127.0.0.1'],
    ['localhost:5173', 'is not an origin'],
    ['not a url', 'such as http://127.0.0.1:8080'],
  ]) {
    await assert.rejects(start({ origins: [entry] }), (e) => e instanceof TypeError && e.message.includes(`origins: ${entry} is not an origin`) && e.message.includes(says), entry);
  }
  const fine = await start({ origins: ['http://127.0.0.1:5173', 'https://admin.example.com'] });
  await fine.close();
});

test('an origins function that throws: a 500 answer, the function asked once, the emulator still up', async () => {
  let asked = 0;
  const picky = await start({ origins: () => { asked += 1; throw new Error('no list loaded'); } });
  try {
    const answer = await call(picky, PIN, ok, { headers: { origin: 'http://127.0.0.1:5173' } });
    assert.equal(answer.status, 500);
    assert.match(answer.json.ErrorInfo, /no list loaded/);
    assert.equal(answer.headers.get('access-control-allow-origin'), null);
    assert.equal(asked, 1);
    assert.equal((await call(picky, PIN, ok)).status, 200, 'a request without an Origin is still answered');
  } finally {
    await picky.close();
  }
});

test('startEmulator() is quiet by default (the command line logs)', () => {
  const code = `import { startEmulator } from ${JSON.stringify(new URL('../../emulator/server.mjs', import.meta.url).href)};
const e = await startEmulator();
await fetch(e.url + '/__emulator/state');
await fetch(e.url + '/v4/recentcontact/top', { method: 'POST', body: '{}' });
await e.close();`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stderr, '');
});

test('--no-cors (cors: false): no CORS header anywhere, preflight refused', async () => {
  const closed = await start({ cors: false });
  try {
    const preflight = await fetch(`${closed.url}${PIN}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 405);
    const answers = [preflight, await call(closed, PIN, ok), await control(closed, 'state')];
    for (const { headers } of answers) {
      assert.deepEqual([...headers.keys()].filter((name) => name.startsWith('access-control-')), []);
    }
    assert.equal(await codeOf(closed, PIN, ok), 0, 'same-origin calls still work');
  } finally {
    await closed.close();
  }
});

test('the log: one line per request, usersig redacted, no secret key', async () => {
  emu.lines.length = 0;
  await call(emu, PIN, ok);
  await call(emu, PIN, ok, { query: { usersig: 'short-and-bad' } });
  await fetch(`${emu.url}${PIN}?UserSig=${ADMIN_SIG}&usersig=${ADMIN_SIG}&x=a%0Ab`, { method: 'POST', body: '{}' });
  await control(emu, 'state');
  assert.equal(emu.lines.length, 4);
  for (const line of emu.lines) {
    assert.ok(!line.includes('\n'));
    for (const secret of [ADMIN_SIG, 'short-and-bad', KEY]) assert.ok(!line.includes(secret), line);
  }
  assert.match(emu.lines[0], /^\[emulator\] POST \/v4\/recentcontact\/top\?.*usersig=<redacted>.* -> 200 0 \d+\.\dms$/);
  assert.match(emu.lines[1], / -> 200 70003 /);
  assert.match(emu.lines[2], /UserSig=<redacted>&usersig=<redacted>&x=a%0Ab/);
  assert.match(emu.lines[3], /^\[emulator\] GET \/__emulator\/state -> 200 - /);
});

// End to end: what `npm start` starts (scripts/start.mjs start()), driven in Debian's Chromium with playwright-core.
// Pins and unpins through the page and checks the emulator's state; shows field errors from the package's own
// `invalid-request` errors (nothing sent), a service error (50001) with its hint, injected faults, a refused
// cross-origin call, the UserSig tool; and checks that no secret reaches the DOM's text, storage, the URL, the
// console or the network (the secret key). Screenshots go to test-artifacts/screenshots/ (git-ignored) only: a
// test run changes no tracked file. The README's picture, www/screenshot.png, comes from `npm run screenshot`
// (scripts/screenshot.mjs, which also holds the browser set-up and the scene shared with this file).
// The step timeouts below are deadlines against hangs, not timings.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { callAndWait as callAndWaitOn, newResult, openBrowser, setConversations as setConversationsOn, stageDashboard } from '../../scripts/screenshot.mjs';
import { DEMO, start } from '../../scripts/start.mjs';
import { startEmulator } from '../../emulator/server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'test-artifacts/screenshots');
const STEP = { timeout: 20_000 };
const KEY = DEMO.secretKey;

let demo;
let browser;
let page;
const consoleLines = [];
const pageErrors = [];
const sentRequests = []; // every request the page made: { url, body }
const userSigs = new Set(); // every UserSig seen (sent by the package, or made by the tool)

// --- helpers ----------------------------------------------------------------------------------------------------

const shot = (name, options = {}) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, ...options });

async function control(path, body) {
  const response = await fetch(`${demo.emulatorUrl}/__emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const json = await response.json();
  assert.equal(response.ok, true, `emulator ${path}: ${JSON.stringify(json)}`);
  return json;
}
const emulatorState = () => control('state');

/** A raw GET (no URL normalisation, unlike fetch) to the dashboard server: { status, type, body }. */
function rawGet(path, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: demo.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const rows = () => page.locator('#conv-list > li');
const resultItems = () => page.locator('#results > li');

const setConversations = (list) => setConversationsOn(page, list);
/** Clicks `button` and waits for the new entry in Results; returns its locator. */
const callAndWait = (button) => callAndWaitOn(page, button);

async function resultFacts(item) {
  return item.evaluate((li) => {
    const facts = {};
    const dts = li.querySelectorAll('dl.facts dt');
    for (const dt of dts) facts[dt.textContent] = dt.nextElementSibling.textContent;
    return {
      kind: li.dataset.kind,
      code: Number(li.dataset.code),
      text: li.innerText,
      facts,
    };
  });
}

async function setEndpoint(value) {
  await page.check('input[name=destination][value=endpoint]');
  await page.fill('#conn-endpoint', value);
}

// --- set up -----------------------------------------------------------------------------------------------------

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // What `npm start` starts; builds pkg/ only when it is missing (npm test builds it just before).
  demo = await start({ port: 0, build: 'if-missing' });
  ({ browser, page } = await openBrowser());
  page.setDefaultTimeout(10_000);
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    sentRequests.push({ url, body: request.postData() ?? '' });
    const sig = new URL(url).searchParams.get('usersig');
    if (sig) userSigs.add(sig);
  });
}, { timeout: 300_000 });

after(async () => {
  await browser?.close();
  await demo?.close();
});

// --- the server -------------------------------------------------------------------------------------------------

describe('npm start', () => {
  test('serves the page, the package (application/wasm) and the demo settings on 127.0.0.1', STEP, async () => {
    assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(demo.emulatorUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    const index = await rawGet('/');
    assert.equal(index.status, 200);
    assert.match(index.type, /^text\/html/);
    assert.match((await rawGet('/app.js')).type, /^text\/javascript/);
    assert.match((await rawGet('/style.css')).type, /^text\/css/);
    assert.match((await rawGet('/pkg/index.js')).type, /^text\/javascript/);
    assert.equal((await rawGet('/pkg/tencent_chat_admin_bg.wasm')).type, 'application/wasm');
    const config = JSON.parse((await rawGet('/demo-config.json')).body);
    assert.equal(config.emulatorUrl, demo.emulatorUrl);
    assert.equal(config.sdkAppId, 1400000000);
    assert.equal(config.identifier, 'administrator');
    assert.deepEqual(config.accounts, ['alice', 'bob', 'carol', 'dave']);
    assert.ok(config.groups.length > 0);
  });

  test('refuses directory traversal and unknown paths', STEP, async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/pkg/..%2fCargo.toml', '/pkg/%2e%2e/Cargo.toml',
      '/..%5cCargo.toml', '/pkg/', '/nothing-here', '/%00']) {
      const { status } = await rawGet(path);
      assert.ok(status === 404 || status === 400, `${path} answered ${status}`);
    }
    assert.equal((await rawGet('/', 'POST')).status, 405);
  });

  test('proxies /chat-api/v4/* to the emulator, same origin', STEP, async () => {
    const response = await fetch(new URL('/chat-api/v4/recentcontact/top?sdkappid=1', demo.url), { method: 'POST', body: '{}' });
    const body = await response.json();
    assert.equal(body.ActionStatus, 'FAIL'); // the emulator's envelope: a bad UserSig-less call
    assert.equal((await rawGet('/chat-api/__emulator/state')).status, 404); // only the API is proxied
    assert.equal((await rawGet('/chat-api/v4/a%20b', 'POST')).status, 404); // the emulator's 404 + 60009, passed on
  });
});

// --- the page ---------------------------------------------------------------------------------------------------

describe('the dashboard', () => {
  test('loads the package and pre-fills the demo settings', STEP, async () => {
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready=true]');
    assert.equal(await page.textContent('#mode-badge'), 'Demo · local emulator');
    assert.equal(await page.inputValue('#conn-endpoint'), '/chat-api');
    assert.equal(await page.inputValue('#conn-sdkappid'), '1400000000');
    assert.equal(await page.inputValue('#conn-identifier'), 'administrator');
    assert.equal(await page.inputValue('#conn-secretkey'), KEY);
    assert.equal(await page.getAttribute('#conn-secretkey', 'type'), 'password');
    assert.equal(await page.inputValue('#pin-from'), 'alice');
    assert.equal(await rows().count(), 2);
    // Every form control has a label.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => el.type !== 'radio' && el.type !== 'checkbox' ? el.labels.length === 0 : el.closest('label') === null)
        .map((el) => el.id || el.outerHTML),
    );
    assert.deepEqual(unlabelled, []);
    assert.equal(await page.getAttribute('#results', 'aria-live'), 'polite');
    await control('reset', {});
  });

  test('pins two conversations: success in Results, pinned in the emulator', STEP, async () => {
    await page.fill('#pin-from', 'alice');
    await setConversations([{ type: 'c2c', id: 'bob' }, { type: 'group', id: 'general' }]);
    const item = await callAndWait('#pin-button');
    const result = await resultFacts(item);
    assert.equal(result.kind, 'ok', result.text);
    assert.match(result.text, /OK/);
    assert.match(result.text, /Pin/);
    assert.match(result.text, /alice: c2c bob, group general/);
    assert.match(result.facts['Request ID'], /^emu-/);
    assert.equal(result.facts.Attempts, '1');
    const state = await emulatorState();
    assert.deepEqual(state.pinned.alice, [{ Type: 1, To_Account: 'bob' }, { Type: 2, GroupId: 'general' }]);
    assert.equal(state.requests.at(-1).path, '/v4/recentcontact/top');
    assert.equal(state.requests.at(-1).body.OperationType, 1);
    // The emulator panel shows the pinned list too.
    await page.waitForFunction(() => document.querySelectorAll('#emu-pinned li').length === 2);
    assert.match(await page.textContent('#emu-pinned'), /bob[\s\S]*general/);
    await shot('01-pinned');
  });

  test('unpins them', STEP, async () => {
    const result = await resultFacts(await callAndWait('#unpin-button'));
    assert.equal(result.kind, 'ok', result.text);
    assert.match(result.text, /Unpin/);
    const state = await emulatorState();
    assert.equal(state.pinned.alice, undefined);
    assert.equal(state.requests.at(-1).body.OperationType, 2);
    await page.waitForFunction(() => /no pinned conversations/.test(document.getElementById('emu-pinned').textContent));
  });

  test('invalid requests: the message is shown by the field, focus goes there, nothing is sent', STEP, async () => {
    const { requestCount } = await emulatorState();

    // An empty peer in the second row: conversations[1].toAccount.
    await setConversations([{ type: 'c2c', id: 'bob' }, { type: 'c2c', id: '' }]);
    let result = await resultFacts(await callAndWait('#pin-button'));
    assert.equal(result.kind, 'invalid-request');
    assert.equal(result.facts.Attempts, '0');
    assert.match(result.text, /Nothing was sent/);
    const second = rows().nth(1);
    assert.equal(await second.locator('[data-role=error]').isVisible(), true);
    assert.equal(await second.locator('[data-role=error]').textContent(), 'Must not be empty.');
    assert.equal(await second.locator('[data-role=id]').getAttribute('aria-invalid'), 'true');
    assert.equal(await second.locator('[data-role=id]').evaluate((el) => el === document.activeElement), true);
    assert.equal(await rows().nth(0).locator('[data-role=error]').isVisible(), false);
    // The error is tied to its input for assistive technology.
    const describedBy = await second.locator('[data-role=id]').getAttribute('aria-describedby');
    assert.equal(describedBy, await second.locator('[data-role=error]').getAttribute('id'));
    await shot('02-invalid-field');

    // Typing clears it.
    await second.locator('[data-role=id]').fill('carol');
    assert.equal(await second.locator('[data-role=error]').isVisible(), false);

    // A repeated conversation: conversations[1].
    await setConversations([{ type: 'group', id: 'general' }, { type: 'group', id: 'general' }]);
    await callAndWait('#pin-button');
    assert.match(await rows().nth(1).locator('[data-role=error]').textContent(), /repeats conversations\[0\]/i);

    // The user whose list changes: fromAccount.
    await page.fill('#pin-from', '');
    await setConversations([{ type: 'c2c', id: 'bob' }]);
    await callAndWait('#pin-button');
    assert.equal(await page.isVisible('#err-pin-from'), true);
    assert.equal(await page.getAttribute('#pin-from', 'aria-invalid'), 'true');

    // A connection option: sdkAppId.
    await page.fill('#pin-from', 'alice');
    await page.fill('#conn-sdkappid', 'abc');
    result = await resultFacts(await callAndWait('#pin-button'));
    assert.equal(result.kind, 'invalid-request');
    assert.equal(await page.isVisible('#err-conn-sdkappid'), true);
    assert.match(await page.textContent('#err-conn-sdkappid'), /number|integer/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'conn-sdkappid');
    await page.fill('#conn-sdkappid', '1400000000');

    assert.equal((await emulatorState()).requestCount, requestCount, 'an invalid request reached the emulator');
  });

  test('a service error: 50001 with its explanation and hint', STEP, async () => {
    await page.fill('#pin-from', 'zed');
    await setConversations([{ type: 'c2c', id: 'bob' }, { type: 'group', id: 'general' }]);
    const result = await resultFacts(await callAndWait('#pin-button'));
    assert.equal(result.kind, 'service');
    assert.equal(result.code, 50001);
    assert.equal(result.facts.Code, '50001');
    assert.match(result.facts.Info, /zed/);
    assert.match(result.facts['Request ID'], /^emu-/);
    assert.match(result.text, /has not been imported/);
    assert.match(result.text, /What to do: Import the account first/);
    await shot('03-service-error-50001');
    await page.fill('#pin-from', 'alice');
  });

  test('injected faults: retried to success, and failing every retry', STEP, async () => {
    // Once: the package retries and the second attempt succeeds.
    await control('faults', { errorCode: 50004 });
    let result = await resultFacts(await callAndWait('#pin-button'));
    assert.equal(result.kind, 'ok', result.text);
    assert.equal(result.facts.Attempts, '2');

    // On every attempt (1 + 3 retries): the call fails with the fault's code.
    await control('faults', { errorCode: 50004, times: 4 });
    result = await resultFacts(await callAndWait('#pin-button'));
    assert.equal(result.kind, 'service');
    assert.equal(result.code, 50004);
    assert.equal(result.facts.Attempts, '4');
    assert.match(result.text, /internal error/);

    // A cut-off JSON answer, with retries off: kind decode. (Not a dropped connection: Chromium itself resends a
    // POST once when a reused keep-alive connection closes without an answer, which would hide a single drop.)
    await page.click('#connection-panel summary');
    await page.fill('#conn-retries', '0');
    await control('faults', { malformed: true });
    result = await resultFacts(await callAndWait('#pin-button'));
    assert.equal(result.kind, 'decode', result.text);
    assert.equal(result.facts.Attempts, '1');
    assert.match(result.text, /not the service’s JSON envelope/);
    await page.fill('#conn-retries', '3');
    assert.deepEqual((await emulatorState()).faults, []);
    await shot('04-injected-faults');
  });

  test('a refused cross-origin call says to use a same-origin proxy endpoint; an endpoint that is down says so', STEP, async () => {
    // A loopback port nobody listens on: nothing answers, which is not a CORS matter.
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address();
    await new Promise((resolve) => closed.close(resolve));

    await page.fill('#conn-retries', '0');
    await setEndpoint(`http://127.0.0.1:${port}`);
    let result = await resultFacts(await callAndWait('#pin-button'));
    assert.equal(result.kind, 'network', result.text);
    assert.match(result.text, /nothing answers there/);
    assert.doesNotMatch(result.text, /same-origin proxy/);

    // An emulator that sends no CORS headers answers, but the browser refuses the page's call.
    const refusing = await startEmulator({ cors: false });
    try {
      await setEndpoint(refusing.url);
      result = await resultFacts(await callAndWait('#pin-button'));
    } finally {
      await refusing.close();
    }
    // Chrome's own console report of the refused call quotes its URL, UserSig included: the browser's text, which
    // no page can change, so it is left out of the later check that the dashboard logs no secret.
    const chromeReport = (line) => line.startsWith(`error: Access to fetch at '${refusing.url}/`) && line.includes('blocked by CORS policy');
    consoleLines.splice(0, consoleLines.length, ...consoleLines.filter((line) => !chromeReport(line)));
    assert.equal(result.kind, 'cors', result.text);
    assert.match(result.text, /same-origin proxy/);
    assert.match(result.text, /\/chat-api/);

    // The emulator's own URL works directly too: it sends CORS headers.
    await setEndpoint(demo.emulatorUrl);
    assert.equal((await resultFacts(await callAndWait('#pin-button'))).kind, 'ok');
    await setEndpoint('/chat-api');
    await page.fill('#conn-retries', '3');
  });

  test('the UserSig tool generates, verifies, decodes, and a UserSig works as the credential', STEP, async () => {
    await page.fill('#us-identifier', 'administrator');
    await page.fill('#us-expire', '86400');
    await page.click('#us-generate');
    await page.waitForSelector('#us-output.good');
    const sig = await page.inputValue('#us-usersig');
    assert.ok(sig.length > 100);
    userSigs.add(sig);
    assert.match(await page.textContent('#us-output'), /Generated a UserSig/);

    await page.click('#us-verify');
    await page.waitForFunction(() => /Valid/.test(document.getElementById('us-output').textContent));
    const output = await page.textContent('#us-output');
    assert.match(output, /administrator/);
    assert.match(output, /1400000000/);
    assert.match(output, /86400 s \(1 day\)/);
    await shot('05-usersig-tool');

    // Verify checks the identifier when one is given: 70013.
    await page.fill('#us-identifier', 'alice');
    await page.click('#us-verify');
    await page.waitForSelector('#us-output.bad');
    assert.match(await page.textContent('#us-output'), /70013/);

    // A wrong key: 70009.
    await page.fill('#us-identifier', '');
    await page.fill('#conn-secretkey', KEY.replace(/^5/, '6'));
    await page.click('#us-verify');
    await page.waitForFunction(() => /70009/.test(document.getElementById('us-output').textContent));

    // No key: decoded only.
    await page.fill('#conn-secretkey', '');
    await page.click('#us-verify');
    await page.waitForSelector('#us-output.warn');
    assert.match(await page.textContent('#us-output'), /Decoded only[\s\S]*administrator/);

    // A bad expire is the package's invalid-request, shown by its field.
    await page.fill('#conn-secretkey', KEY);
    await page.fill('#us-identifier', 'administrator');
    await page.fill('#us-expire', '0');
    await page.click('#us-generate');
    await page.waitForSelector('#err-us-expire:not([hidden])');
    await page.fill('#us-expire', '86400');

    // Use it in Connection: the credential switches to UserSig, and a call works with it.
    await page.click('#us-use');
    assert.equal(await page.isChecked('input[name=credential][value=userSig]'), true);
    assert.equal(await page.isVisible('#conn-usersig'), true);
    assert.equal(await page.inputValue('#conn-usersig'), sig);
    const result = await resultFacts(await callAndWait('#pin-button'));
    assert.equal(result.kind, 'ok', result.text);
    assert.ok(userSigs.has(sig), 'the call carried the UserSig from the tool');
    await page.check('input[name=credential][value=secretKey]');
  });

  test('a queued fault applies to the next call, whole: what it leaves unused is dropped, never carried over', STEP, async () => {
    await control('reset', {});
    await page.fill('#pin-from', 'alice');
    await setConversations([{ type: 'c2c', id: 'bob' }]);
    const queueFault = async (text) => {
      await page.selectOption('#fault-kind', { label: text });
      await page.click('#fault-form button[type=submit]');
      await page.waitForFunction(() => /^Queued/.test(document.getElementById('emu-status').textContent));
    };
    await queueFault('70001 UserSig expired (the re-sign too)');
    let result = await resultFacts(await callAndWait('#pin-button'));
    assert.deepEqual([result.kind, result.code, result.facts.Attempts], ['service', 70001, '2'], result.text);
    assert.match(result.text, /9 unused uses of the queued fault were dropped: a fault applies to one call\./);
    assert.deepEqual((await emulatorState()).faults, []);
    // The next fault chosen shows its own result, not the previous one's.
    await queueFault('50004 once (a retry succeeds)');
    result = await resultFacts(await callAndWait('#pin-button'));
    assert.deepEqual([result.kind, result.facts.Attempts], ['ok', '2'], result.text);
    assert.doesNotMatch(result.text, /dropped/);
  });

  test('a dropped connection: the result says how many requests the emulator received, and why', STEP, async () => {
    await page.selectOption('#fault-kind', { label: 'a dropped connection (every request)' });
    await page.click('#fault-form button[type=submit]');
    const before = (await emulatorState()).requestCount;
    const result = await resultFacts(await callAndWait('#pin-button'));
    const received = (await emulatorState()).requestCount - before;
    const attempts = Number(result.facts.Attempts);
    // Chromium resends a request whose reused connection closed without an answer, so the emulator sees more.
    assert.ok(received > attempts, `${received} requests for ${attempts} attempts`);
    assert.match(result.text, new RegExp(`The emulator received ${received} requests for the ${attempts} attempts? the package made`));
    assert.match(result.text, /the browser sends the request again on a new connection by itself/);
  });

  test('Results: the last 20, in a scrolling list, each naming its conversations; a service error says its fact once', STEP, async () => {
    await page.fill('#pin-from', 'zed');
    await setConversations([{ type: 'c2c', id: 'bob' }, { type: 'group', id: 'general' }]);
    const failed = await callAndWait('#pin-button');
    const result = await resultFacts(failed);
    assert.equal(result.kind, 'service');
    assert.equal(await failed.locator('.result-summary').textContent(), 'zed: c2c bob, group general');
    assert.equal(await failed.locator('.result-message').count(), 0, 'the message would repeat the code and info');
    assert.equal(result.text.split('zed').length - 1, 2, result.text); // the summary and the info, once each
    await page.fill('#pin-from', '');
    for (let i = 0; i < 21; i += 1) await callAndWait('#pin-button');
    assert.equal(await resultItems().count(), 20);
    const style = await page.$eval('#results', (list) => [getComputedStyle(list).overflowY, list.scrollHeight > list.clientHeight]);
    assert.deepEqual(style, ['auto', true]);
    await page.fill('#pin-from', 'alice');
  });

  test('Cancel stops a call in flight', STEP, async () => {
    await page.fill('#pin-from', 'alice');
    await control('faults', { delayMs: 60_000 });
    const entry = await newResult(page, async () => {
      await page.click('#pin-button');
      await page.waitForSelector('#cancel-button:not([hidden])');
      await page.click('#cancel-button');
    });
    assert.equal((await resultFacts(entry)).kind, 'aborted');
    assert.match(await page.textContent('#pin-busy'), /cancelled/);
    assert.equal(await page.isHidden('#cancel-button'), true);
  });

  test('Use in Connection never changes the admin identifier; expiry in local time and from now', STEP, async () => {
    await page.check('input[name=credential][value=secretKey]');
    await page.fill('#conn-secretkey', KEY);
    await page.fill('#us-identifier', 'alice');
    await page.fill('#us-expire', '86400');
    await page.click('#us-generate');
    await page.waitForSelector('#us-output.good');
    userSigs.add(await page.inputValue('#us-usersig'));
    const output = await page.textContent('#us-output');
    assert.match(output, /Expires\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC[+-]\d\d:\d\d\), in (23 h|1 day)$/m);
    await page.click('#us-use');
    await page.waitForSelector('#us-output.bad');
    assert.match(await page.textContent('#us-output'), /Not used: this UserSig is for “alice”, but the admin identifier in Connection is “administrator”/);
    assert.equal(await page.inputValue('#conn-identifier'), 'administrator');
    assert.equal(await page.isChecked('input[name=credential][value=secretKey]'), true);
    // A UserSig of a second: no "0.00 days".
    await page.fill('#us-identifier', 'administrator');
    await page.fill('#us-expire', '1');
    await page.click('#us-generate');
    await page.waitForSelector('#us-output.good');
    userSigs.add(await page.inputValue('#us-usersig'));
    assert.match(await page.textContent('#us-output'), /Valid for1 sExpires/);
    await page.fill('#us-expire', '86400');
  });

  test('a number field given 1e3 says what to type', STEP, async () => {
    await page.evaluate(() => { document.querySelector('#connection-panel details').open = true; });
    await page.fill('#conn-timeout', '1e3');
    const result = await resultFacts(await callAndWait('#pin-button'));
    assert.equal(result.kind, 'invalid-request');
    assert.equal(await page.textContent('#err-conn-timeout'), 'Type a whole number in digits only, such as 1000: “1e3” is not read as a number here.');
    await page.fill('#conn-timeout', '10000');
  });

  test('works with the keyboard', STEP, async () => {
    await control('reset', {});
    await page.fill('#pin-from', 'bob');
    await setConversations([{ type: 'c2c', id: 'carol' }]);
    // Add a row with the keyboard: focus lands in its ID input.
    await page.focus('#add-conv');
    await page.keyboard.press('Enter');
    assert.equal(await rows().count(), 2);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.role), 'id');
    await page.keyboard.type('dave');
    // Enter in a field submits: Pin.
    const entry = await newResult(page, () => page.keyboard.press('Enter'));
    assert.equal((await resultFacts(entry)).kind, 'ok');
    assert.deepEqual((await emulatorState()).pinned.bob, [{ Type: 1, To_Account: 'carol' }, { Type: 1, To_Account: 'dave' }]);
    // Tab from the last conversation reaches its remove button, then "Add conversation", then Pin.
    await rows().last().locator('[data-role=id]').focus();
    const order = [];
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.dataset.role));
    }
    assert.deepEqual(order, ['remove', 'add-conv', 'pin-button']);
  });

  test('the whole dashboard: the scene of the README picture (npm run screenshot)', STEP, async () => {
    userSigs.add(await stageDashboard(page, () => control('reset', {})));
    // Both calls are in Results (the pin, then 50001 for erin, who was never imported), newest first.
    const kinds = await page.$$eval('#results > li', (items) => items.map((li) => li.dataset.kind));
    assert.deepEqual(kinds, ['service', 'ok']);
    assert.deepEqual((await emulatorState()).pinned, { alice: [{ Type: 1, To_Account: 'bob' }, { Type: 2, GroupId: 'announcements' }] });
    await shot('00-dashboard');
  });

  test('is readable at 375 px: no sideways scrolling', STEP, async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    assert.ok(widths.page <= widths.viewport, `page is ${widths.page}px wide at ${widths.viewport}px`);
    const font = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.ok(font >= 14);
    await shot('06-narrow-375');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('no secret in the DOM outside its input, in storage, the URL, the console or on the network', STEP, async () => {
    const secrets = [KEY, ...userSigs];
    assert.ok(userSigs.size >= 2, 'the test saw the UserSigs it checks for');
    const found = await page.evaluate((list) => {
      const html = document.documentElement.outerHTML;
      const text = document.body.innerText;
      const holders = [...document.querySelectorAll('input, textarea, select')]
        .filter((el) => list.some((s) => el.value.includes(s)))
        .map((el) => el.id);
      const storage = [localStorage, sessionStorage].map((s) => JSON.stringify({ ...s })).join('');
      const where = [];
      for (const s of list) {
        if (html.includes(s)) where.push('html');
        if (text.includes(s)) where.push('text');
        if (storage.includes(s)) where.push('storage');
        if (location.href.includes(s) || document.cookie.includes(s) || document.title.includes(s)) where.push('url/cookie/title');
      }
      return { where, holders, storageKeys: localStorage.length + sessionStorage.length };
    }, secrets);
    assert.deepEqual(found.where, []);
    assert.deepEqual(found.storageKeys, 0);
    for (const id of found.holders) assert.ok(['conn-secretkey', 'conn-usersig', 'us-usersig'].includes(id), `a secret is in #${id}`);
    for (const line of consoleLines) for (const s of secrets) assert.ok(!line.includes(s), `console: ${line}`);
    assert.deepEqual(pageErrors, []);
    // The secret key never leaves the page; UserSigs only travel in the API calls' query.
    for (const { url, body } of sentRequests) {
      assert.ok(!url.includes(KEY) && !body.includes(KEY), `the secret key was sent to ${url}`);
      const path = new URL(url).pathname;
      for (const s of userSigs) {
        if (url.includes(encodeURIComponent(s)) || url.includes(s)) assert.match(path, /\/v4\/recentcontact\/top$/);
        assert.ok(!body.includes(s), `a UserSig was sent in a body to ${url}`);
      }
    }
    assert.equal(new URL(page.url()).search + new URL(page.url()).hash, '');
  });
});

// End to end in headless Chromium (playwright-core) on what `npm start` starts: the Conversation list panel (pages
// with the package's cursor, pinned first, pin / unpin / delete from a row, everything at once with
// listConversations) and the Accounts panel (import in batches of 100, check), each checked against the emulator's
// state and the requests it received; the UserSig tool's PrivateMapKey (room, privilege boxes), checked against the
// official library. The step timeouts are deadlines against hangs, not timings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO } from '../../scripts/start.mjs';
import { decodeSig, officialPrivateMapKey } from '../js/helpers.mjs';
import { useDashboard } from './helpers.mjs';

const STEP = { timeout: 30_000 };
let page;
const { control } = useDashboard({ timeoutMs: 15_000, ready: (loaded) => (page = loaded) });

/** The rows of the conversation list: 'c2c:bob' or 'group:announcements', with '*' after a pinned one. */
const listed = () =>
  page.$$eval('#cl-list > li', (items) => items.map((li) => `${li.dataset.key}${li.dataset.pinned === 'true' ? '*' : ''}`));

/** Clicks `selector`, then waits until Results has `calls` more entries and the page is idle again. */
async function click(selector, calls = 1) {
  const count = await page.locator('#results > li').count();
  await page.click(selector);
  await page.waitForFunction((n) => document.querySelectorAll('#results > li').length >= n, count + calls);
  await page.waitForFunction(() => document.getElementById('cl-busy').textContent === '' || /failed/.test(document.getElementById('cl-busy').textContent));
}

const lastResult = () => page.locator('#results > li').first().getAttribute('data-kind');
const apiPaths = async () => (await control('state')).requests.map((r) => r.path.replace(/^\/v4\//, ''));

test('the list a page at a time with the cursor the package returned, then pin, unpin and delete from a row', STEP, async () => {
  assert.equal(await page.inputValue('#cl-from'), 'alice');
  await click('#cl-load');
  assert.deepEqual(await listed(), ['c2c:bob', 'group:announcements', 'c2c:carol']);
  assert.match(await page.textContent('#cl-status'), /alice: 3 conversations, more on the service/);
  assert.equal(await page.isVisible('#cl-more'), true);

  await click('#cl-more');
  assert.deepEqual(await listed(), ['c2c:bob', 'group:announcements', 'c2c:carol', 'group:release-crew', 'c2c:dave']);
  assert.match(await page.textContent('#cl-status'), /5 conversations, all loaded/);
  assert.equal(await page.isVisible('#cl-more'), false);
  const [first, second] = (await control('state')).requests.map((r) => r.body);
  const { AssistFlags, ...cursor } = first;
  assert.deepEqual(cursor, { From_Account: 'alice', TimeStamp: 0, StartIndex: 0, TopTimeStamp: 0, TopStartIndex: 0 });
  assert.equal(AssistFlags & 7, 5, 'pinned first and paged (bits 0, 2), no empty conversations (bit 1 clear)');
  assert.deepEqual([second.StartIndex, second.TopTimeStamp, second.TopStartIndex], [1, 0, 0], 'the second page asks from the first page\'s cursor');
  assert.equal(second.TimeStamp, (await control('state')).conversations.alice[2].MsgTime, 'TimeStamp: carol\'s MsgTime, sent back as is');

  await click('[aria-label="Pin c2c dave"]', 2); // the pin, then the first page again
  assert.deepEqual((await control('state')).pinned, { alice: [{ Type: 1, To_Account: 'dave' }] });
  assert.deepEqual(await listed(), ['c2c:dave*', 'c2c:bob', 'group:announcements']);

  await click('[aria-label="Unpin c2c dave"]', 2);
  assert.deepEqual((await control('state')).pinned, {});
  assert.deepEqual(await listed(), ['c2c:bob', 'group:announcements', 'c2c:carol']);

  await click('[aria-label="Delete group announcements"]', 2);
  assert.equal(await lastResult(), 'ok');
  const state = await control('state');
  const deleteCall = state.requests.find((r) => r.path === '/v4/recentcontact/delete');
  assert.deepEqual(deleteCall.body, { From_Account: 'alice', Type: 2, ToGroupid: 'announcements' });
  assert.equal(state.conversations.alice.some((c) => c.GroupId === 'announcements'), false);
  assert.deepEqual(await listed(), ['c2c:bob', 'c2c:carol', 'group:release-crew']);
  assert.deepEqual(await apiPaths(), [
    'recentcontact/get_list', 'recentcontact/get_list', 'recentcontact/top', 'recentcontact/get_list',
    'recentcontact/top', 'recentcontact/get_list', 'recentcontact/delete', 'recentcontact/get_list',
  ]);
});

test('Load all with conversations that have no messages: every page fetched by listConversations', STEP, async () => {
  await page.check('#cl-empty');
  await click('#cl-all');
  assert.deepEqual(await listed(), ['c2c:bob', 'group:announcements', 'c2c:carol', 'group:release-crew', 'c2c:dave', 'group:support']);
  assert.match(await page.textContent('#cl-status'), /6 conversations, all loaded/);
  const pages = (await control('state')).requests;
  assert.equal(pages.length, 2, 'two pages of 3');
  assert.equal(pages.every((r) => (r.body.AssistFlags & 2) === 2), true, 'includeEmpty sets AssistFlags bit 1');
  await page.uncheck('#cl-empty');
});

test('a user left empty: the error by the input, nothing sent', STEP, async () => {
  await page.fill('#cl-from', '');
  await click('#cl-load');
  assert.equal(await lastResult(), 'invalid-request');
  assert.equal(await page.isVisible('#err-cl-from'), true);
  assert.match(await page.textContent('#err-cl-from'), /fromAccount/);
  assert.equal((await control('state')).requestCount, 0);
  await page.fill('#cl-from', 'alice');
  assert.equal(await page.isVisible('#err-cl-from'), false, 'cleared on edit');
});

test('accounts: import (100 a call) and check', STEP, async () => {
  const many = Array.from({ length: 150 }, (_, i) => `user${i}`);
  await page.fill('#acc-ids', `erin, frank\nalice ${many.join(' ')}`);
  await click('#acc-import');
  assert.equal(await lastResult(), 'ok');
  assert.equal(await page.textContent('#acc-output'), 'Imported 153; none failed.');
  const state = await control('state');
  // Two calls: 100 accounts (its body is over the history's 2,000-character preview), then the other 53.
  assert.deepEqual(state.requests.map((r) => r.path), ['/v4/im_open_login_svc/multiaccount_import', '/v4/im_open_login_svc/multiaccount_import']);
  assert.equal(state.requests[1].body.AccountList.length, 53);
  assert.deepEqual(state.requests[1].body.AccountList.at(-1), { UserID: 'user149' });
  assert.equal(state.accounts.length, 5 + 153 - 1, 'the admin, 4 demo accounts, 152 new (alice was there)');

  await page.fill('#acc-ids', 'erin zoe');
  await click('#acc-check');
  const rows = await page.$$eval('#acc-output tr[data-user-id]', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.deepEqual(rows, [['erin', 'Imported', '0'], ['zoe', 'Not imported', '0']]);
  assert.deepEqual((await control('state')).requests.at(-1).body, { CheckItem: [{ UserID: 'erin' }, { UserID: 'zoe' }] });
});

test('the UserSig tool makes a PrivateMapKey (room, privilege boxes) as the official library does, and shows its room', STEP, async () => {
  await page.click('#us-pmk summary');
  const boxes = await page.$$eval('#us-privilege-list input', (inputs) => inputs.map((i) => `${i.dataset.privilege}${i.checked ? '*' : ''}`));
  assert.deepEqual(boxes, ['createRoom', 'enterRoom*', 'sendAudio', 'receiveAudio', 'sendVideo', 'receiveVideo', 'sendScreen', 'receiveScreen']);
  await page.fill('#us-identifier', 'alice');
  await page.fill('#us-expire', '300');
  /** Generates with the room field and the string box as given; returns the PrivateMapKey's document and the output. */
  const generate = async (room, asString) => {
    await page.fill('#us-room', room);
    await page.setChecked('#us-room-string', asString);
    await page.$eval('#us-output', (out) => out.replaceChildren());
    await page.click('#us-generate-pmk');
    await page.waitForSelector('#us-output.good p');
    return { doc: decodeSig(await page.inputValue('#us-usersig')), text: await page.textContent('#us-output') };
  };

  await page.check('#us-priv-receiveAudio');
  const numeric = await generate('10000', false);
  const official = (room, privileges, doc) =>
    decodeSig(officialPrivateMapKey({ id: 'alice', expire: 300, sdkAppId: DEMO.sdkAppId, key: DEMO.secretKey, timeSec: doc['TLS.time'], room, privileges }));
  assert.deepEqual(numeric.doc, official(10000, 10, numeric.doc));
  assert.match(numeric.text, /Generated a PrivateMapKey[\s\S]*Room10000 \(numeric room\)PrivilegesenterRoom, receiveAudio \(10\)Room rights until/);

  await page.uncheck('#us-priv-enterRoom');
  await page.check('#us-priv-receiveScreen');
  const string = await generate('10000', true);
  assert.deepEqual(string.doc, official('10000', 136, string.doc));
  assert.match(string.text, /Room“10000” \(string room\)PrivilegesreceiveAudio, receiveScreen \(136\)/);
  const named = await generate('class-7b', false);
  assert.deepEqual(named.doc, official('class-7b', 136, named.doc));

  // Decoded without the key: the room part is shown too.
  await page.fill('#conn-secretkey', '');
  await page.click('#us-verify');
  await page.waitForSelector('#us-output.warn');
  assert.match(await page.textContent('#us-output'), /Decoded only[\s\S]*Room“class-7b” \(string room\)/);
  await page.fill('#conn-secretkey', DEMO.secretKey);

  // Refusals by their field: a room with a leading 0, an identifier beyond ASCII, an empty room.
  await page.fill('#us-room', '0123');
  await page.setChecked('#us-room-string', false);
  await page.click('#us-generate-pmk');
  await page.waitForSelector('#err-us-room:not([hidden])');
  assert.match(await page.textContent('#err-us-room'), /Starts with 0: type 123 for the numeric room/);
  await page.fill('#us-room', '42');
  await page.fill('#us-identifier', '管理员');
  await page.click('#us-generate-pmk');
  await page.waitForSelector('#err-us-identifier:not([hidden])');
  assert.match(await page.textContent('#err-us-identifier'), /^Must be ASCII in a PrivateMapKey/);
  assert.equal(await page.isHidden('#err-us-room'), true, 'the earlier error is cleared');
  await page.fill('#us-identifier', 'alice');
  await page.fill('#us-room', ' ');
  await page.click('#us-generate-pmk');
  await page.waitForSelector('#err-us-room:not([hidden])');
  assert.match(await page.textContent('#err-us-room'), /^Must not be empty/);
});

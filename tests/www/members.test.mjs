// End to end in headless Chromium (playwright-core) on what `npm start` starts: the Members panel. A group of 1,234
// members counted, then pinned for every member (progress bar, then the result table), checked member by member in
// the emulator's state; owners and admins left out; Cancel while a page and a pin are held (each member counted once,
// the unlisted ones as not reached); members at the 50-pin cap listed as failures with the failures' CSV downloaded;
// and a CSV file chosen in the page, pinned (its failures downloaded too). The step timeouts are deadlines against
// hangs, not timings.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { until } from '../js/helpers.mjs';
import { useDashboard } from './helpers.mjs';

const STEP = { timeout: 60_000 };

const MEMBERS = Array.from({ length: 1234 }, (_, i) => `fan${String(i).padStart(4, '0')}`);
let page;
const { control } = useDashboard({ timeoutMs: 30_000, config: { rateLimit: 200 }, ready: (loaded) => (page = loaded) });

/** The users whose pinned conversations hold group `groupId`, from the emulator's state. */
async function pinnedFor(groupId) {
  const { pinned } = await control('state');
  return Object.entries(pinned).filter(([, items]) => items.some((item) => item.GroupId === groupId)).map(([user]) => user).sort();
}

/** Clicks `selector` and waits for the run to end (its text says done, stopped or failed). */
async function run(selector) {
  await page.click(selector);
  await page.waitForFunction(() => /: (done|stopped|failed)/.test(document.getElementById('bulk-progress-text').textContent));
}

/** The result table's count named `name`. */
const count = async (name) => Number(await page.textContent(`#bulk-table tr[data-count="${name}"] td`));

/** The failures' CSV the page offers, as text. */
async function downloaded() {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#bulk-download')]);
  return readFile(await download.path(), 'utf8');
}

test('a group of 1,234 members: counted, then pinned for every member once, at the 200/s limit', STEP, async () => {
  await control('groups', { groupId: 'fans', type: 'Public', owner: MEMBERS[0], members: MEMBERS.map((account, i) => ({ account, role: i === 0 ? 'Owner' : i < 4 ? 'Admin' : 'Member' })) });
  await page.fill('#gm-group', 'fans');
  await page.click('#gm-count-button');
  await page.waitForFunction(() => /members/.test(document.getElementById('gm-count').textContent));
  assert.equal(await page.textContent('#gm-count'), '1234 members');
  await run('#gm-pin');
  assert.equal(await page.textContent('#bulk-progress-text'), 'Pin for all members: done.');
  assert.deepEqual([await page.getAttribute('#bulk-progress', 'value'), await page.getAttribute('#bulk-progress', 'max')], ['1234', '1234']);
  assert.deepEqual([await count('Succeeded'), await count('Failed'), await count('Not attempted')], [1234, 0, 0]);
  assert.deepEqual(await pinnedFor('fans'), MEMBERS);
  assert.ok(Object.values((await control('state')).pinned).every((items) => items.length === 1));
  const tops = (await control('state')).requests.filter((r) => r.path === '/v4/recentcontact/top');
  assert.ok(tops.every((r) => r.body.OperationType === 1 && r.body.RecentContactItem[0].GroupId === 'fans'));
  assert.equal(await page.locator('#results > li').first().getAttribute('data-kind'), 'ok');
});

test('owners and admins left out; unpin for all members', STEP, async () => {
  await control('groups', { groupId: 'crew', members: MEMBERS.slice(0, 10).map((account, i) => ({ account, role: i === 0 ? 'Owner' : i < 3 ? 'Admin' : 'Member' })) });
  await page.fill('#gm-group', 'crew');
  await page.check('#gm-no-owner');
  await page.check('#gm-no-admins');
  try {
    await run('#gm-pin');
  } finally {
    await page.uncheck('#gm-no-owner');
    await page.uncheck('#gm-no-admins');
  }
  assert.deepEqual(await pinnedFor('crew'), MEMBERS.slice(3, 10));
  assert.equal(await count('Left out (filters)'), 3);
  await run('#gm-unpin');
  assert.deepEqual(await pinnedFor('crew'), []);
});

test('Cancel stops the run: what was in flight, and the members never listed, counted apart', STEP, async () => {
  await control('groups', { groupId: 'slow', members: MEMBERS.slice(0, 300) });
  // The first page (100 members) is answered, the second held; so is fan0000's pin: Cancel comes while both wait.
  const path = '/v4/group_open_http_svc/get_group_member_info';
  await control('faults', { faults: [{ path, delayMs: 1 }, { path, delayMs: 60_000 }, { fromAccount: MEMBERS[0], delayMs: 60_000 }] });
  await page.fill('#gm-group', 'slow');
  await page.click('#gm-pin');
  await until(async () => (await control('state')).faults.length === 0, 'the second page and fan0000\'s pin to reach the emulator');
  await page.click('#bulk-cancel');
  await page.waitForFunction(() => /stopped/.test(document.getElementById('bulk-progress-text').textContent));
  const names = ['Succeeded', 'Failed', 'In flight when stopped', 'Not attempted', 'Left out (filters)', 'Not reached (not listed before the stop)'];
  const [succeeded, failed, inFlight, notAttempted, skipped, notReached] = await Promise.all(names.map(count));
  // Every member counted once; the 200 of the held page were never listed, fan0000 was in flight.
  assert.equal(succeeded + failed + inFlight + notAttempted + skipped + notReached, 300);
  assert.ok(notReached >= 200 && inFlight >= 1, `${notReached} not reached, ${inFlight} in flight`);
  assert.equal(failed, 0);
  const pinned = await pinnedFor('slow');
  assert.ok(pinned.every((member) => MEMBERS.slice(1, 100).includes(member)) && pinned.length >= succeeded, `${pinned.length} pinned`);
  assert.equal(await page.isHidden('#bulk-cancel'), true);
});

test('members at the 50-pin cap: listed as failures, downloaded as CSV', STEP, async () => {
  const full = Array.from({ length: 50 }, (_, i) => ({ Type: 2, GroupId: `old${i}`, MsgTime: 1700000000 }));
  await control('groups', { groupId: 'news', members: MEMBERS.slice(0, 5) });
  for (const user of [MEMBERS[1], MEMBERS[3]]) {
    await control('conversations', { fromAccount: user, conversations: full });
  }
  // Pinned by the API: the emulator's seed has no pins.
  const admin = await page.evaluate(async (users) => {
    const { ChatAdmin } = await import('/pkg/index.js');
    const config = await (await fetch('/demo-config.json')).json();
    const client = new ChatAdmin({ sdkAppId: config.sdkAppId, identifier: config.identifier, secretKey: config.secretKey, endpoint: config.proxyEndpoint });
    const conversations = Array.from({ length: 50 }, (_, i) => ({ type: 'group', groupId: `old${i}` }));
    const report = await client.pinConversationsBulk(users.map((fromAccount) => ({ fromAccount, conversations })));
    return report.succeeded;
  }, [MEMBERS[1], MEMBERS[3]]);
  assert.equal(admin, 2);
  await page.fill('#gm-group', 'news');
  await run('#gm-pin');
  assert.deepEqual([await count('Succeeded'), await count('Failed')], [3, 2]);
  const rows = await page.$$eval('#bulk-failures tr td:first-child', (cells) => cells.map((c) => c.textContent).sort());
  assert.deepEqual(rows, [MEMBERS[1], MEMBERS[3]]);
  assert.match(await page.textContent('#bulk-failures'), /already has 50 pinned conversations/);
  const csv = (await downloaded()).trim().split('\r\n');
  assert.equal(csv[0], 'member,kind,code,message');
  assert.deepEqual(csv.slice(1).map((line) => line.split(',').slice(0, 3).join(',')).sort(), [`${MEMBERS[1]},service,50006`, `${MEMBERS[3]},service,50006`]);
});

test('a CSV file chosen in the page: pinned, a refused row listed and downloaded', STEP, async () => {
  const text = 'fromAccount,type,id\nalice,group,g1\nbob,c2c,alice\nalice,c2c,bob\ncarol,room,x\n';
  await page.setInputFiles('#csv-file', { name: 'pins.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.waitForFunction(() => /rows of/.test(document.getElementById('csv-summary').textContent));
  assert.equal(await page.textContent('#csv-summary'), '4 rows of 3 users: 3 requests of up to 50.');
  await run('#csv-pin');
  assert.deepEqual([await count('Succeeded'), await count('Failed')], [2, 1]);
  const { pinned } = await control('state');
  assert.deepEqual(pinned.alice, [{ Type: 2, GroupId: 'g1' }, { Type: 1, To_Account: 'bob' }]);
  assert.deepEqual(pinned.bob, [{ Type: 1, To_Account: 'alice' }]);
  const csv = (await downloaded()).trim().split('\r\n');
  assert.equal(csv[0], 'line,fromAccount,type,id,kind,code,message');
  assert.match(csv[1], /^5,carol,room,x,invalid-request,0,/);
});

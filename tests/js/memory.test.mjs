// Calls give back every wasm-bindgen table slot they take: a long-running admin server must not grow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatAdmin } from '../../pkg/node.js';
import { initSync } from '../../pkg/tencent_chat_admin.js'; // the glue node.js loads

// Already initialised by node.js: initSync hands back the same instance's exports.
const wasm = initSync({ module: new Uint8Array() });
const held = () => {
  const table = wasm.__wbindgen_externrefs;
  let n = 0;
  for (let i = 0; i < table.length; i++) if (table.get(i) !== null) n += 1;
  return n;
};

const KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e';
const answer = (code) => new Response(JSON.stringify({ ActionStatus: code ? 'FAIL' : 'OK', ErrorCode: code, ErrorInfo: '' }), { status: 200 });
const request = { fromAccount: 'alice', conversations: [{ type: 'c2c', toAccount: 'bob' }] };

async function slotsPerCall(call, n = 100) {
  await call();
  const before = held();
  for (let i = 0; i < n; i++) await call();
  return (held() - before) / n;
}

test('single calls, failing calls and bulk items hold no table slot afterwards', async () => {
  let code = 0;
  const admin = new ChatAdmin({ sdkAppId: 1400000000, identifier: 'administrator', secretKey: KEY, endpoint: 'http://127.0.0.1:9', retry: false, fetch: async () => answer(code) });
  assert.equal(await slotsPerCall(() => admin.pinConversations(request)), 0);
  code = 50002;
  assert.equal(await slotsPerCall(() => admin.pinConversations(request).catch(() => {})), 0);
  code = 0;
  assert.equal(await slotsPerCall(() => admin.pinConversationsBulk(Array(10).fill(request), { concurrency: 3 }), 20), 0);
  assert.equal(await slotsPerCall(() => admin.pinConversations({}).catch(() => {})), 0);
});

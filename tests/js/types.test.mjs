// The published typings: tests/js/types/usage.ts type-checks under --strict (its @ts-expect-error lines prove
// wrong shapes are refused), and the public .d.ts files hold no `any`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = join(root, 'pkg');
const tsconfig = join(root, 'tests/js/types/tsconfig.json');
const tsc = join(root, 'node_modules/.bin/tsc');

/** Runs tsc on a project; returns { ok, output }. */
function typecheck(project) {
  try {
    execFileSync(tsc, ['-p', project, '--noEmit', '--strict'], { encoding: 'utf8', timeout: 60_000 });
    return { ok: true, output: '' };
  } catch (err) {
    return { ok: false, output: `${err.stdout}${err.stderr}` };
  }
}

/** Type-checks `source` in a throw-away project that extends tests/js/types/tsconfig.json with `compilerOptions`. */
function typecheckSnippet(source, compilerOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tca-types-'));
  try {
    writeFileSync(join(dir, 'snippet.ts'), source);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: tsconfig, compilerOptions, files: ['snippet.ts'] }));
    return typecheck(join(dir, 'tsconfig.json'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const snapshot = (dir) => readdirSync(dir, { recursive: true }).sort().map((f) => `${f} ${statSync(join(dir, f)).mtimeMs}`);

test('usage.ts type-checks with --strict, and pkg/ is left untouched', () => {
  const before = snapshot(pkg);
  const { ok, output } = typecheck(tsconfig);
  assert.ok(ok, output);
  assert.deepEqual(snapshot(pkg), before);
});

test('the public .d.ts files have no `any`, and the wasm-bindgen init section is cut out', () => {
  const stripComments = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
  for (const name of ['index.d.ts', 'chat-error.d.ts', 'tencent_chat_admin.d.ts', 'emulator.d.ts']) {
    const text = readFileSync(join(pkg, name), 'utf8');
    const hits = stripComments(text).split('\n').filter((line) => /\bany\b/.test(line));
    assert.deepEqual(hits, [], `${name} uses any`);
    // The init section names DOM types (RequestInfo, BufferSource) that a Node-only project lacks.
    assert.doesNotMatch(text, /InitInput|InitOutput|initSync|RequestInfo/, name);
  }
});

test('the per-call options argument may be left out', () => {
  const { ok, output } = typecheckSnippet(`
    import { ChatAdmin, pinConversations, type ClientOptions } from 'tencent-chat-admin';
    const options: ClientOptions = { sdkAppId: 1, identifier: 'a', secretKey: 'k', region: 'china' };
    const request = { fromAccount: 'alice', conversations: [{ type: 'c2c' as const, toAccount: 'bob' }] };
    const admin = new ChatAdmin(options);
    export const calls = [admin.pinConversations(request), admin.unpinConversations(request), admin.pinConversationsBulk([request]), pinConversations(options, request)];
  `);
  assert.ok(ok, output);
});

test('the typings compile without ESNext.Disposable (lib ES2022 + DOM, skipLibCheck off)', () => {
  const { ok, output } = typecheckSnippet(`import { genUserSig } from 'tencent-chat-admin';\nexport const f = genUserSig;\n`, { lib: ['ES2022', 'DOM'] });
  assert.ok(ok, output);
});

test("the README's Node examples (quick start, emulator, every method) type-check under --strict as written", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  // The ESM blocks, the bulk one too (its generator makes conversations with group(): no `as const` needed).
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
    .filter((code) => /from 'tencent-chat-admin'/.test(code));
  assert.ok(blocks.length >= 7, `${blocks.length} blocks`);
  // Node's typing of process.env (@types/node's NodeJS.ProcessEnv): a variable may be unset.
  const node = 'declare const process: { env: { [name: string]: string | undefined } };\n';
  const paths = { 'tencent-chat-admin': [join(pkg, 'index.d.ts')], 'tencent-chat-admin/emulator': [join(pkg, 'emulator.d.ts')] };
  for (const code of blocks) {
    // Each a module of its own (top-level await).
    const { ok, output } = typecheckSnippet(`${node}${code}\nexport {};\n`, { paths });
    assert.ok(ok, `${output}\n${code}`);
  }
});

test('onRetry and retry as a number are typed; client options are not per-call options', () => {
  const { ok, output } = typecheckSnippet(`
    import { ChatAdmin, type RetryInfo } from 'tencent-chat-admin';
    const admin = new ChatAdmin({ sdkAppId: 1, identifier: 'a', secretKey: 'k', region: 'china', retry: 2 });
    const request = { fromAccount: 'alice', conversations: [{ type: 'c2c' as const, toAccount: 'bob' }] };
    const log = ({ attempt, error, delayMs }: RetryInfo): void => void [attempt + delayMs, error.code];
    export const calls = [
      admin.pinConversations(request, { onRetry: log }),
      // @ts-expect-error timeoutMs is a client option
      admin.pinConversations(request, { timeoutMs: 100 }),
      // @ts-expect-error bulk runs take no onRetry
      admin.pinConversationsBulk([request], { onRetry: log }),
    ];
  `);
  assert.ok(ok, output);
});

// The npm page's README (scripts/npm-readme.mjs, as the build writes pkg/README.md): repository-only parts gone,
// relative links absolute, and the package's manifest says where the repository, its home and its issues are.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { npmReadme, repositoryWebUrl } from '../../scripts/npm-readme.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const WEB = 'https://github.com/o/n';

test('relative links and images point into the repository; anchors, URLs and code blocks stay', () => {
  const readme = [
    'See [the emulator](emulator/README.md), [bench](./bench/README.md#size) and [up](#api).',
    '![shot](www/screenshot.png) [site](https://example.com/x) [mail](mailto:a@b.c) [abs](/LICENSE)',
    '```md',
    '[not a link](emulator/README.md)',
    '```',
    '<!-- repo-only -->',
    '## Developing [x](tests/README.md)',
    '<!-- /repo-only -->',
    'end',
  ].join('\n');
  assert.equal(
    npmReadme(readme, WEB),
    [
      `See [the emulator](${WEB}/blob/main/emulator/README.md), [bench](${WEB}/blob/main/bench/README.md#size) and [up](#api).`,
      `![shot](${WEB}/raw/main/www/screenshot.png) [site](https://example.com/x) [mail](mailto:a@b.c) [abs](${WEB}/blob/main/LICENSE)`,
      '```md',
      '[not a link](emulator/README.md)',
      '```',
      'end',
    ].join('\n'),
  );
});

test("the repository's web address from package.json's repository field", () => {
  assert.equal(repositoryWebUrl({ type: 'git', url: 'git+https://github.com/o/n.git' }), WEB);
  assert.equal(repositoryWebUrl('https://github.com/o/n'), WEB);
  assert.throws(() => repositoryWebUrl(undefined), /no repository url/);
});

test('the built package: repository, homepage and bugs, and no relative link left in its README', { skip: !existsSync(join(ROOT, 'pkg/README.md')) && 'pkg/ is not built' }, () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'pkg/package.json'), 'utf8'));
  const web = repositoryWebUrl(manifest.repository);
  assert.match(web, /^https:\/\//);
  assert.equal(manifest.homepage, `${web}#readme`);
  assert.equal(manifest.bugs.url, `${web}/issues`);
  const prose = readFileSync(join(ROOT, 'pkg/README.md'), 'utf8').replace(/```[\s\S]*?```/g, '');
  const relative = [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z][a-z0-9+.-]*:|^#/i.test(t));
  assert.deepEqual(relative, []);
  assert.doesNotMatch(prose, /repo-only/);
});

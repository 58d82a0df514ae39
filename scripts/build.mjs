// Builds the npm package in pkg/: the wasm (release), wasm-bindgen --target web, wasm-opt -Oz, then the
// files from pkg-template/ with the runtime snippet's path filled in. Usage: node scripts/build.mjs [--skip-setup]
// `npm start` runs this on a fresh clone before any npm package is installed: only Node's built-ins are imported
// at the top, npm packages (terser, esbuild) once scripts/setup.sh has run (tests/scripts/fresh-clone.test.mjs checks it).
// Importing this file does nothing; build() does the work.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain } from './is-main.mjs';
import { npmReadme, repositoryWebUrl } from './npm-readme.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

/** The files under `dir` whose path ends with `suffix`. */
const find = (dir, suffix) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? find(path, suffix) : path.endsWith(suffix) ? [path] : [];
  });

/** Builds pkg/; runs scripts/setup.sh first unless `setup` is false (the toolchain is known to be there). */
export async function build({ setup = true } = {}) {
  if (setup) run('bash', ['scripts/setup.sh']);
  // Installed by setup: imported only now, so that a fresh clone gets as far as running setup.
  const { minify } = await import('terser');
  const { build: bundle } = await import('esbuild');
  rmSync(pkg, { recursive: true, force: true });
  const { runtimePath } = bindgen([], pkg, 'tencent_chat_admin');

  // The limits and option names, from the core's own constants (a native run: the code that writes them stays out
  // of the wasm).
  const limits = execFileSync('cargo', ['run', '--quiet', '--example', 'limits'], { cwd: root, encoding: 'utf8' }).trim();
  JSON.parse(limits);
  writeFileSync(join(pkg, 'limits.js'), `// The package's limits and option names (src/core/limits.rs), written by the build.\nexport default ${limits};\n`);

  // The package version is the crate's.
  const [, version] = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"$/m);
  const template = join(root, 'pkg-template');
  // The command line's dependencies (pkg/cli/ only: nothing a page loads) at the versions the tests ran with.
  const devDependencies = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies;
  const fill = (text, runtime) =>
    text
      .replaceAll('__RUNTIME__', runtime)
      .replaceAll('__VERSION__', version)
      .replace(/__DEP_([\w-]+)__/g, (_, dep) => devDependencies[dep] ?? fail(`build: ${dep} is not a devDependency`));
  for (const name of readdirSync(template)) {
    if (!statSync(join(template, name)).isDirectory()) writeFileSync(join(pkg, name), fill(readFileSync(join(template, name), 'utf8'), runtimePath));
  }
  // The sign-only build, `tencent-chat-admin/usersig`: the same crate without its `client` feature, so its wasm
  // has genUserSig, verifyUserSig and decodeUserSig alone; its own entries, the same ChatError class.
  const usersig = join(pkg, 'usersig');
  const signOnly = bindgen(['--no-default-features'], usersig, 'usersig');
  for (const name of readdirSync(join(template, 'usersig'))) {
    writeFileSync(join(usersig, name), fill(readFileSync(join(template, 'usersig', name), 'utf8'), signOnly.runtimePath));
  }
  // `tencent-chat-admin/callbacks`, the webhook handler, as written: servers load it, never a page (nothing imports it
  // from a browser entry).
  cpSync(join(template, 'callbacks'), join(pkg, 'callbacks'), { recursive: true });
  // A page loads one JS file: each browser entry bundled with the glue, the snippets, client.js and the limits
  // (esbuild), then minified (terser: names shortened, comments gone). Against the modules as separate minified
  // files this saves two round trips of the module graph before the .wasm is requested, and 1.3 KB of gzip. Node
  // loads the modules as written (node.js beside them), so that an uncaught error shows a readable source line;
  // the .d.ts files carry the API's documentation.
  for (const entry of [join(pkg, 'index.js'), join(usersig, 'index.js')]) {
    const bundled = await bundle({ entryPoints: [entry], bundle: true, format: 'esm', write: false, logLevel: 'silent' });
    const [output] = bundled.outputFiles;
    // The bundle turns classes into renamed expressions: client.js and chat_error.js set the public classes' names.
    const options = { module: true, compress: true, mangle: true, format: { comments: false } };
    writeFileSync(entry, (await minify(output.text, options)).code);
  }
  // The npm page is the repository README less its repository-only parts, its links made absolute
  // (scripts/npm-readme.mjs); the license and the emulator (for users' own tests: `tencent-chat-admin/emulator`)
  // travel with the package.
  const { repository } = JSON.parse(readFileSync(join(template, 'package.json'), 'utf8'));
  writeFileSync(join(pkg, 'README.md'), npmReadme(readFileSync(join(root, 'README.md'), 'utf8'), repositoryWebUrl(repository)));
  writeFileSync(join(pkg, 'LICENSE'), readFileSync(join(root, 'LICENSE')));
  mkdirSync(join(pkg, 'emulator'));
  for (const name of readdirSync(join(root, 'emulator'))) {
    if (name.endsWith('.mjs') || name === 'README.md') writeFileSync(join(pkg, 'emulator', name), readFileSync(join(root, 'emulator', name)));
  }
  chmodSync(join(pkg, 'emulator', 'server.mjs'), 0o755);
  // The command line (`npx tencent-chat-admin`), as written: Node loads it, never a page.
  cpSync(join(root, 'cli'), join(pkg, 'cli'), { recursive: true });
  chmodSync(join(pkg, 'cli', 'main.mjs'), 0o755);
  if (!existsSync(join(pkg, 'index.d.ts'))) throw new Error('build: pkg-template was not copied');
  const size = (f) => statSync(join(pkg, f)).size;
  console.log(`build: pkg/ ready (wasm ${size('tencent_chat_admin_bg.wasm')} B, index.js ${size('index.js')} B;`
    + ` usersig/: wasm ${size('usersig/usersig_bg.wasm')} B, index.js ${size('usersig/index.js')} B)`);
}

/**
 * Builds the crate's wasm with `features` (cargo arguments) and writes it to `out` through wasm-bindgen
 * (`--target web`, files named `name`) and wasm-opt, its `.d.ts` made fit for the entries. Returns the path of the
 * ChatError snippet from `out`, as the entries import it.
 */
function bindgen(features, out, name) {
  // Only the cdylib: built next to the rlib (Cargo.toml lists both, for the tests), the wasm keeps std's
  // panic hook and with it all of core::fmt, about 6 KB of gzip.
  run('cargo', ['rustc', '--release', '--lib', '--target', 'wasm32-unknown-unknown', '--crate-type', 'cdylib', ...features]);
  const wasm = join(root, 'target/wasm32-unknown-unknown/release/tencent_chat_admin.wasm');
  run('wasm-bindgen', ['--target', 'web', '--out-dir', out, '--out-name', name, wasm]);
  const bg = join(out, `${name}_bg.wasm`);
  // --low-memory-unused: Rust never forms an address in the first 1 KB that it then uses, so constant offsets fold
  // into loads and stores; --merge-similar-functions (then -Oz again): functions that differ only in constants
  // become one. Together 500 B of gzip less.
  const opt = ['--low-memory-unused', '-Oz', '--flatten', '--rereloop', '-Oz', '--merge-similar-functions', '-Oz'];
  run(join(root, 'node_modules/.bin/wasm-opt'), [...opt, '--strip-debug', '--strip-producers', bg, '-o', bg]);

  // The snippet folder's name holds a hash; find chat_error.js (the ChatError class) in it.
  const [runtime] = find(join(out, 'snippets'), join('wasm', 'chat_error.js'));
  if (!runtime) throw new Error(`build: the chat_error.js snippet is missing from ${relative(root, out)}/snippets`);
  const runtimePath = './' + relative(out, runtime).split('\\').join('/');

  // The types: `[Symbol.dispose]` needs TypeScript's disposable lib whatever the user's settings, and
  // wasm-bindgen's init section (which the entries do not export) names DOM types that a Node-only project
  // lacks, so it is cut.
  const dts = join(out, `${name}.d.ts`);
  const types = readFileSync(dts, 'utf8');
  const init = types.indexOf('export type InitInput');
  if (init === -1) throw new Error('build: the wasm-bindgen init section was not found in the .d.ts');
  writeFileSync(dts, '/// <reference lib="esnext.disposable" />\n' + types.slice(0, init));
  return { runtimePath };
}

function fail(message) {
  throw new Error(message);
}

if (isMain(import.meta.url)) await build({ setup: !process.argv.includes('--skip-setup') });

// `accounts import|check|delete`: accounts from arguments or a file (one UserID a line; for import also JSON
// Lines of { userId, nick?, faceUrl? }). Per-account results are printed whole; any account the service did not
// do makes the exit code 1.
import { CONNECTION_HELP, parse, subcommand } from '../args.mjs';
import { connect } from '../connection.mjs';
import { EXIT, UsageError, usageFrom } from '../errors.mjs';
import { cell, parseJson, prose, quote, readSource, writeJson, writeTable, writeText } from '../output.mjs';

const SOURCE_HELP = `Accounts: UserIDs as arguments, or --file PATH (- for stdin) with one a line (blank lines skipped).`;
const OBJECT_HELP = `For import a line may also be a JSON object { "userId": "ID", "nick": "…", "faceUrl": "…" } (nick and
faceUrl optional, each at most 500 bytes).`;
const COMMON_HELP = `  --file PATH           read the accounts from PATH (- for stdin) instead of arguments
  --json                print the result as JSON`;

const HELP = {
  accounts: `Usage: tencent-chat-admin accounts import|check|delete [ID...] [--file PATH|-] [flags]

  accounts import (ID... | --file PATH)         import accounts (v4/im_open_login_svc/multiaccount_import)
  accounts check (ID... | --file PATH)          whether each is imported (account_check)
  accounts delete (ID... | --file PATH) --yes   delete them (account_delete; destructive)

Up to 10,000 accounts a run, sent 100 a request.
Run tencent-chat-admin accounts <import|check|delete> --help for each.`,
  import: `Usage: tencent-chat-admin accounts import (ID... | --file PATH|-) [--json]

Imports accounts; importing one again is harmless. A UserID with a comma or white space in it (x1,x2 given as
one) is a usage error, and nothing is imported: give each UserID as its own argument, or one a line.

${COMMON_HELP}

${SOURCE_HELP}
${OBJECT_HELP}
Output: a table (USER, RESULT) or with --json { imported: [UserID], failed: [UserID] }. Exit 1 when the service
did not import some (failed), with the whole result still on stdout.

${CONNECTION_HELP}`,
  check: `Usage: tencent-chat-admin accounts check (ID... | --file PATH|-) [--json]

Tells whether each account is imported.

${COMMON_HELP}

${SOURCE_HELP}
Output: a table (USER, STATUS, CODE, INFO) or with --json [{ userId, imported, code, info }]. Exit 1 when the
service could not check some (a code other than 0), with the whole result still on stdout.

${CONNECTION_HELP}`,
  delete: `Usage: tencent-chat-admin accounts delete (ID... | --file PATH|-) --yes [--json]

Deletes accounts: destructive (their relations, profile, groups and conversations go). Without --yes it only says
what it would delete (exit 2).

  --yes                 delete them
${COMMON_HELP}

${SOURCE_HELP}
Output: a table (USER, RESULT, CODE, INFO) or with --json [{ userId, code, info }]. Exit 1 when some were not
deleted (a code other than 0; 70107: no such account), with the whole result still on stdout.

${CONNECTION_HELP}`,
};

const allZero = (results) => results.every((r) => r.code === 0);
const SUBCOMMANDS = {
  import: { call: (admin, ...a) => admin.importAccounts(...a), table: importTable, done: (r) => r.failed.length === 0 },
  check: { call: (admin, ...a) => admin.checkAccounts(...a), table: checkTable, done: allZero },
  delete: { call: (admin, ...a) => admin.deleteAccounts(...a), table: deleteTable, done: allZero },
};

export async function run(_name, argv, io) {
  const { sub, rest, help } = subcommand(argv, Object.keys(SUBCOMMANDS), { command: 'accounts', help: HELP.accounts });
  if (help) return writeText(io, help);
  const options = { file: { type: 'string' }, json: { type: 'boolean' }, ...(sub === 'delete' ? { yes: { type: 'boolean' } } : {}) };
  const args = parse(rest, { options, positionals: [0, Infinity], connection: true, help: HELP[sub] });
  if (args.help) return writeText(io, args.help);
  const { values } = args;
  const sources = await accountsFrom(args.positionals, values.file, sub === 'import', io);
  if (sub === 'delete' && !values.yes) {
    const n = sources.length;
    throw new UsageError(`accounts delete would delete ${n} account${n === 1 ? '' : 's'} (${few(sources.map((s) => s.item))}); add --yes to delete them`);
  }
  const { call, table, done } = SUBCOMMANDS[sub];
  const admin = connect(values, io.env);
  let result;
  try {
    result = await call(admin, sources.map((s) => s.item), { signal: io.signal });
  } catch (err) {
    if (err?.partial) partialFailure(io, err.partial, table, values.json);
    throw usageFrom(err, (field) => whereIs(field, sources, values.file));
  } finally {
    admin.free();
  }
  if (values.json) writeJson(io, result);
  else table(io, result);
  return done(result) ? EXIT.ok : EXIT.refused;
}

/**
 * The accounts as [{ item, where }]: `where` names the argument or file line for errors. From a file, blank lines
 * are skipped; a line starting with `{` is a JSON account for import, and refused for check and delete.
 */
async function accountsFrom(positionals, file, allowObjects, io) {
  if (file !== undefined && positionals.length > 0) {
    throw new UsageError(`give the accounts as arguments or with --file, not both (${positionals.length} argument${positionals.length === 1 ? '' : 's'} given)`);
  }
  if (file === undefined) {
    if (positionals.length === 0) throw new UsageError('missing the accounts: UserIDs as arguments, or --file PATH (- for stdin)');
    const sources = positionals.map((item, i) => ({ item, where: `argument ${i + 1}` }));
    if (allowObjects) for (const source of sources) refuseList(source, 'give each UserID as its own argument', true);
    return sources;
  }
  const name = fileName(file);
  const text = await readSource(io, file, '--file');
  const sources = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const where = `${name} line ${i + 1}`;
    const source = { item: line.startsWith('{') ? accountObject(line, where, allowObjects) : line, where };
    if (allowObjects) refuseList(source, 'one UserID a line');
    sources.push(source);
  }
  if (sources.length === 0) throw new UsageError(`${name}: no accounts in it`);
  return sources;
}

/**
 * accounts import: a UserID with a comma or white space in it is refused (UsageError), not created: it is a list
 * given as one (`x1,x2,x3`), `fix` says how to give it (`showFix`: and the command with the list split). A JSON account ({ "userId": ... }) is taken as written.
 */
function refuseList({ item, where }, fix, showFix = false) {
  if (typeof item !== 'string' || !/[\s,]/.test(item)) return;
  const parts = item.split(/[\s,]+/).filter(Boolean);
  const example = showFix && parts.length > 1 ? `: accounts import ${parts.slice(0, 5).map((id) => cell(id)).join(' ')}${parts.length > 5 ? ' …' : ''}` : '';
  throw new UsageError(`${where} ${quote(item)}: a UserID with a comma or white space is not imported: ${fix}${example}`);
}

function accountObject(line, where, allowObjects) {
  if (!allowObjects) throw new UsageError(`${where}: a JSON object is for accounts import; check and delete take one UserID a line`);
  return parseJson(line, where); // an object: the line starts with {
}

/**
 * Where the package's refusal of `field` comes from: `userIds[3]` / `accounts[3]` → that argument or file line;
 * the list as a whole (`userIds must list at most 10000`) → the file or the arguments.
 */
function whereIs(field, sources, file) {
  const index = /^(?:accounts|userIds)\[(\d+)\]/.exec(field)?.[1];
  if (index !== undefined) return sources[index]?.where;
  if (field !== 'accounts' && field !== 'userIds') return undefined;
  return file === undefined ? 'the arguments' : fileName(file);
}

const fileName = (file) => (file === '-' ? '--file - (stdin)' : `--file ${file}`);

/** A call stopped by a failed batch: what the batches before it gave, printed as a whole result would be. */
function partialFailure(io, partial, table, json) {
  if (json) return writeJson(io, { results: partial.results, notDone: partial.notDone });
  table(io, partial.results);
  io.stderr.write(`tencent-chat-admin: ${partial.notDone.length} accounts not known to be done: ${few(partial.notDone)}\n`);
}

/** The first few UserIDs of a list, for a message. */
function few(ids) {
  return ids.slice(0, 5).map((id) => cell(id)).join(', ') + (ids.length > 5 ? ', …' : '');
}

/** Each sub-command's table, and whether every account was done. */
function importTable(io, { imported, failed }) {
  const rows = [...imported.map((id) => [id, 'imported']), ...failed.map((id) => [id, 'failed'])];
  writeTable(io, [{ title: 'USER', value: (r) => cell(r[0]) }, { title: 'RESULT', value: (r) => r[1] }], rows);
  writeText(io, `${imported.length} imported, ${failed.length} failed`);
}

function checkTable(io, checks) {
  writeTable(io, [
    { title: 'USER', value: (c) => cell(c.userId) },
    { title: 'STATUS', value: (c) => (c.code !== 0 ? 'error' : c.imported ? 'imported' : 'not imported') },
    { title: 'CODE', value: (c) => c.code || '' },
    { title: 'INFO', value: (c) => prose(c.info) },
  ], checks);
}

function deleteTable(io, deletions) {
  writeTable(io, [
    { title: 'USER', value: (d) => cell(d.userId) },
    { title: 'RESULT', value: (d) => (d.code === 0 ? 'deleted' : d.code === 70107 ? 'no such account' : 'failed') },
    { title: 'CODE', value: (d) => d.code || '' },
    { title: 'INFO', value: (d) => prose(d.info) },
  ], deletions);
  const done = deletions.filter((d) => d.code === 0).length;
  writeText(io, `${done} deleted, ${deletions.length - done} not`);
}

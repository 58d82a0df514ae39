// The Members panel: a group's member count (get_group_member_info through request()), the group pinned (or unpinned)
// for all its members (ChatAdmin.pinGroupForMembers: a request a member, paced), and bulk pins from a CSV file
// chosen in the page (pinConversationsBulk). The CSV reader, csv-parse, is loaded only when a file is chosen, so it
// adds nothing to what the page loads first. Runs show their progress, result and failures' CSV (bulk-run.js).
import { busy, runBulk } from './bulk-run.js';
import { showFieldError } from './fields.js';
import { setError } from './run-call.js';

const $ = (id) => document.getElementById(id);
/** Conversations one pin request may name: a user's rows go into requests of up to this many. */
const PER_REQUEST = 50;
const PROGRESS_MS = 100;

/** The Unix seconds of a datetime-local value (the page's time zone), or undefined when empty. */
const seconds = (value) => (value ? Math.floor(new Date(value).getTime() / 1000) : undefined);

/** The group pin's options from the form. */
function filters() {
  const excludeRoles = [...($('gm-no-owner').checked ? ['owner'] : []), ...($('gm-no-admins').checked ? ['admin'] : [])];
  const joinedAfter = seconds($('gm-joined').value);
  return { ...(excludeRoles.length ? { excludeRoles } : {}), ...(joinedAfter !== undefined ? { joinedAfter } : {}) };
}

/** A refused argument, by the input it names: the group's own fields here, the connection's in Connection. */
function showRefusal(error) {
  const field = String(error?.field ?? '').split(/[.[]/)[0];
  const own = { groupId: ['gm-group', 'err-gm-group'], joinedAfter: ['gm-joined', 'err-gm-joined'], excludeRoles: ['gm-no-owner', 'err-gm-joined'] }[field];
  if (error?.kind !== 'invalid-request') return;
  if (!own) return void showFieldError(error)?.focus();
  setError($(own[0]), own[1], error.message);
  $(own[0]).focus();
}

/** Reads a CSV file of fromAccount,type,id rows into pin requests (a user's rows merged, 50 a request). */
async function readCsv(file) {
  const { parse } = await import('/vendor/csv-parse.js');
  const records = parse(await file.text(), {
    columns: (names) => names.map((name) => name.trim().toLowerCase()), skip_empty_lines: true, trim: true, info: true, bom: true,
  });
  const missing = ['fromaccount', 'type', 'id'].filter((name) => records.length && !(name in records[0].record));
  if (missing.length) throw new Error(`the header must name fromAccount, type and id (missing: ${missing.join(', ')})`);
  const byUser = new Map();
  for (const { record, info } of records) {
    const list = byUser.get(record.fromaccount) ?? [];
    list.push({ type: record.type, id: record.id, line: info.lines });
    byUser.set(record.fromaccount, list);
  }
  const requests = [];
  const rowsOf = new WeakMap();
  for (const [fromAccount, rows] of byUser) {
    for (let i = 0; i < rows.length; i += PER_REQUEST) {
      const chunk = rows.slice(i, i + PER_REQUEST);
      const conversations = chunk.map(({ type, id }) => (type === 'group' ? { type, groupId: id } : { type, toAccount: id }));
      const request = { fromAccount, conversations };
      rowsOf.set(request, chunk);
      requests.push(request);
    }
  }
  return { requests, rowsOf, rows: records.length, users: byUser.size };
}

/** `newClient()` makes a ChatAdmin from Connection; `afterCall()` runs after each run (the emulator panel). */
export function setUpMembers({ newClient, afterCall }) {
  const group = $('gm-group');
  let csv = null;

  /** Runs `run(client, { signal, onProgress })` as a bulk run, the client freed after. */
  async function bulk(operation, summary, run, failureShape) {
    if (busy()) return;
    let client;
    try {
      client = newClient();
      await runBulk({ operation, summary, afterCall, ...failureShape, start: (hooks) => run(client, hooks) });
    } catch (error) {
      showRefusal(error);
    } finally {
      client?.free();
    }
  }

  const member = {
    header: ['member', 'kind', 'code', 'message'],
    rows: (f) => [[f.request.fromAccount, f.error.kind, f.error.code, f.error.message]],
    cells: (f) => [f.request.fromAccount],
  };
  const forGroup = (operation) => () => {
    setError(group, 'err-gm-group', '');
    setError($('gm-joined'), 'err-gm-joined', '');
    const groupId = group.value.trim();
    const method = operation === 'pin' ? 'pinGroupForMembers' : 'unpinGroupForMembers';
    const label = operation === 'pin' ? 'Pin for all members' : 'Unpin for all members';
    return bulk(label, `group ${groupId || '(none)'}`, (client, hooks) => client[method]({ groupId }, { ...filters(), ...hooks, progressIntervalMs: PROGRESS_MS }), member);
  };
  $('gm-pin').addEventListener('click', forGroup('pin'));
  $('gm-unpin').addEventListener('click', forGroup('unpin'));

  $('gm-count-button').addEventListener('click', async () => {
    setError(group, 'err-gm-group', '');
    $('gm-count').textContent = 'Counting…';
    let client;
    try {
      client = newClient();
      const answer = await client.request('group_open_http_svc/get_group_member_info', { GroupId: group.value.trim(), Limit: 1 });
      $('gm-count').textContent = `${answer.MemberNum} member${answer.MemberNum === 1 ? '' : 's'}`;
    } catch (error) {
      $('gm-count').textContent = '';
      if (error?.kind === 'invalid-request') showRefusal(error);
      else setError(group, 'err-gm-group', error?.message ?? String(error));
    } finally {
      client?.free();
    }
  });
  group.addEventListener('input', () => {
    setError(group, 'err-gm-group', '');
    $('gm-count').textContent = '';
  });

  const file = $('csv-file');
  file.addEventListener('change', async () => {
    setError(file, 'err-csv-file', '');
    $('csv-summary').textContent = '';
    csv = null;
    if (!file.files[0]) return;
    try {
      csv = await readCsv(file.files[0]);
      $('csv-summary').textContent = `${csv.rows} rows of ${csv.users} users: ${csv.requests.length} requests of up to ${PER_REQUEST}.`;
    } catch (error) {
      setError(file, 'err-csv-file', `${file.files[0].name}: ${error.message}`);
    }
  });
  const rowsOf = (f) => csv.rowsOf.get(f.request) ?? [];
  const conversations = {
    header: ['line', 'fromAccount', 'type', 'id', 'kind', 'code', 'message'],
    rows: (f) => rowsOf(f).map((row) => [row.line, f.request.fromAccount, row.type, row.id, f.error.kind, f.error.code, f.error.message]),
    cells: (f) => [...['line', 'fromAccount', 'type', 'id'].map((key) => [...new Set(rowsOf(f).map((row) => (key === 'fromAccount' ? f.request.fromAccount : row[key])))].join(', '))],
  };
  const fromCsv = (operation) => () => {
    if (!csv) {
      setError(file, 'err-csv-file', 'Choose a CSV file first (header fromAccount,type,id).');
      file.focus();
      return undefined;
    }
    const label = operation === 'pin' ? 'Pin from CSV' : 'Unpin from CSV';
    const summary = `${file.files[0]?.name ?? 'CSV'}: ${csv.rows} rows`;
    return bulk(label, summary, (client, hooks) => client.pinConversationsBulk(csv.requests, { operation, ...hooks, progressIntervalMs: PROGRESS_MS }), conversations);
  };
  $('csv-pin').addEventListener('click', fromCsv('pin'));
  $('csv-unpin').addEventListener('click', fromCsv('unpin'));
}

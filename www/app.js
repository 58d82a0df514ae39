// The admin dashboard: Connection, Pin / unpin, Results, the UserSig tool and (under `npm start`) the local emulator.
// Secrets (the secret key, UserSigs) live only in their inputs' values: never in storage, the URL, the DOM's text
// or the console. The package checks every input itself; its `invalid-request` errors are shown by the field.
import { ChatAdmin } from '/pkg/index.js';
import { clearFieldErrors, clearOnEdit, showFieldError } from './fields.js';
import { addResult, clearResults, outcomeOfError } from './results.js';
import { numberOrText, setUpUserSigTool } from './usersig-tool.js';
import { setUpEmulator } from './emulator-panel.js';
import { setUpConversations } from './conversations.js';
import { setUpAccounts } from './accounts.js';
import { setUpBulkRun } from './bulk-run.js';
import { setUpMembers } from './members.js';

const $ = (id) => document.getElementById(id);
const radio = (name) => document.querySelector(`input[name=${name}]:checked`).value;

// --- Connection -------------------------------------------------------------------------------------------------

function syncChoices() {
  const destination = radio('destination');
  const credential = radio('credential');
  for (const el of document.querySelectorAll('[data-destination]')) el.hidden = el.dataset.destination !== destination;
  for (const el of document.querySelectorAll('[data-credential]')) el.hidden = el.dataset.credential !== credential;
}

function setRadio(name, value) {
  document.querySelector(`input[name=${name}][value="${value}"]`).checked = true;
  syncChoices();
}

/** ClientOptions from the form, as typed: the package checks them. */
function clientOptions() {
  const options = {
    sdkAppId: numberOrText($('conn-sdkappid').value),
    identifier: $('conn-identifier').value.trim(),
    timeoutMs: numberOrText($('conn-timeout').value),
    retry: { retries: numberOrText($('conn-retries').value) },
  };
  if (radio('destination') === 'region') {
    options.region = $('conn-region').value;
    if ($('conn-backup').checked) options.useBackupDomain = true;
  } else {
    options.endpoint = $('conn-endpoint').value.trim();
  }
  if (radio('credential') === 'secretKey') options.secretKey = $('conn-secretkey').value;
  else options.userSig = $('conn-usersig').value.trim();
  return options;
}

// --- Conversations ----------------------------------------------------------------------------------------------

let rowSerial = 0;

function renumberRows() {
  const rows = [...$('conv-list').children];
  rows.forEach((row, i) => {
    row.querySelector('[data-role=remove]').setAttribute('aria-label', `Remove conversation ${i + 1}`);
    row.querySelector('[data-role=remove]').disabled = rows.length === 1;
  });
  $('conv-count').textContent = `(${rows.length})`;
}

function syncRowType(row) {
  const group = row.querySelector('[data-role=type]').value === 'group';
  const input = row.querySelector('[data-role=id]');
  row.querySelector('label[for$="-id"]').textContent = group ? 'Group ID' : 'Peer UserID';
  input.setAttribute('list', group ? 'group-suggestions' : 'account-suggestions');
  input.placeholder = group ? 'GroupID' : 'UserID';
}

function addRow({ type = 'c2c', id = '' } = {}, focus = false) {
  const row = $('conv-row').content.firstElementChild.cloneNode(true);
  const n = ++rowSerial;
  const select = row.querySelector('[data-role=type]');
  const input = row.querySelector('[data-role=id]');
  const error = row.querySelector('[data-role=error]');
  select.id = `conv-${n}-type`;
  input.id = `conv-${n}-id`;
  error.id = `conv-${n}-error`;
  row.querySelector('label[data-for=type]').htmlFor = select.id;
  row.querySelector('label[data-for=id]').htmlFor = input.id;
  select.setAttribute('aria-describedby', error.id);
  input.setAttribute('aria-describedby', error.id);
  select.value = type;
  input.value = id;
  syncRowType(row);
  select.addEventListener('change', () => {
    syncRowType(row);
    clearOnEdit(select);
  });
  input.addEventListener('input', () => clearOnEdit(input));
  row.querySelector('[data-role=remove]').addEventListener('click', () => {
    const next = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    renumberRows();
    next?.querySelector('[data-role=id]').focus();
  });
  $('conv-list').append(row);
  renumberRows();
  if (focus) input.focus();
}

function conversations() {
  return [...$('conv-list').children].map((row) => {
    const type = row.querySelector('[data-role=type]').value;
    const id = row.querySelector('[data-role=id]').value.trim();
    return type === 'group' ? { type, groupId: id } : { type, toAccount: id };
  });
}

// --- Calls ------------------------------------------------------------------------------------------------------

let busy = null; // the AbortController of the call in flight
let emulator = null; // the emulator panel under npm start: { refresh, requestCount, clearFaults }

/** What a request names: "alice: c2c bob, group announcements". */
function describeRequest({ fromAccount, conversations: list }) {
  const names = list.map((c) => `${c.type} ${c.type === 'group' ? c.groupId : c.toAccount}`.trim());
  const shown = names.length > 4 ? [...names.slice(0, 4), `${names.length - 4} more`] : names;
  return `${fromAccount || '(no user)'}: ${shown.join(', ') || 'no conversations'}`;
}

/** What the emulator saw of a call that it answered `received` requests for, and the uses of a fault left unused. */
function emulatorNote(received, attempts, dropped) {
  const notes = [];
  if (received > attempts) {
    notes.push(
      `The emulator received ${received} requests for the ${attempts} attempt${attempts === 1 ? '' : 's'} the package made: ` +
        'when a connection is dropped before any answer, the browser sends the request again on a new connection ' +
        'by itself, and the package sees only the outcome of the last one.',
    );
  }
  if (dropped > 0) notes.push(`${dropped} unused use${dropped === 1 ? '' : 's'} of the queued fault ${dropped === 1 ? 'was' : 'were'} dropped: a fault applies to one call.`);
  return notes.join(' ') || undefined;
}

async function call(operation) {
  if (busy) return;
  clearFieldErrors();
  const request = { fromAccount: $('pin-from').value.trim(), conversations: conversations() };
  const base = { operation: operation === 'pin' ? 'Pin' : 'Unpin', summary: describeRequest(request), at: new Date() };
  const started = performance.now();
  const controller = new AbortController();
  busy = controller;
  $('pin-busy').textContent = operation === 'pin' ? 'Pinning…' : 'Unpinning…';
  for (const b of [$('pin-button'), $('unpin-button')]) b.setAttribute('aria-disabled', 'true');
  $('cancel-button').hidden = false;
  const before = await emulator?.requestCount().catch(() => undefined);
  let client;
  let outcome;
  try {
    client = new ChatAdmin(clientOptions());
    const options = { signal: controller.signal };
    const result =
      operation === 'pin' ? await client.pinConversations(request, options) : await client.unpinConversations(request, options);
    outcome = {
      ...base,
      ok: true,
      code: result.errorCode,
      info: result.errorInfo,
      requestId: result.requestId,
      attempts: result.attempts,
      ms: performance.now() - started,
    };
    $('pin-busy').textContent = `${base.operation}: done.`;
  } catch (error) {
    outcome = outcomeOfError(error, { ...base, ms: performance.now() - started });
    $('pin-busy').textContent =
      outcome.kind === 'aborted' ? `${base.operation}: cancelled.` : `${base.operation}: failed (${outcome.kind}${outcome.code ? ` ${outcome.code}` : ''}).`;
    if (outcome.kind === 'invalid-request') {
      const input = showFieldError(error);
      input?.focus();
    }
  } finally {
    client?.free();
    $('cancel-button').hidden = true;
    for (const b of [$('pin-button'), $('unpin-button')]) b.removeAttribute('aria-disabled');
  }
  if (emulator) {
    const dropped = await emulator.clearFaults().catch(() => 0);
    const after = await emulator.requestCount().catch(() => undefined);
    if (before !== undefined && after !== undefined) outcome.note = emulatorNote(after - before, outcome.attempts ?? 0, dropped);
    emulator.refresh();
  }
  addResult(outcome);
  busy = null;
}

// --- Demo settings (served by npm start) ---------------------------------------------------------------------

function fillList(id, values) {
  $(id).replaceChildren(
    ...values.map((value) => {
      const option = document.createElement('option');
      option.value = value;
      return option;
    }),
  );
}

async function loadDemoConfig() {
  try {
    const response = await fetch('/demo-config.json', { cache: 'no-store' });
    if (!response.ok) return null;
    return await response.json();
  } catch {
    return null;
  }
}

function applyDemo(demo) {
  $('conn-endpoint').value = demo.proxyEndpoint;
  fillList('endpoint-suggestions', [demo.proxyEndpoint, demo.emulatorUrl]);
  $('conn-sdkappid').value = String(demo.sdkAppId);
  $('conn-identifier').value = demo.identifier;
  $('conn-secretkey').value = demo.secretKey;
  $('us-identifier').value = demo.identifier;
  fillList('account-suggestions', demo.accounts);
  fillList('group-suggestions', demo.groups);
  $('pin-from').value = demo.accounts[0];
  $('gm-group').value = demo.groups[0];
  $('cl-from').value = demo.accounts[0];
  addRow({ type: 'c2c', id: demo.accounts[1] });
  addRow({ type: 'group', id: demo.groups[0] });
}

// --- Start ------------------------------------------------------------------------------------------------------

async function main() {
  for (const input of document.querySelectorAll('input[name=destination], input[name=credential]')) {
    input.addEventListener('change', syncChoices);
  }
  for (const input of document.querySelectorAll('#connection-form input, #connection-form select, #connection-form textarea, #pin-from')) {
    input.addEventListener('input', () => clearOnEdit(input));
  }
  $('toggle-key').addEventListener('click', () => {
    const shown = $('conn-secretkey').type === 'text';
    $('conn-secretkey').type = shown ? 'password' : 'text';
    $('toggle-key').setAttribute('aria-pressed', String(!shown));
    $('toggle-key').textContent = shown ? 'Show' : 'Hide';
  });
  $('connection-form').addEventListener('submit', (event) => event.preventDefault());
  $('pin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    call(event.submitter?.value === 'unpin' ? 'unpin' : 'pin');
  });
  $('add-conv').addEventListener('click', () => addRow({}, true));
  $('cancel-button').addEventListener('click', () => busy?.abort(new Error('cancelled from the page')));
  $('clear-results').addEventListener('click', clearResults);
  setUpUserSigTool({
    adminIdentifier: () => $('conn-identifier').value.trim(),
    // The admin identifier is never changed here: a UserSig made for another account is refused by the tool.
    useInConnection(userSig) {
      $('conn-usersig').value = userSig;
      setRadio('credential', 'userSig');
    },
  });

  // After a panel's call, as after a pin: what is left of a queued fault is dropped, and the emulator panel refreshed.
  const afterCall = () => emulator?.clearFaults().catch(() => 0).then(() => emulator?.refresh());
  const panels = { newClient: () => new ChatAdmin(clientOptions()), afterCall };
  setUpConversations(panels);
  setUpAccounts(panels);
  setUpBulkRun();
  setUpMembers(panels);

  const demo = await loadDemoConfig();
  if (demo?.demo) {
    applyDemo(demo);
    emulator = setUpEmulator({ emulatorUrl: demo.emulatorUrl, user: () => $('pin-from').value.trim() });
    $('mode-badge').textContent = 'Demo · local emulator';
    $('mode-badge').className = 'badge badge-demo';
  } else {
    setRadio('destination', 'region');
    addRow();
    $('mode-badge').textContent = 'Ready';
    $('mode-badge').className = 'badge badge-ok';
  }
  syncChoices();
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  $('mode-badge').textContent = `The page could not start: ${error.message}`;
  $('mode-badge').className = 'badge badge-err';
});

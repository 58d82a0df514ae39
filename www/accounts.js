// The Accounts panel: imports UserIDs (ChatAdmin.importAccounts, batches of 100 made by the package) and checks
// whether they are imported (checkAccounts). Every call also goes to Results.
import { runCall, setError } from './run-call.js';

const $ = (id) => document.getElementById(id);

/** The UserIDs typed, separated by commas, spaces or new lines. */
const userIds = () => $('acc-ids').value.split(/[\s,]+/).filter((id) => id !== '');

function cell(tag, text) {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

/** `newClient()` makes a ChatAdmin from Connection; `afterCall()` runs after each call (the emulator panel). */
export function setUpAccounts({ newClient, afterCall }) {
  const input = $('acc-ids');
  let busy = false;
  const showOwnError = (error) => {
    setError(input, 'err-acc-ids', error.message);
    input.focus();
  };

  async function call(operation, run) {
    if (busy) return { ok: false };
    busy = true;
    setError(input, 'err-acc-ids', '');
    const ids = userIds();
    const summary = `${ids.length} account${ids.length === 1 ? '' : 's'}`;
    const outcome = await runCall({ newClient, operation, summary, run: (c) => run(c, ids), ownFields: ['accounts', 'userIds'], showOwnError });
    busy = false;
    afterCall();
    return outcome;
  }

  $('acc-import').addEventListener('click', async () => {
    const { ok, result } = await call('Import accounts', (c, ids) => c.importAccounts(ids, {}));
    if (!ok) return;
    const imported = Array.isArray(result.imported) ? result.imported.length : result.imported;
    const failed = result.failed.length ? `; failed: ${result.failed.join(', ')}` : '; none failed';
    $('acc-output').replaceChildren(cell('p', `Imported ${imported}${failed}.`));
  });

  $('acc-check').addEventListener('click', async () => {
    const { ok, result } = await call('Check accounts', (c, ids) => c.checkAccounts(ids, {}));
    if (!ok) return;
    const table = document.createElement('table');
    table.className = 'acc-table';
    table.append(cell('caption', 'Account check'));
    const head = document.createElement('tr');
    head.append(cell('th', 'UserID'), cell('th', 'Status'), cell('th', 'Code'));
    table.append(head);
    for (const { userId, imported, code } of result) {
      const tr = document.createElement('tr');
      tr.dataset.userId = userId;
      tr.append(cell('td', userId), cell('td', imported ? 'Imported' : 'Not imported'), cell('td', String(code)));
      table.append(tr);
    }
    $('acc-output').replaceChildren(table);
  });
  input.addEventListener('input', () => setError(input, 'err-acc-ids', ''));
}

// The "Local emulator" panel, shown only when the page is served by `npm start`: the pinned conversations the
// emulator now holds for the user in the Pin panel, and buttons to queue a fault or reset. It talks to the emulator's
// control endpoints (/__emulator/, not part of the real API), which answer with CORS headers.

const $ = (id) => document.getElementById(id);

/**
 * Sets the panel up. Returns { refresh, requestCount, clearFaults }: `requestCount()` resolves to the API calls the
 * emulator has received; `clearFaults()` drops what is left of the queued faults (the dashboard calls it after each
 * call, so that a fault applies to the call it was queued for, whole, and never to a later one) and resolves to the
 * uses dropped.
 */
export function setUpEmulator({ emulatorUrl, user }) {
  $('emulator-panel').hidden = false;
  $('emu-url').textContent = emulatorUrl;
  const control = (path, body) =>
    fetch(`${emulatorUrl}/__emulator/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    }).then(async (response) => {
      const json = await response.json();
      if (!response.ok) throw new Error(json.error ?? `HTTP ${response.status}`);
      return json;
    });

  async function refresh() {
    const who = user();
    try {
      const state = await control('state');
      const items = state.pinned[who] ?? [];
      const box = $('emu-pinned');
      if (!who) {
        box.textContent = 'Type a user in the Pin panel to see their pinned conversations.';
      } else if (items.length === 0) {
        box.textContent = `${who} has no pinned conversations.`;
      } else {
        const list = document.createElement('ol');
        list.className = 'pinned-list';
        list.setAttribute('aria-label', `${who}'s pinned conversations, in pin order`);
        for (const item of items) {
          const li = document.createElement('li');
          const tag = document.createElement('span');
          tag.className = `tag ${item.Type === 2 ? 'tag-group' : 'tag-c2c'}`;
          tag.textContent = item.Type === 2 ? 'group' : 'c2c';
          li.append(tag, ` ${item.Type === 2 ? item.GroupId : item.To_Account}`);
          list.append(li);
        }
        const caption = document.createElement('p');
        caption.className = 'muted small-text';
        caption.textContent = `${who}'s list, in pin order:`;
        box.replaceChildren(caption, list);
      }
      const queued = state.faults.reduce((n, f) => n + f.times, 0);
      $('emu-count').textContent =
        `${state.requestCount} API call${state.requestCount === 1 ? '' : 's'} received` +
        (queued ? ` · ${queued} fault use${queued === 1 ? '' : 's'} queued` : '');
    } catch (error) {
      $('emu-pinned').textContent = `The emulator did not answer (${error.message}). Is npm start still running?`;
    }
  }

  $('emu-refresh').addEventListener('click', refresh);
  $('fault-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const fault = JSON.parse($('fault-kind').value);
    try {
      await control('faults', fault);
      $('emu-status').textContent = `Queued: ${$('fault-kind').selectedOptions[0].textContent}.`;
    } catch (error) {
      $('emu-status').textContent = `Not queued: ${error.message}`;
    }
    refresh();
  });
  $('emu-reset').addEventListener('click', async () => {
    try {
      await control('reset', {});
      $('emu-status').textContent = 'Reset: no pins, no faults, counters at 0.';
    } catch (error) {
      $('emu-status').textContent = `Not reset: ${error.message}`;
    }
    refresh();
  });
  $('pin-from').addEventListener('change', refresh);
  refresh();
  return {
    refresh,
    requestCount: () => control('state').then((state) => state.requestCount),
    clearFaults: () => control('clear-faults', {}).then((answer) => answer.dropped),
  };
}

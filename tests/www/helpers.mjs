// What the dashboard suites share: `npm start`'s servers and one Chromium page on the dashboard for the whole file,
// the emulator's control routes, and a reset before each test.
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { openBrowser } from '../../scripts/screenshot.mjs';
import { start } from '../../scripts/start.mjs';

/**
 * Starts the dashboard before the file's tests and closes it after; before each test, the emulator is reset (then
 * configured with `config`, when given) and the page's Results cleared. `timeoutMs` is the page's wait for an
 * element or event: a deadline against hangs, not a timing. `ready(page)` is called once the page is loaded (a
 * file's own `before` hooks may run alongside this one's). Returns { page, demo, control } (`page` and `demo` once
 * loaded); `control(path, body?)` calls `/__emulator/path` (GET without a body) and gives its JSON answer.
 */
export function useDashboard({ timeoutMs, config, ready } = {}) {
  const dash = {
    async control(path, body) {
      const response = await fetch(`${dash.demo.emulatorUrl}/__emulator/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      assert.equal(response.ok, true, `emulator ${path}: ${response.status} ${await response.clone().text()}`);
      return response.json();
    },
  };
  let browser;
  before(async () => {
    dash.demo = await start({ port: 0, build: 'if-missing' });
    ({ browser, page: dash.page } = await openBrowser());
    dash.page.setDefaultTimeout(timeoutMs);
    await dash.page.goto(dash.demo.url);
    await dash.page.waitForSelector('body[data-ready=true]');
    ready?.(dash.page);
  }, { timeout: 300_000 });
  beforeEach(async () => {
    await dash.control('reset', {});
    if (config) await dash.control('config', config);
    await dash.page.click('#clear-results');
  });
  after(async () => {
    await browser?.close();
    await dash.demo?.close();
  });
  return dash;
}

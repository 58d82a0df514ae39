#!/usr/bin/env node
// `npm run screenshot`: the README's picture of the dashboard, www/screenshot.png. Starts what `npm start` starts
// (scripts/start.mjs start(), which builds pkg/ when it is missing or stale), drives Debian's Chromium with
// playwright-core through a few calls and writes the PNG. Run it when the dashboard's look changes, and commit the
// picture if it changed; tests never write it (tests/www/dashboard.test.mjs stages the same scene, stageDashboard
// below, and keeps its pictures in test-artifacts/). Importing this file does nothing.
// Usage: node scripts/screenshot.mjs [output.png]
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain } from './is-main.mjs';
import { start } from './start.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const README_SHOT = join(ROOT, 'www/screenshot.png');
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launches Chromium and opens a page at 1280×900 with reduced motion: resolves to { browser, page }. */
export async function openBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`bash scripts/setup.sh --browser\``);
  // An npm package (installed by scripts/setup.sh): imported here, so that importing this file needs none.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  return { browser, page: await context.newPage() };
}

/** Makes the page's conversation rows `list` ([{ type: 'c2c' | 'group', id }]), adding and removing rows. */
export async function setConversations(page, list) {
  const rows = () => page.locator('#conv-list > li');
  while ((await rows().count()) > list.length) await rows().last().locator('[data-role=remove]').click();
  while ((await rows().count()) < list.length) await page.click('#add-conv');
  for (const [i, { type, id }] of list.entries()) {
    await rows().nth(i).locator('[data-role=type]').selectOption(type);
    await rows().nth(i).locator('[data-role=id]').fill(id);
  }
}

/**
 * Runs `act()` and waits for a new entry at the top of Results (the list is bounded, so its length may not grow);
 * returns its locator.
 */
export async function newResult(page, act) {
  await page.evaluate(() => document.querySelector('#results > li')?.setAttribute('data-seen', ''));
  await act();
  await page.waitForFunction(() => {
    const first = document.querySelector('#results > li');
    return first !== null && !first.hasAttribute('data-seen');
  });
  return page.locator('#results > li').first();
}

/** Clicks `button` and waits for the new entry in Results; returns its locator. */
export const callAndWait = (page, button) => newResult(page, () => page.click(button));

/**
 * The README's scene, on a dashboard that has loaded: an emulator reset by `resetEmulator()`, then in Results a
 * pin that worked and one refused with 50001, a UserSig made by the tool, the emulator's pinned list, the
 * connection panel closed, no focus or hover. Resolves to the UserSig the tool made.
 */
export async function stageDashboard(page, resetEmulator) {
  await resetEmulator();
  await page.click('#clear-results');
  await page.fill('#pin-from', 'alice');
  await setConversations(page, [{ type: 'c2c', id: 'bob' }, { type: 'group', id: 'announcements' }]);
  await callAndWait(page, '#pin-button');
  await page.fill('#pin-from', 'erin');
  await callAndWait(page, '#pin-button');
  await page.fill('#pin-from', 'alice');
  await page.click('#us-generate');
  await page.waitForSelector('#us-output.good');
  const userSig = await page.inputValue('#us-usersig');
  await page.click('#emu-refresh');
  await page.waitForFunction(() => document.querySelectorAll('#emu-pinned li').length === 2);
  await page.evaluate(() => {
    document.activeElement?.blur();
    document.querySelector('#connection-panel details').open = false;
  });
  await page.mouse.move(0, 0);
  return userSig;
}

/** Starts the demo, stages the scene and writes a full-page PNG to `path`. */
export async function screenshot(path = README_SHOT) {
  const demo = await start({ port: 0 });
  let browser;
  try {
    let page;
    ({ browser, page } = await openBrowser());
    await page.goto(demo.url);
    await page.waitForSelector('body[data-ready=true]');
    await stageDashboard(page, async () => {
      const response = await fetch(`${demo.emulatorUrl}/__emulator/reset`, { method: 'POST', body: '{}' });
      if (!response.ok) throw new Error(`screenshot: the emulator reset answered HTTP ${response.status}`);
    });
    await page.screenshot({ path, fullPage: true });
  } finally {
    await browser?.close();
    await demo.close();
  }
}

if (isMain(import.meta.url)) {
  const path = resolve(process.argv[2] ?? README_SHOT);
  await screenshot(path);
  console.log(`screenshot: wrote ${relative(process.cwd(), path) || path}`);
}

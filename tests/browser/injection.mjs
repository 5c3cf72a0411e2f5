// Injection in the browser: a site whose catalog and front matter are full of script-bearing strings is loaded
// in headless Chromium, the widget is driven, and no injected script may run. Usage: node injection.mjs SITE_DIR
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const siteDir = path.resolve(process.argv[2] ?? 'target/evil-site');
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };
const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(siteDir, path.normalize(p));
  if (!file.startsWith(siteDir) || !fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' });
  res.end(fs.readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.SHORELINE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
after(async () => { await browser.close(); server.close(); });

/** Every script-bearing element the page or the widget holds (JSON-LD data blocks never run), and whether any
 * injected script ran. */
const injectedState = (page) => page.evaluate(() => {
  const roots = [document, ...[...document.querySelectorAll('shoreline-explorer')].map((e) => e.shadowRoot).filter(Boolean)];
  const elements = roots.reduce((n, r) => n + r.querySelectorAll('img[onerror], svg[onload], script:not([src]):not([type="application/ld+json"])').length, 0);
  return { pwned: window.__pwned ?? null, elements };
});

/** Waits until the widget shows the hostile service titles as text: it mounted and rendered them. */
const rendered = (page) => page.waitForFunction(() => {
  const root = document.querySelector('shoreline-explorer')?.shadowRoot;
  return root && root.textContent.includes("window.__pwned='service title'");
}, null, { timeout: 20000 });

/** Ticks every checkbox of the widget (opening the folded groups that hold them, as a reader would), types
 * markup into the search box, and clicks what the results offer. Every step must succeed: a failed click fails. */
async function drive(page) {
  const host = page.locator('shoreline-explorer');
  const boxes = host.locator('input[type=checkbox]');
  const n = await boxes.count();
  assert.ok(n >= 2, `the needs render as checkboxes (${n})`);
  for (let i = 0; i < n; i++) {
    const box = boxes.nth(i);
    await box.evaluate((el) => { for (let d = el.closest('details'); d; d = d.parentElement?.closest('details')) d.open = true; });
    await box.check();
    assert.equal(await box.isChecked(), true, `checkbox ${i} is ticked`);
  }
  await host.locator('input[type=search]').fill('<img src=x onerror="window.__pwned=\'typed\'"> payroll calls');
  await page.waitForFunction(() => /\bservices?\b/.test(document.querySelector('shoreline-explorer').shadowRoot.querySelector('[role=status]')?.textContent ?? ''));
  // Open and close every fold the widget offers now (related results, compare toggles, more filters).
  for (const summary of await host.locator('summary').all()) {
    if (await summary.isVisible()) await summary.click();
  }
  return n;
}

test('hostile catalog and page strings never run, in the page or in the widget', async () => {
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(`${origin}/`);
  await rendered(page);
  assert.ok((await drive(page)) >= 2);
  await page.waitForTimeout(300);
  // Checked on this page, before any navigation could reset `window`.
  assert.deepEqual(await injectedState(page), { pwned: null, elements: 0 }, 'home page, after driving the widget');
  for (const p of ['/services/evil-one/', '/services/evil-two/', '/services/']) {
    await page.goto(`${origin}${p}`);
    await page.waitForLoadState('load');
    if (await page.locator('shoreline-explorer').count()) {
      await rendered(page);
      await drive(page);
    }
    await page.waitForTimeout(300);
    assert.deepEqual(await injectedState(page), { pwned: null, elements: 0 }, `${p}: an injected script ran or an element was injected`);
  }
  assert.deepEqual(dialogs, []);
  await page.close();
});

test('the classic bundle carries the hostile catalog as data: nothing in it runs', async () => {
  const page = await browser.newPage();
  await page.route(`${origin}/__classic/`, (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><html lang="en"><head><title>classic</title>' +
      '<script src="/explorer/shoreline-explorer.bundle.js" defer></script></head>' +
      '<body><shoreline-explorer></shoreline-explorer></body></html>',
  }));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/__classic/`);
  await rendered(page);
  await drive(page);
  await page.waitForTimeout(300);
  assert.deepEqual(await injectedState(page), { pwned: null, elements: 0 });
  assert.deepEqual(errors, [], 'the bundle parsed and ran');
  await page.close();
});

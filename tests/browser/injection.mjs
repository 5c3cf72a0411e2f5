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

test('hostile catalog and page strings never run, in the page or in the widget', async () => {
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(`${origin}/`);
  const host = page.locator('shoreline-explorer');
  // The widget mounted and rendered the hostile service titles as text.
  await page.waitForFunction(() => {
    const root = document.querySelector('shoreline-explorer')?.shadowRoot;
    return root && root.textContent.includes("window.__pwned='service title'");
  }, null, { timeout: 20000 });
  // Drive it: pick every checkbox, type text that looks like markup.
  const boxes = host.locator('input[type=checkbox]');
  const n = await boxes.count();
  assert.ok(n >= 2, `the needs render as checkboxes (${n})`);
  for (let i = 0; i < n; i++) await boxes.nth(i).check({ timeout: 1500 }).catch(() => {});
  await host.locator('input[type=search], input[type=text]').first().fill('<img src=x onerror="window.__pwned=\'typed\'">');
  await page.waitForTimeout(500);
  for (const p of ['/services/evil-one/', '/services/evil-two/', '/services/']) {
    await page.goto(`${origin}${p}`);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, `${p}: an injected script ran`);
  }
  await page.goto(`${origin}/`);
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'an injected script ran on the home page');
  const injected = await page.evaluate(() => {
    const root = document.querySelector('shoreline-explorer').shadowRoot;
    return [...root.querySelectorAll('img, svg[onload], script')].length + document.querySelectorAll('img[onerror], svg[onload]').length;
  });
  assert.equal(injected, 0, 'no injected elements in the page or the widget');
  assert.deepEqual(dialogs, []);
});

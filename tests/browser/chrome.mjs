// Browser tests of the default theme's docs chrome: the section sidebar, the sticky header, the phone Menu,
// the "On this page" highlight (toc.js), tables that scroll in their own box, a nav that does not shift with
// the current item, and the favicon. Imported at the end of run.mjs; shares its servers and browser.
// Screenshots go to target/chrome-*.png (test artifacts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, browser, SITE, open } from './harness.mjs';

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const ARTICLE = '/bpo/what-is-bpo/';
const TABLES = '/bpo/bpo-vs-call-center/';
const axeSource = fs.readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
const shot = (name) => path.join(repoRoot, `target/chrome-${name}.png`);

/** Jumps without smooth scrolling, so positions can be read right after. */
const instant = (page) => page.addStyleTag({ content: 'html { scroll-behavior: auto !important }' });

test('chrome: on a laptop the sidebar lists the section and marks the page; the header stays on top', async (t) => {
  const page = await open(t, SITE + ARTICLE, DESKTOP);
  await instant(page);
  const sidebar = page.locator('nav[aria-label="Section"]');
  assert.equal(await sidebar.isVisible(), true, 'the sidebar is shown');
  const box = await sidebar.boundingBox();
  const main = await page.locator('h1').boundingBox();
  assert.ok(box.x + box.width <= main.x, `the sidebar is a column left of the text: ${box.x}+${box.width} vs ${main.x}`);
  const current = sidebar.locator('a[aria-current="page"]');
  assert.equal(await current.count(), 1, 'one page is current');
  assert.equal(await current.getAttribute('href'), ARTICLE);
  assert.ok((await sidebar.locator('a').count()) >= 4, 'the section\'s pages are listed');
  assert.equal(await page.locator('.site-menu__button').isVisible(), false, 'no Menu button on a laptop');

  const header = page.locator('.site-header');
  const before = await header.boundingBox();
  await page.evaluate(() => window.scrollTo(0, 2500));
  assert.ok(await page.evaluate(() => window.scrollY > 2000), 'the page scrolled');
  const after = await header.boundingBox();
  assert.equal(after.y, 0, 'the header is still at the top of the viewport');
  assert.ok(after.height <= 100, `the header is compact: ${after.height}px`);
  assert.equal(after.height, before.height);
  assert.equal(await sidebar.isVisible(), true);
  const sideTop = (await sidebar.boundingBox()).y;
  assert.ok(sideTop >= after.height - 1 && sideTop < after.height + 40, `the sidebar follows below the header: ${sideTop}`);
  const toc = await page.locator('.doc__aside').boundingBox();
  assert.ok(toc.y >= after.height - 1 && toc.y < 200, `"On this page" follows the reader: ${toc.y}`);

  // An anchor jump leaves the heading below the header, not under it.
  const link = page.locator('.toc a').nth(4);
  const id = (await link.getAttribute('href')).slice(1);
  await link.click();
  await page.waitForFunction((id) => location.hash === `#${id}`, id);
  const heading = await page.locator(`[id="${id}"]`).boundingBox();
  assert.ok(heading.y >= after.height, `the heading is not hidden by the header: ${heading.y} < ${after.height}`);
  assert.ok(heading.y < 200, `the heading is at the top: ${heading.y}`);

  await page.evaluate(() => window.scrollTo(0, 0));
  // Back above the first heading, no entry of "On this page" is current.
  await page.waitForFunction(() => !document.querySelector('.toc a[aria-current]'));
  fs.mkdirSync(path.dirname(shot('desktop')), { recursive: true });
  await page.screenshot({ path: shot('desktop') });
  assert.ok(fs.statSync(shot('desktop')).size > 10_000, 'the screenshot has content');
});

test('chrome: on a phone the nav strip gives way to a Menu that opens with the current item in view', async (t) => {
  const page = await open(t, SITE + TABLES, PHONE);
  assert.equal(await page.locator('.site-nav').isVisible(), false, 'no sideways nav strip');
  assert.equal(await page.locator('nav[aria-label="Section"]').isVisible(), false, 'no sidebar inline');
  const button = page.locator('.site-menu__button');
  assert.equal(await button.isVisible(), true);
  assert.equal((await button.textContent()).trim(), 'Menu');
  const panelId = await button.getAttribute('aria-controls');
  const panel = page.locator(`#${panelId}`);
  assert.equal(await panel.isVisible(), false, 'the menu starts closed');
  const headerBox = await page.locator('.site-header').boundingBox();
  assert.ok(headerBox.height <= 70, `the phone header is one compact row: ${headerBox.height}px`);

  await button.click();
  assert.equal(await page.locator('.site-menu').evaluate((d) => d.open), true, 'the disclosure is open');
  assert.equal(await panel.isVisible(), true, 'the list shows');
  const items = panel.locator(':scope > ul > li > a');
  assert.ok((await items.count()) >= 6, 'every top-level item is listed');
  const xs = new Set(await items.evaluateAll((as) => as.map((a) => Math.round(a.getBoundingClientRect().x))));
  assert.equal(xs.size, 1, 'a vertical list');
  for (const current of [panel.locator(':scope > ul > li > a[aria-current]'), panel.locator(`a[aria-current="page"][href="${TABLES}"]`)]) {
    assert.equal(await current.count(), 1);
    const b = await current.boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= PHONE.width && b.y >= 0 && b.y + b.height <= PHONE.height,
      `the current item is inside the viewport: ${JSON.stringify(b)}`);
  }
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
  fs.mkdirSync(path.dirname(shot('phone-menu')), { recursive: true });
  await page.screenshot({ path: shot('phone-menu') });
  assert.ok(fs.statSync(shot('phone-menu')).size > 10_000, 'the screenshot has content');

  await button.click();
  assert.equal(await panel.isVisible(), false, 'the button closes it again');
});

test('chrome: without JavaScript the phone menu still opens', async () => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(SITE + ARTICLE);
    await page.locator('.site-menu__button').click();
    const current = page.locator('.site-menu__panel a[aria-current="page"]');
    assert.equal(await current.getAttribute('href'), ARTICLE);
    assert.equal(await current.isVisible(), true);
  } finally {
    await context.close();
  }
});

test('chrome: "On this page" marks the section scrolled to', async (t) => {
  const page = await open(t, SITE + ARTICLE, DESKTOP);
  await instant(page);
  const links = page.locator('.toc a');
  const n = await links.count();
  assert.ok(n >= 4, `the article has a table of contents: ${n}`);
  for (const i of [Math.floor(n / 2), n - 2, 1]) {
    const id = (await links.nth(i).getAttribute('href')).slice(1);
    await page.locator(`[id="${id}"]`).evaluate((h) => h.scrollIntoView());
    await page.waitForFunction(
      (id) => document.querySelector('.toc a[aria-current="true"]')?.getAttribute('href') === `#${id}`, id);
    assert.equal(await page.locator('.toc a[aria-current]').count(), 1, 'one link is current');
  }
  // The script writes no HTML: the TOC is the server's markup, links and all.
  assert.equal(await links.count(), n);
});

test('chrome: a wide table scrolls inside its own box on a phone, and the page does not', async (t) => {
  const page = await open(t, SITE + TABLES, PHONE);
  const box = page.locator('.prose .table-scroll').first();
  assert.equal(await box.getAttribute('tabindex'), '0', 'the scroll box is a tab stop');
  assert.ok((await box.getAttribute('aria-label'))?.length > 0, 'the scroll box has a name');
  assert.equal(await box.getAttribute('role'), 'group');
  const m = await box.evaluate((el) => ({
    box: el.clientWidth,
    table: el.querySelector('table').getBoundingClientRect().width,
    overflow: getComputedStyle(el).overflowX,
    background: getComputedStyle(el).backgroundImage,
  }));
  assert.ok(m.box < m.table, `the table is wider than its box: ${m.table} in ${m.box}`);
  assert.equal(m.overflow, 'auto');
  assert.match(m.background, /radial-gradient/, 'the box draws an edge shadow');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'no sideways scrolling of the page');
  await box.focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('.prose .table-scroll').scrollLeft > 0);
  // Every Markdown table on the page is wrapped, and only those.
  assert.equal(await page.locator('.prose table').count(), await page.locator('.prose .table-scroll > table').count());
});

test('chrome: the current nav item does not move or resize the others', async (t) => {
  const measure = async (url) => {
    const page = await open(t, SITE + url, DESKTOP);
    return page.locator('.site-nav a').evaluateAll((as) =>
      as.map((a) => {
        const r = a.getBoundingClientRect();
        return { href: a.getAttribute('href'), current: a.hasAttribute('aria-current'), x: r.x, width: r.width };
      }));
  };
  const a = await measure('/bpo/');
  const b = await measure('/pricing/per-minute/');
  assert.ok(a.some((i) => i.current && i.href === '/bpo/') && b.some((i) => i.current && i.href === '/pricing/'));
  assert.deepEqual(b.map((i) => [i.href, i.x, i.width]), a.map((i) => [i.href, i.x, i.width]),
    'every item has the same place and width whichever is current');
});

test('chrome: /favicon.ico and /favicon.svg are served, and pages link the icon', async (t) => {
  const page = await open(t, SITE + ARTICLE, DESKTOP);
  for (const [url, type] of [['/favicon.ico', null], ['/favicon.svg', 'image/svg+xml']]) {
    const r = await page.request.get(SITE + url);
    assert.equal(r.status(), 200, url);
    const body = await r.body();
    if (type) assert.equal(r.headers()['content-type'], type);
    if (url.endsWith('.ico')) assert.deepEqual([...body.subarray(0, 4)], [0, 0, 1, 0], 'an ICO header');
    else assert.match(body.toString(), /<svg[\s>]/);
  }
  assert.equal(await page.locator('link[rel="icon"]').getAttribute('href'), '/favicon.svg');
  // open() fails the test on any response >= 400: visit a few page kinds to be sure none asks for a missing file.
  for (const url of ['/', '/bpo/', TABLES, '/services/', '/topics/', '/glossary/']) await page.goto(SITE + url);
});

test('chrome: axe finds nothing with the phone menu open or a table of contents entry marked, light and dark', async (t) => {
  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const [viewport, act] of [
      [PHONE, (page) => page.locator('.site-menu__button').click()],
      [DESKTOP, async (page) => {
        await page.locator('.toc a').nth(3).click();
        await page.locator('.toc a[aria-current]').waitFor();
      }],
    ]) {
      const page = await open(t, SITE + ARTICLE, viewport);
      await page.emulateMedia({ colorScheme });
      await act(page);
      await page.addScriptTag({ content: axeSource });
      const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const v of violations) found.push(`${colorScheme} ${viewport.width}: ${v.id} ${v.nodes.map((n) => n.target).join(' | ')}`);
    }
  }
  assert.deepEqual(found, []);
});

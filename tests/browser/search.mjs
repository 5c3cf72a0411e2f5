// The site search box in the default theme's header, on the bundled site: real queries typed into the box,
// reached with the keyboard, and the network holding only the shards a query needs. The client's word
// reading is also held to the index the generator wrote (same tokenizer and stemmer on both sides).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE, siteDir, open, widget, countText, servicesWithNeeds, BPO_NEED } from './harness.mjs';

const searchDir = path.join(siteDir, 'search');
const client = await import(pathToFileURL(path.join(searchDir, 'search.js')).href);
const meta = JSON.parse(fs.readFileSync(path.join(searchDir, 'meta.json'), 'utf8'));
const shardTerms = meta.shards.map((_, i) => Object.keys(JSON.parse(fs.readFileSync(path.join(searchDir, `t/${i}.json`), 'utf8'))));
const allTerms = new Set(shardTerms.flat());

/** Types `text` into the header box of `page` and waits for the listbox to show results. */
async function ask(page, text) {
  const box = page.getByRole('combobox', { name: 'Search the site' });
  await box.fill(text);
  await page.waitForFunction((q) => {
    const list = document.querySelector('.site-search [role=listbox]');
    return list && !list.hidden && list.dataset.query === q && list.querySelector('[role=option]');
  }, text);
  return box;
}

const options = (page) => page.locator('.site-search [role=option]');

/** The search files a page fetched, relative to /search/. */
function searchRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.startsWith('/search/')) seen.push(p.slice('/search/'.length));
  });
  return seen;
}

test('search client reads every title word to a term the index holds', () => {
  const fragments = fs.readdirSync(path.join(searchDir, 'f')).flatMap((f) => JSON.parse(fs.readFileSync(path.join(searchDir, 'f', f), 'utf8')));
  assert.equal(fragments.length, meta.documents);
  const missing = [];
  for (const [title] of fragments) {
    for (const t of client.tokens(title).filter((t) => !t.stop)) {
      const term = meta.synonyms[t.stem] ?? t.stem;
      if (!allTerms.has(term)) missing.push(`${t.surface} -> ${term} (${title})`);
      else assert.notEqual(client.shardFor(meta.shards, term), -1);
    }
  }
  assert.deepEqual(missing, [], 'the client stems title words as the index did');
  assert.equal(client.stem('answering'), 'answ');
  assert.equal(client.stem('planned'), 'plan');
  assert.deepEqual(client.tokens('Café 24/7 at 6:30 PM').map((t) => t.stem), ['caf', '24x7', 'at', '6pm']);
});

test('search forgives one typo from 5 letters and two from 9', () => {
  const terms = ['care', 'payroll', 'outsourc', 'schedul'];
  const typo = (surface, term = client.stem(surface)) => client.candidates({ surface, term }, terms, false).map(([t]) => t);
  assert.deepEqual(typo('cere'), [], '4 letters: no typo forgiven');
  assert.deepEqual(typo('payrol'), ['payroll'], '6 letters: one edit');
  assert.deepEqual(typo('pyarolx'), [], '7 letters: not three edits');
  assert.deepEqual(typo('outsorcs'), ['outsourc'], '8 letters: one edit');
  assert.deepEqual(typo('otsorced'), [], '8 letters: not two edits');
  assert.deepEqual(typo('otsorcing'), ['outsourc'], '9 letters: two edits');
  assert.deepEqual(typo('scedulling'), ['schedul'], '10 letters: a typo inside a stemmed word');
  assert.deepEqual(typo('pyaroll'), ['payroll'], '7 letters: two neighbours swapped are one edit');
  assert.equal(client.editDistance('ab', 'ba'), 1);
  assert.equal(client.editDistance('abc', 'ca'), 3);
  assert.deepEqual(client.candidates({ surface: 'payr', term: 'payr' }, terms, true), [['payroll', 0.8]], 'a word being typed completes');
  assert.equal(client.allowedEdits(4), 0);
  assert.equal(client.allowedEdits(5), 1);
  assert.equal(client.allowedEdits(8), 1);
  assert.equal(client.allowedEdits(9), 2);
});

test('search: an exact title word reaches its page with ArrowDown and Enter, fetching one term shard', async (t) => {
  const page = await open(t, `${SITE}/bpo/`);
  const seen = searchRequests(page);
  const box = await ask(page, 'payroll');
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  assert.equal(await options(page).first().locator('.site-search__title mark').first().textContent(), 'Payroll');
  const files = seen.filter((f) => f !== 'search.js');
  assert.deepEqual(files.filter((f) => f.startsWith('t/')), [`t/${client.shardFor(meta.shards, 'payroll')}.json`],
    'one term shard for one word');
  assert.ok(files.includes('meta.json'));
  assert.ok(files.filter((f) => f.startsWith('f/')).length <= client.LIMIT);
  assert.ok(meta.shards.length > 10, 'the index is split (so one shard is not the whole index)');
  await box.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-activedescendant'), await options(page).first().getAttribute('id'));
  await Promise.all([page.waitForURL(`${SITE}/services/payroll-processing/`), box.press('Enter')]);
});

test('search: a misspelt word still finds its page, matched words highlighted', async (t) => {
  const page = await open(t, `${SITE}/`);
  const box = await ask(page, 'payrolll');
  assert.equal(await options(page).first().getAttribute('data-href'), '/services/payroll-processing/');
  await ask(page, 'outsorcing');
  const marks = await page.locator('.site-search [role=option] mark').allTextContents();
  assert.ok(marks.some((m) => /^outsourc/i.test(m)), `highlights: ${marks}`);
  await box.press('ArrowDown');
  const href = await options(page).first().getAttribute('data-href');
  await Promise.all([page.waitForURL(`${SITE}${href}`), box.press('Enter')]);
});

test('search: a click on a result opens its page (options hold no nested links)', async (t) => {
  const page = await open(t, `${SITE}/`);
  await ask(page, 'payroll');
  assert.equal(await page.locator('.site-search [role=option] a, .site-search [role=option] button').count(), 0);
  const href = await options(page).first().getAttribute('data-href');
  await Promise.all([page.waitForURL(`${SITE}${href}`), options(page).first().click()]);
});

test('search: a synonym from catalog.toml finds pages written with its group word', async (t) => {
  assert.equal(meta.synonyms.physician, 'doctor', 'catalog.toml groups physician with doctor');
  const page = await open(t, `${SITE}/`);
  const box = await ask(page, 'physician');
  const hrefs = await page.locator('.site-search [role=option]').evaluateAll((os) => os.map((o) => o.dataset.href));
  assert.ok(hrefs.includes('/services/medical-after-hours-answering/'), hrefs.join(' '));
  await box.press('ArrowDown');
  await Promise.all([page.waitForURL(`${SITE}${hrefs[0]}`), box.press('Enter')]);
});

test('search: service results offer the explorer with the matching needs', async (t) => {
  const page = await open(t, `${SITE}/`);
  const box = await ask(page, 'payroll');
  const last = options(page).last();
  assert.equal(await last.getAttribute('data-href'), `${meta.explorer}#explorer=needs:${BPO_NEED}`);
  await box.press('ArrowUp');
  assert.equal(await last.getAttribute('aria-selected'), 'true', 'ArrowUp from the box goes to the last option');
  await Promise.all([page.waitForURL(`${SITE}${meta.explorer}#explorer=needs:${BPO_NEED}`), box.press('Enter')]);
  await widget(page).announced(countText(servicesWithNeeds(BPO_NEED).length));
});

test('search: / focuses the box unless typing elsewhere; Escape closes the list', async (t) => {
  const page = await open(t, `${SITE}/guides/`);
  const box = page.getByRole('combobox', { name: 'Search the site' });
  await page.keyboard.press('/');
  assert.ok(await box.evaluate((b) => b === document.activeElement), '/ focuses the box');
  assert.equal(await box.inputValue(), '', 'the slash is not typed');
  await page.keyboard.type('escalation');
  await page.waitForFunction(() => document.querySelector('.site-search [role=option]'));
  await box.press('Escape');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.ok(await page.locator('.site-search [role=listbox]').isHidden());
  await page.evaluate(() => {
    const other = document.createElement('textarea');
    other.id = 'other';
    document.body.append(other);
  });
  await page.locator('#other').focus();
  await page.keyboard.press('/');
  assert.equal(await page.locator('#other').inputValue(), '/', 'a slash typed in another field stays there');
});

test('search: without JavaScript the header keeps links to the sitemap and the catalog', async (t) => {
  const html = fs.readFileSync(path.join(siteDir, 'index.html'), 'utf8');
  const form = html.slice(html.indexOf('<form class="site-search"'), html.indexOf('</form>'));
  assert.match(form, /href="\/sitemap.xml"/);
  assert.match(form, /href="\/services\/"/);
  void t;
});

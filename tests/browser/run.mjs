// Browser tests of the <shoreline-explorer> widget, in headless Chromium driven by playwright-core.
//
//   node tests/browser/run.mjs <site_dir>
//
// <site_dir> is a built site: explorer/ (the bundle), catalog.json at its root, and the generator's pages.
// `harness.mjs` starts the servers and the browser; this file holds the widget's behaviour tests, and the
// files imported at the end hold the rest.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  siteDir,
  screenshotPath,
  embedScreenshotPath,
  catalog,
  facetIndex,
  needLabel,
  servicesWithNeeds,
  TOTAL,
  countText,
  CALL_NEED,
  BPO_NEED,
  CALL_SERVICES,
  browser,
  SITE,
  SALES,
  open,
  widget,
} from './harness.mjs';


test('the generator-built pages mount the widget and hide the no-JS fallback', async (t) => {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.html')) {
        const tag = fs.readFileSync(p, 'utf8').match(/<shoreline-explorer\b[^>]*>/);
        if (tag) pages.push({ file: p, tag: tag[0] });
      }
    }
  };
  walk(siteDir);
  assert.ok(pages.length > 0, 'some page of the site embeds <shoreline-explorer>');
  for (const { file, tag } of pages) {
    const rel = '/' + path.relative(siteDir, file).replace(/index\.html$/, '');
    const preset = (tag.match(/\bneeds="([^"]*)"/)?.[1] ?? '').split(/[\s,]+/).filter(Boolean);
    const page = await open(t, SITE + rel);
    const w = widget(page);
    // The wasm loads as the widget comes near the viewport, as a reader scrolls to it.
    await page.locator('shoreline-explorer').first().scrollIntoViewIfNeeded();
    await w.announced(countText(preset.length ? servicesWithNeeds(...preset).length : TOTAL));
    assert.equal(await page.locator('shoreline-explorer').first().evaluate((e) => e.shadowRoot?.mode), 'open');
    const fallback = page.locator('shoreline-explorer > *').first();
    assert.equal(await fallback.count(), 1, `${rel} has a fallback inside the element`);
    assert.equal(await fallback.isVisible(), false, `${rel}: the fallback is not shown once the widget is mounted`);
    assert.ok((await w.cards.count()) > 0, `${rel}: result cards are shown`);
  }
});

test('the test page mounts with one page of results and hidden fallback', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  assert.equal(await page.locator('shoreline-explorer > ul.fallback').isVisible(), false);
  assert.equal(await w.cards.count(), 5, 'limit="5" shows five cards');
  assert.match(await w.$('.summary-line').textContent(), new RegExp(`^${TOTAL} services`));
});

test('checking a need narrows results and updates the counts', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  assert.equal(await w.count('needs', CALL_NEED), CALL_SERVICES.length, 'count beside the need before checking it');
  const payrollBefore = await w.count('needs', BPO_NEED);
  assert.equal(payrollBefore, servicesWithNeeds(BPO_NEED).length);

  await w.check('needs', CALL_NEED);
  await w.announced(countText(CALL_SERVICES.length));
  for (const slug of await w.slugs()) {
    assert.ok(CALL_SERVICES.includes(slug), `${slug} carries ${CALL_NEED}`);
  }
  assert.equal(
    await w.count('needs', BPO_NEED),
    servicesWithNeeds(CALL_NEED, BPO_NEED).length,
    'the payroll count now counts services with both needs',
  );
  assert.notEqual(await w.count('needs', BPO_NEED), payrollBefore);
});

test('free text finds the after-hours answering service and suggests the need', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  await w.search.fill('we miss calls after 6pm');
  await page.waitForFunction(() =>
    [...document.querySelector('shoreline-explorer').shadowRoot.querySelectorAll('.card')].some(
      (c) => c.dataset.slug === 'after-hours-answering'),
  );
  const slugs = await w.slugs();
  assert.ok(slugs.slice(0, 3).includes('after-hours-answering'), `after-hours-answering ranks high: ${slugs}`);
  const suggestion = w.button(`Add need: ${needLabel(CALL_NEED)}`);
  assert.equal(await suggestion.isVisible(), true, 'the after-hours need is suggested from the text');
  await suggestion.click();
  assert.equal(await w.checkbox('needs', CALL_NEED).isChecked(), true, 'the suggestion checks the need');
});

test('clear all resets needs, facets and text', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  await w.check('needs', CALL_NEED);
  await w.check('scope', 'call-center');
  await w.search.fill('answering');
  await page.waitForFunction(() => location.hash.includes('q:answering'));
  await w.button('Clear all').click();
  await w.announced(countText(TOTAL));
  assert.equal(await w.$('input[type=checkbox]:checked').count(), 0, 'no checkbox stays checked');
  assert.equal(await w.search.inputValue(), '');
  assert.ok(!(await page.evaluate(() => location.hash)).includes('explorer='), 'the hash entry is gone');
});

test('by default a click updates the hash without a history entry; history="none" leaves the URL alone', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  const entries = await page.evaluate(() => history.length);
  await w.check('needs', CALL_NEED);
  await w.check('needs', 'missed-calls');
  // The URL follows once the change is on screen.
  await page.waitForFunction((h) => location.hash === h, `#explorer=needs:${CALL_NEED},missed-calls`);
  assert.equal(await page.evaluate(() => history.length), entries, 'no entry per click');
  await page.goto(`${SITE}/__explorer-test/no-history/`);
  const quiet = widget(page);
  await quiet.announced(countText(TOTAL));
  await quiet.check('needs', CALL_NEED);
  await quiet.announced(countText(CALL_SERVICES.length));
  assert.equal(await page.evaluate(() => location.hash), '', 'the URL is left alone');
});

test('state round-trips through the URL hash and the back button (history="push")', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/push/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  await w.check('needs', CALL_NEED);
  await page.waitForFunction((h) => location.hash === h, `#explorer=needs:${CALL_NEED}`);
  await w.check('needs', 'missed-calls');
  await page.waitForFunction((h) => location.hash === h, `#explorer=needs:${CALL_NEED},missed-calls`);
  await w.announced(countText(servicesWithNeeds(CALL_NEED, 'missed-calls').length));

  await page.goBack();
  await w.announced(countText(CALL_SERVICES.length));
  assert.equal(await w.checkbox('needs', 'missed-calls').isChecked(), false, 'back unchecks the last need');
  assert.equal(await w.checkbox('needs', CALL_NEED).isChecked(), true);
  await page.goBack();
  await w.announced(countText(TOTAL));
  assert.equal(await w.$('input[type=checkbox]:checked').count(), 0, 'back again: nothing selected');
  await page.goForward();
  await w.announced(countText(CALL_SERVICES.length));

  // A shared link opens with its selection and text; a reload keeps them.
  await page.goto(`${SITE}/__explorer-test/push/#explorer=needs:${BPO_NEED};q:payslips`);
  const shared = widget(page);
  await page.waitForFunction(() => document.querySelector('shoreline-explorer')?.shadowRoot?.querySelector('input[type=search]'));
  assert.equal(await shared.checkbox('needs', BPO_NEED).isChecked(), true);
  assert.equal(await shared.search.inputValue(), 'payslips');
  await page.reload();
  await page.waitForFunction(() => document.querySelector('shoreline-explorer')?.shadowRoot?.querySelector('input[type=search]'));
  assert.equal(await shared.checkbox('needs', BPO_NEED).isChecked(), true, 'state survives a reload');
  // Editing the hash by hand (hashchange) is followed too.
  await page.evaluate(() => { location.hash = 'explorer=needs:missed-calls'; });
  await shared.announced(countText(servicesWithNeeds('missed-calls').length));
  assert.equal(await shared.checkbox('needs', BPO_NEED).isChecked(), false);
});

test('the wasm is fetched only when the widget comes near the viewport', async (t) => {
  const wasm = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  t.after(() => page.close());
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(r.url()));
  await page.goto(`${SITE}/__explorer-test/far/`);
  await page.waitForTimeout(1000);
  assert.deepEqual(wasm, [], 'nothing fetched while the widget is far below');
  assert.equal(await page.locator('shoreline-explorer .fallback').isVisible(), true, 'the fallback stands in');
  await page.locator('shoreline-explorer').scrollIntoViewIfNeeded();
  const w = widget(page);
  await w.announced(countText(TOTAL));
  assert.equal(wasm.length, 1, 'fetched once, on approach');
});

test('the catalog page does not shift when the explorer appears (CLS < 0.05, desktop and phone)', async (t) => {
  for (const [width, height] of [[1366, 900], [390, 844]]) {
    const page = await browser.newPage({ viewport: { width, height } });
    t.after(() => page.close());
    await page.addInitScript(() => {
      window.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${SITE}/services/`);
    await page.waitForFunction(() => document.querySelector('shoreline-explorer')?.shadowRoot?.querySelector('.card'));
    await page.waitForTimeout(1000);
    const cls = await page.evaluate(() => window.__cls);
    assert.ok(cls < 0.05, `CLS ${cls} at ${width}px`);
  }
});

test('the search box is the first tab stop of the widget', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName}:${el.type}` : null;
  });
  assert.equal(first, 'INPUT:search');
});

test('keyboard only: Tab reaches a checkbox, Space toggles it, focus stays and is visible', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  const focused = () =>
    page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el ? { tag: el.tagName, type: el.type, value: el.value, outline: getComputedStyle(el).outlineStyle } : null;
    });
  let presses = 0;
  let now = await focused();
  while (!(now?.tag === 'INPUT' && now.type === 'checkbox') && presses < 20) {
    await page.keyboard.press('Tab');
    presses += 1;
    now = await focused();
  }
  assert.equal(now?.type, 'checkbox', 'Tab reaches a checkbox');
  assert.notEqual(now.outline, 'none', 'the focused checkbox has a visible focus outline');
  const value = now.value;
  const n = servicesWithNeeds(value).length;
  await page.keyboard.press('Space');
  await w.announced(countText(n));
  assert.equal(await w.checkbox('needs', value).isChecked(), true, 'Space checks it');
  assert.equal((await focused()).value, value, 'focus stays on the checkbox after the results change');
  await page.keyboard.press('Space');
  await w.announced(countText(TOTAL));
  assert.equal(await w.checkbox('needs', value).isChecked(), false, 'Space again unchecks it');

  // A collapsed facet opens from the keyboard.
  await w.$('details.facet summary').first().focus();
  await page.keyboard.press('Enter');
  assert.equal(await w.$('details.facet').first().evaluate((d) => d.open), true, 'Enter opens a facet');
});

test('advice: a conversation need is call-center work, adding payroll calls for BPO', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  const advice = w.$('aside.advice');
  await w.check('needs', CALL_NEED);
  assert.match(await advice.textContent(), /Call center\./);
  assert.doesNotMatch(await advice.textContent(), /BPO\./);
  await w.check('needs', BPO_NEED);
  assert.match(await advice.textContent(), /BPO\./);
  assert.match(await advice.textContent(), new RegExp(needLabel(BPO_NEED)));
  const guide = await advice.locator('a').getAttribute('href');
  assert.ok(guide.startsWith(SITE + '/'), `the guide link points at the knowledge base: ${guide}`);
  const response = await page.request.get(guide);
  assert.equal(response.status(), 200, `the guide ${guide} exists`);
});

test('near-misses are listed under "Covers part of your need" with what they lack', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  await w.check('needs', CALL_NEED);
  await w.check('needs', BPO_NEED);
  const near = w.$('section.near');
  assert.equal(await near.getByRole('heading', { name: 'Covers part of your need' }).isVisible(), true);
  // Membership from the data: full matches carry both needs, near-misses exactly one; full ones come first.
  const both = servicesWithNeeds(CALL_NEED, BPO_NEED);
  const either = new Set([...servicesWithNeeds(CALL_NEED), ...servicesWithNeeds(BPO_NEED)]);
  const nearSlugs = await near.locator('.card').evaluateAll((cards) => cards.map((c) => c.dataset.slug));
  const allSlugs = await w.slugs();
  assert.ok(nearSlugs.length > 0, 'some services cover one of the two needs');
  for (const slug of nearSlugs) assert.ok(either.has(slug) && !both.includes(slug), `${slug} covers exactly one need`);
  assert.deepEqual(allSlugs.slice(allSlugs.length - nearSlugs.length), nearSlugs, 'near-misses follow the full matches');
  for (const slug of allSlugs.slice(0, allSlugs.length - nearSlugs.length)) assert.ok(both.includes(slug), `${slug} is a full match`);
  const missing = await near.locator('.missing').allTextContents();
  assert.ok(missing.length > 0);
  for (const text of missing) {
    assert.ok(
      text.includes(needLabel(CALL_NEED)) || text.includes(needLabel(BPO_NEED)),
      `a near-miss names the need it lacks: ${text}`,
    );
  }
});

test('show more adds a page of cards and moves focus to the first new one', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  assert.equal(await w.cards.count(), 5);
  await w.button('Show more').click();
  await page.waitForFunction(() => document.querySelector('shoreline-explorer').shadowRoot.querySelectorAll('.card').length === 10);
  const focusedSlug = await page.evaluate(
    () => document.querySelector('shoreline-explorer').shadowRoot.activeElement?.closest('.card')?.dataset.index,
  );
  assert.equal(focusedSlug, '5', 'focus is on the sixth card');
});

const facetValueLabel = (facet, id) => {
  const f = catalog.facets[facetIndex(facet)];
  return f.values.find((v) => v.id === id).label;
};

test('a sentence becomes removable "we understood" chips, and removing one re-ranks', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  await w.search.fill('Our clinic needs Spanish-speaking people to answer patient calls overnight, HIPAA compliant');
  const hipaa = w.button(`Remove ${facetValueLabel('compliance', 'HIPAA')}`);
  await hipaa.waitFor();
  for (const [facet, value] of [['languages', 'es'], ['industries', 'healthcare'], ['coverage_hours', '24x7']]) {
    assert.equal(await w.button(`Remove ${facetValueLabel(facet, value)}`).isVisible(), true, `${facet}=${value} is understood`);
  }
  const before = await w.slugs();
  assert.ok(before.slice(0, 3).includes('medical-after-hours-answering'), `the HIPAA answering service ranks high: ${before}`);
  // The HIPAA service's lead over the best listed service without HIPAA (from catalog.json).
  const C = facetIndex('compliance');
  const hipaaIndex = catalog.facets[C].values.findIndex((v) => v.id === 'HIPAA');
  const withoutHipaa = new Set(catalog.services.filter((s) => !s.facets[C].includes(hipaaIndex)).map((s) => s.slug));
  const gap = async () => {
    const cards = await w.$('.card').evaluateAll((cs) => cs.map((c) => [c.dataset.slug, Number(c.dataset.score)]));
    const top = cards.find(([slug]) => slug === 'medical-after-hours-answering');
    const rest = cards.filter(([slug]) => withoutHipaa.has(slug)).map(([, s]) => s);
    assert.ok(top && rest.length > 0, 'the HIPAA service and some without HIPAA are listed');
    return top[1] - Math.max(...rest);
  };
  const leadBefore = await gap();
  // Each card carries its score: removing what the buyer said must change how every listed service fits.
  const scored = () => w.$('.card').evaluateAll((cards) => cards.map((c) => `${c.dataset.slug}=${c.dataset.score}`).join(' '));
  const was = await scored();
  await hipaa.click();
  await page.waitForFunction(() => location.hash.includes('x:compliance%3DHIPAA'));
  assert.equal(await hipaa.count(), 0, 'the chip is gone');
  await page.waitForFunction(
    ([h, before]) => [...document.querySelector(h).shadowRoot.querySelectorAll('.card')]
      .map((c) => `${c.dataset.slug}=${c.dataset.score}`).join(' ') !== before,
    ['shoreline-explorer', was],
  );
  assert.ok((await gap()) < leadBefore, 'without HIPAA the HIPAA-compliant service leads by less');
});

test('a misspelt need still finds its service', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  await w.search.fill('our HR team loses a week to payrol ');
  await page.waitForFunction(() =>
    [...document.querySelector('shoreline-explorer').shadowRoot.querySelectorAll('.card')].slice(0, 3).some(
      (c) => c.dataset.slug === 'payroll-processing'),
  );
  assert.equal(await w.$('.card[data-slug="payroll-processing"] mark').first().textContent(), 'Payroll', 'the matched word is highlighted');
});

test('zero results: a button removes the one filter that brings most services back', async (t) => {
  // A value of an all-of facet that no after-hours service lists, chosen from the data.
  let choice = null;
  for (const facet of ['languages', 'compliance', 'channels']) {
    const f = facetIndex(facet);
    catalog.facets[f].values.forEach((v, i) => {
      const withValue = catalog.services.filter((s) => s.facets[f].includes(i));
      const both = withValue.filter((s) => CALL_SERVICES.includes(s.slug));
      if (!choice && withValue.length > 0 && both.length === 0) choice = { facet, value: v.id, label: v.label, count: withValue.length };
    });
  }
  assert.ok(choice, 'the catalog has a value no after-hours service lists');
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  await w.check('needs', CALL_NEED);
  await w.check(choice.facet, choice.value);
  await w.announced(countText(0));
  const [label, count] = CALL_SERVICES.length >= choice.count
    ? [choice.label, CALL_SERVICES.length]
    : [needLabel(CALL_NEED), choice.count];
  const recover = w.button(`Remove ${label} to see ${countText(count)}`);
  await recover.click();
  await w.announced(countText(count));
});

test('compare opens from the URL hash, hides equal rows on demand, and is keyboard operable', async (t) => {
  const [a, b] = ['after-hours-answering', 'medical-after-hours-answering'];
  const page = await open(t, `${SITE}/__explorer-test/#explorer=c:${a},${b}`);
  const w = widget(page);
  const table = w.$('.compare table');
  await table.waitFor();
  const titles = Object.fromEntries(catalog.services.map((s) => [s.slug, s.title]));
  assert.deepEqual(await w.$('.compare thead th').allTextContents(), ['Facet', titles[a], titles[b]]);
  assert.equal(await w.$('.compare tbody tr').count(), catalog.facets.length, 'one row per facet');
  // The differing rows, computed from catalog.json.
  const sa = catalog.services.find((s) => s.slug === a);
  const sb = catalog.services.find((s) => s.slug === b);
  const differing = catalog.facets.filter((f, i) => JSON.stringify(sa.facets[i]) !== JSON.stringify(sb.facets[i])).map((f) => f.label);
  await w.$('.compare input[type=checkbox]').check();
  assert.deepEqual(await w.$('.compare tbody th').allTextContents(), differing, 'only the rows that differ');
  // Keyboard: the close button is reachable and clears the comparison from the hash.
  await w.button('Close comparison').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !location.hash.includes('c:'));
  assert.equal(await table.count(), 0);
  // A card's Compare button adds it; Space on a second one opens the comparison.
  await w.announced(countText(TOTAL));
  const toggles = w.$('.card .compare-toggle');
  await toggles.nth(0).click();
  assert.equal(await toggles.nth(0).getAttribute('aria-pressed'), 'true');
  await toggles.nth(1).focus();
  await page.keyboard.press('Space');
  await table.waitFor();
  assert.equal(await w.$('.compare thead th').count(), 3);
});

test('an unknown need id in needs="" is named in one console warning with the allowed ids', async (t) => {
  const warnings = [];
  const page = await browser.newPage();
  t.after(() => page.close());
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto(`${SITE}/__explorer-test/bogus-needs/`);
  const w = widget(page);
  await w.announced(countText(CALL_SERVICES.length));
  const ours = warnings.filter((m) => m.startsWith('shoreline-explorer:'));
  assert.equal(ours.length, 1, `one warning: ${warnings}`);
  assert.ok(ours[0].includes('bogus-id') && ours[0].includes(CALL_NEED) && ours[0].includes(BPO_NEED), ours[0]);
  assert.equal(await w.checkbox('needs', CALL_NEED).isChecked(), true, 'the known id is still selected');
});

test('a javascript: call to action is never linked', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/unsafe-cta/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  assert.ok((await w.cards.count()) > 0, 'results render');
  assert.equal(await w.$('a.cta').count(), 0, 'no call-to-action link is written for a javascript: href');
  const hrefs = await w.$('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  assert.ok(hrefs.every((h) => !/^\s*javascript:/i.test(h)), `no javascript: link: ${hrefs}`);
});

test('empty state offers an expert and a way back', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  await w.search.fill('xqzvy');
  await w.announced(countText(0));
  assert.equal(await w.$('.empty h2').textContent(), 'No service matches.');
  const expert = w.$('.empty a.cta');
  assert.equal(await expert.textContent(), 'Talk to an expert');
  assert.equal(await expert.getAttribute('href'), 'https://sales.example.com/contact?utm_source=kb');
  await w.button('Clear all filters').click();
  await w.announced(countText(TOTAL));
});

test('a catalog that cannot be loaded brings back the author fallback and explains in one console warning', async (t) => {
  const warnings = [];
  const page = await open(t, `${SITE}/__explorer-test/broken/`, { expectErrors: true }); // the 404 itself
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  const w = widget(page);
  await w.announced('The service catalog could not be loaded.');
  assert.equal(await page.locator('shoreline-explorer .fallback').isVisible(), true, 'the fallback list of the author is shown');
  const shown = await page.locator('shoreline-explorer').evaluate((e) => e.shadowRoot.textContent);
  assert.ok(!/404|fetch|no-such-catalog/i.test(shown), `no raw error on screen: ${shown}`);
  await page.waitForFunction(() => true);
  const ours = warnings.filter((m) => m.startsWith('shoreline-explorer:'));
  assert.ok(ours.length <= 1 && (ours.length === 0 || /no-such-catalog\.json/.test(ours[0])), `${ours}`);
});

test('a catalog.json served with a byte order mark loads like one without', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/bom/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  assert.equal(await w.cards.count(), Math.min(TOTAL, 5), 'limit="5" shows five cards');
});

test('CTA links carry the service slug, their own query and the page utm parameters', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/?utm_campaign=spring&utm_source=ignored`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  const card = w.cards.first();
  const slug = await card.getAttribute('data-slug');
  const href = new URL(await card.locator('a.cta').getAttribute('href'));
  assert.equal(href.origin + href.pathname, 'https://sales.example.com/contact');
  assert.equal(href.searchParams.get('service'), slug);
  assert.equal(href.searchParams.get('utm_source'), 'kb', "the CTA's own utm_source wins");
  assert.equal(href.searchParams.get('utm_campaign'), 'spring', 'the page utm_campaign passes through');
  const title = new URL(await card.locator('h3 a').getAttribute('href'));
  assert.equal(title.origin, SITE, 'service links point at the knowledge base');
  assert.equal((await page.request.get(title.href)).status(), 200, `${title.href} exists`);
});

test('embedded on another origin under hostile CSS: renders, buttons visible, instances independent', async (t) => {
  const page = await open(t, `${SALES}/`);
  const calls = widget(page, '#calls');
  const office = widget(page, '#office');
  await calls.announced(countText(CALL_SERVICES.length));
  await office.announced(countText(servicesWithNeeds(BPO_NEED).length));
  await page.screenshot({ path: embedScreenshotPath });
  assert.equal(await page.locator('#calls > p.fallback').isVisible(), false, 'fallback hidden');
  assert.equal(await page.locator('#calls').evaluate((e) => getComputedStyle(e).display), 'block');
  const clear = calls.button('Clear all');
  assert.equal(await clear.isVisible(), true, 'the widget buttons survive `button { display: none }`');
  assert.notEqual(await clear.evaluate((b) => getComputedStyle(b).display), 'none');
  assert.equal(await calls.cards.count(), 3);
  // Host CSS does not leak in (font size 30px / red on the page), the theme variable does.
  const style = await calls.$('.sx').evaluate((e) => ({ size: getComputedStyle(e).fontSize, color: getComputedStyle(e).color }));
  assert.deepEqual(style, { size: '16px', color: 'rgb(28, 34, 48)' });
  assert.equal(await calls.$('a.cta').first().evaluate((a) => getComputedStyle(a).backgroundColor), 'rgb(180, 0, 90)');

  // Namespaced hash state: changing one widget leaves the other alone.
  await office.check('needs', 'bookkeeping');
  await office.announced(countText(servicesWithNeeds(BPO_NEED, 'bookkeeping').length));
  await page.waitForFunction(() => /explorer-office=needs:(bookkeeping,payroll|payroll,bookkeeping)/.test(location.hash));
  assert.equal(await calls.status.textContent(), countText(CALL_SERVICES.length));
});

test('a host page with a strict CSP (script-src kb + wasm-unsafe-eval, no inline styles) still gets a styled widget', async (t) => {
  const page = await open(t, `${SALES}/csp`, { expectErrors: true }); // the page's own inline <style> is refused
  const calls = widget(page, '#calls');
  await calls.announced(countText(CALL_SERVICES.length));
  const button = calls.button('Clear all');
  assert.equal(await button.isVisible(), true);
  const look = await button.evaluate((b) => ({ radius: getComputedStyle(b).borderTopLeftRadius, color: getComputedStyle(b).color }));
  assert.deepEqual(look, { radius: '10px', color: 'rgb(11, 95, 255)' }, 'the widget stylesheet applies under the CSP');
});

test('the widget bundle holds no HTML-string sink', () => {
  for (const file of fs.readdirSync(path.join(siteDir, 'explorer')).filter((f) => f.endsWith('.js'))) {
    const text = fs.readFileSync(path.join(siteDir, 'explorer', file), 'utf8');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write']) {
      assert.ok(!text.includes(sink), `${file} uses ${sink}`);
    }
  }
});

test('under Trusted Types (require-trusted-types-for) the widget renders and re-mounts without an HTML sink', async (t) => {
  const page = await open(t, `${SALES}/csp-tt`, { expectErrors: true }); // the page's own inline <style> is refused
  const violations = [];
  page.on('console', (m) => /TrustedHTML|Trusted Type/i.test(m.text()) && violations.push(m.text()));
  const calls = widget(page, '#calls');
  await calls.announced(countText(CALL_SERVICES.length));
  assert.ok((await calls.cards.count()) > 0, 'results render');
  // An attribute change re-mounts the widget, which empties its shadow root.
  await page.evaluate(() => document.querySelector('#calls').setAttribute('limit', '2'));
  await page.waitForFunction(() => document.querySelector('#calls').shadowRoot.querySelectorAll('.card').length === 2);
  assert.deepEqual(violations, [], 'no Trusted Types violation');
});

test('an integer facet filters to "at most N"', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  const f = facetIndex('ramp_up_weeks');
  assert.ok(f >= 0, 'catalog.json has ramp_up_weeks');
  const weeks = catalog.services.map((s) => s.facets[f]).filter((n) => typeof n === 'number');
  const limit = Math.min(...weeks);
  const expected = weeks.filter((n) => n <= limit).length;
  await w.$('details.facet:has(select[name=ramp_up_weeks]) > summary').click();
  await w.$('select[name=ramp_up_weeks]').selectOption(String(limit));
  await w.announced(countText(expected));
  assert.ok(expected < TOTAL);
  await w.$('select[name=ramp_up_weeks]').selectOption('');
  await w.announced(countText(TOTAL));
});

test('choosing a result sends shoreline:select to the host page', async (t) => {
  const page = await open(t, `${SALES}/`);
  const calls = widget(page, '#calls');
  await calls.announced(countText(CALL_SERVICES.length));
  await page.evaluate(() => {
    window.selected = [];
    document.addEventListener('shoreline:select', (e) => window.selected.push({ ...e.detail, from: e.target.id }));
    // Stay on the page so the event can be inspected.
    document.addEventListener('click', (e) => e.preventDefault());
  });
  const card = calls.cards.first();
  const slug = await card.getAttribute('data-slug');
  await card.locator('h3 a').click();
  await card.locator('a.cta').click();
  const selected = await page.evaluate(() => window.selected);
  assert.equal(selected.length, 2, 'title and CTA both report');
  assert.equal(selected[0].slug, slug);
  assert.equal(selected[0].from, 'calls', 'the event comes from the widget element');
  assert.deepEqual(selected[0].filters, { needs: [CALL_NEED] });
  const cta = new URL(await card.locator('a.cta').getAttribute('href'));
  assert.equal(cta.origin, SALES, 'a relative cta-href resolves on the host page');
  assert.equal(cta.searchParams.get('service'), slug);
});

test('screenshot of the widget on the knowledge base', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/#explorer=needs:${CALL_NEED},${BPO_NEED}`, { width: 1280, height: 1000 });
  const w = widget(page);
  await w.announced(countText(servicesWithNeeds(CALL_NEED, BPO_NEED).length));
  fs.mkdirSync(path.dirname(screenshotPath), { recursive: true });
  await page.screenshot({ path: screenshotPath, fullPage: true });
  assert.ok(fs.statSync(screenshotPath).size > 10_000, 'the screenshot has content');
});
import './embed.mjs';
import './embed.mjs';
import './a11y.mjs';
import './phone.mjs';
import './chrome.mjs';
import './search.mjs';

// The two ways a sales page embeds the explorer from another origin: the classic bundle from a static server
// that sends no CORS headers (what S3, many CDNs and hand-written nginx configs do), also under a CSP with no
// connect-src and Trusted Types; and, against it, the module loader, which needs CORS and is refused there.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BPO_NEED, CALL_SERVICES, PLAIN, SALES, countText, open, servicesWithNeeds, widget } from './harness.mjs';

/** Every request the page makes, with the response's CORS header. */
function recordRequests(page) {
  const seen = [];
  page.on('response', (r) => seen.push({ url: r.url(), cors: r.headers()['access-control-allow-origin'] }));
  return seen;
}

test('the classic bundle renders results from a server with no CORS header, fetching nothing else', async (t) => {
  const page = await open(t, `${SALES}/classic`, { width: 1280, height: 900 });
  const seen = recordRequests(page);
  await page.reload(); // `open` navigated before the recorder was attached
  const calls = widget(page, '#calls');
  await calls.announced(countText(CALL_SERVICES.length));
  const office = widget(page, '#office');
  await office.announced(countText(servicesWithNeeds(BPO_NEED).length));
  assert.ok((await calls.cards.count()) > 0, 'results render');
  // Interact: a typed need re-ranks, so the engine runs on the inlined catalog, not just a first paint.
  await calls.search.fill('overnight phone answering for a clinic');
  await page.waitForFunction(() => document.querySelector('#calls').shadowRoot.querySelector('.understood'));
  const fromKb = seen.filter((r) => r.url.startsWith(PLAIN));
  assert.deepEqual(fromKb.map((r) => new URL(r.url).pathname), ['/explorer/shoreline-explorer.bundle.js'],
    'one file from the knowledge base: no wasm, glue or catalog.json fetched');
  assert.ok(fromKb.every((r) => r.cors === undefined), 'the server sent no CORS header');
  // Links in the cards point at the knowledge base the bundle came from, not at the sales page.
  const href = await calls.$('.card a[href]').first().getAttribute('href');
  assert.ok(href.startsWith(PLAIN), `a card links to ${href}`);
});

test('the classic bundle works under a CSP with no connect-src and Trusted Types', async (t) => {
  // The page's own inline <style> is refused by style-src 'none': that is the one expected console error.
  const page = await open(t, `${SALES}/classic-csp-tt`, { expectErrors: true });
  const violations = [];
  page.on('console', (m) => /Trusted Type|Content Security Policy.*(script|connect)/i.test(m.text()) && violations.push(m.text()));
  const office = widget(page, '#office');
  await office.announced(countText(servicesWithNeeds(BPO_NEED).length));
  await office.search.fill('payroll');
  await page.waitForFunction(() => document.querySelector('#office').shadowRoot.querySelector('.card mark'));
  assert.deepEqual(violations, [], 'no script, connect or Trusted Types violation');
});

test('the module loader from the same server is refused by CORS, which is why the classic bundle exists', async (t) => {
  const page = await open(t, `${SALES}/module-nocors`, { expectErrors: true });
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#calls .fallback'));
  await page.waitForTimeout(1500);
  assert.ok(errors.some((e) => /CORS/.test(e)), `a CORS error is reported: ${errors.join(' | ')}`);
  // The author's fallback stays visible: the visitor is never left with an empty box.
  assert.equal(await page.locator('#calls .fallback').isVisible(), true);
});

// What every browser test file shares: the built site, expectations read from its catalog.json, the two
// local servers and headless Chromium (started once), and the widget's locator helpers.
//
// <site_dir> is a built site: explorer/ (the bundle), catalog.json at its root, and the generator's pages.
// Two local servers stand in for the two places the widget runs: the knowledge base itself (serving
// <site_dir>, with CORS open) and a third-party sales page on another origin that embeds the widget with one
// script tag and hostile CSS. Expected numbers are computed from catalog.json, so the checks follow the data.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const siteDir = path.resolve(process.argv[2] ?? path.join(repoRoot, 'public'));
export const chromiumPath = process.env.SHORELINE_CHROMIUM ?? '/usr/bin/chromium';
export const screenshotPath = path.join(repoRoot, 'target/explorer-screenshot.png');
export const embedScreenshotPath = path.join(repoRoot, 'target/explorer-embed-screenshot.png');

for (const needed of ['explorer/shoreline-explorer.js', 'catalog.json']) {
  if (!fs.existsSync(path.join(siteDir, needed))) {
    console.error(`${siteDir} has no ${needed}: build the site with the explorer bundle first`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------- expectations from catalog.json

export const catalog = JSON.parse(fs.readFileSync(path.join(siteDir, 'catalog.json'), 'utf8'));
export const facetIndex = (id) => catalog.facets.findIndex((f) => f.id === id);
export const NEEDS = facetIndex('needs');
assert.ok(NEEDS >= 0, 'catalog.json has a needs facet');
export const needIndex = (id) => {
  const i = catalog.facets[NEEDS].values.findIndex((v) => v.id === id);
  assert.ok(i >= 0, `catalog.json has need ${id}`);
  return i;
};
export const needLabel = (id) => catalog.facets[NEEDS].values[needIndex(id)].label;
/** Slugs of services that carry every one of `needs` (the needs facet matches all-of). */
export const servicesWithNeeds = (...needs) =>
  catalog.services
    .filter((s) => needs.every((n) => s.facets[NEEDS].includes(needIndex(n))))
    .map((s) => s.slug);
export const TOTAL = catalog.services.length;
export const countText = (n) => (n === 1 ? '1 service' : `${n} services`);
/** The element focused inside the widget's shadow root (or the page's), as `TAG:type`, with its class. */
export const focusedElement = (page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? { tag: `${el.tagName}:${el.type ?? ''}`, id: el.id, className: el.className, text: el.textContent } : null;
  });

// A conversation need and a back-office need: the advice must differ between them.
export const CALL_NEED = 'after-hours-calls';
export const BPO_NEED = 'payroll';
export const CALL_SERVICES = servicesWithNeeds(CALL_NEED);
assert.ok(CALL_SERVICES.length > 0 && CALL_SERVICES.length < TOTAL, 'after-hours-calls narrows the catalog');
assert.ok(CALL_SERVICES.includes('after-hours-answering'), 'after-hours-answering carries after-hours-calls');

// ---------------------------------------------------------------- servers

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** A page of the knowledge base's own origin with one widget, for the behaviour tests. Its content sits in a
 *  <main> as on a real page, so the accessibility checks (a11y.mjs) judge the widget, not a bare fixture. */
const testPage = (extraAttributes = '', cta = 'https://sales.example.com/contact?utm_source=kb') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Explorer test page</title>
<script type="module" src="/explorer/shoreline-explorer.js"></script></head>
<body><main><h1>Find a service</h1>
<shoreline-explorer limit="5" cta-href="${cta}" cta-label="Get a quote"${extraAttributes}>
  <ul class="fallback"><li><a href="/services/">All services</a></li></ul>
</shoreline-explorer>
<p><a href="#end" id="end">End of page</a></p>
</main></body></html>`;

/** A sales page on another origin: one script tag, hostile CSS, two namespaced widgets. */
const salesPage = (kbOrigin, classic = false) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme outsourcing: talk to us</title>
<style>* { all: revert } button { display: none } body { font: 30px/3 serif; color: red }</style>
${classic
    ? `<script src="${kbOrigin}/explorer/shoreline-explorer.bundle.js" defer></script>`
    : `<script type="module" src="${kbOrigin}/explorer/shoreline-explorer.js"></script>`}</head>
<body><h1>Acme Outsourcing</h1>
<shoreline-explorer id="calls" needs="${CALL_NEED}" limit="3" cta-href="/contact?utm_source=acme"
  style="--shoreline-accent: #b4005a"><p class="fallback">See our services at the knowledge base.</p></shoreline-explorer>
<shoreline-explorer id="office" needs="${BPO_NEED}" limit="3"></shoreline-explorer>
</body></html>`;

export function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Serves the site dir: one decode, no `..`, directories to index.html, the right MIME types, open CORS
 * unless `cors` is false (what S3, many CDNs and hand-written nginx configs send). */
function serveSite(req, res, cors = true) {
  const url = new URL(req.url, 'http://x');
  if (cors) res.setHeader('Access-Control-Allow-Origin', '*');
  if (url.pathname === '/__explorer-test/push/' || url.pathname === '/__explorer-test/no-history/') {
    res.writeHead(200, { 'Content-Type': MIME['.html'] });
    return res.end(testPage(url.pathname.includes('push') ? ' history="push"' : ' history="none"'));
  }
  const lang = url.pathname.match(/^\/__explorer-test\/lang\/([A-Za-z-]+)\/$/);
  if (lang) {
    res.writeHead(200, { 'Content-Type': MIME['.html'] });
    return res.end(testPage(` lang="${lang[1]}"`));
  }
  if (url.pathname === '/__explorer-test/bogus-needs/') {
    res.writeHead(200, { 'Content-Type': MIME['.html'] });
    return res.end(testPage(` needs="bogus-id ${CALL_NEED}"`));
  }
  if (url.pathname === '/__explorer-test/far/') {
    res.writeHead(200, { 'Content-Type': MIME['.html'] });
    return res.end(testPage().replace('<body>', '<body><div id="spacer" style="height: 6000px">A long sales page</div>'));
  }
  if (url.pathname === '/__explorer-test/unsafe-cta/') {
    res.writeHead(200, { 'Content-Type': MIME['.html'] });
    return res.end(testPage('', 'javascript:window.__pwned=1'));
  }
  // The catalog as a hand-edited copy on a Windows host may serve it: a UTF-8 byte order mark first.
  if (url.pathname === '/__explorer-test/bom/') {
    res.writeHead(200, { 'Content-Type': MIME['.html'] });
    return res.end(testPage(' catalog="/__explorer-test/bom-catalog.json"'));
  }
  if (url.pathname === '/__explorer-test/bom-catalog.json') {
    res.writeHead(200, { 'Content-Type': MIME['.json'] });
    return res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(path.join(siteDir, 'catalog.json'))]));
  }
  if (url.pathname === '/__explorer-test/' || url.pathname === '/__explorer-test/broken/') {
    res.writeHead(200, { 'Content-Type': MIME['.html'] });
    return res.end(testPage(url.pathname.includes('broken') ? ' catalog="/no-such-catalog.json"' : ''));
  }
  let rel;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400);
    return res.end();
  }
  if (rel.split('/').includes('..')) {
    res.writeHead(403);
    return res.end();
  }
  let file = path.join(siteDir, rel);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('not found');
  }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}

let siteServer, plainServer, salesServer;
/** SITE serves the built site with CORS, PLAIN the same files without; SALES is the embedding host. */
export let browser, SITE, PLAIN, SALES;

before(async () => {
  siteServer = await listen(serveSite);
  SITE = `http://127.0.0.1:${siteServer.address().port}`;
  plainServer = await listen((req, res) => serveSite(req, res, false));
  PLAIN = `http://127.0.0.1:${plainServer.address().port}`;
  salesServer = await listen((req, res) => {
    const headers = { 'Content-Type': MIME['.html'] };
    // `/classic...` embeds the classic bundle from the server without CORS; `/module-nocors` the module loader.
    if (req.url.startsWith('/classic') || req.url.startsWith('/module-nocors')) {
      if (req.url.startsWith('/classic-csp-tt')) {
        // The classic bundle fetches nothing: no connect-src at all.
        headers['Content-Security-Policy'] = `default-src 'none'; script-src ${PLAIN} 'wasm-unsafe-eval'; ` +
          "style-src 'none'; require-trusted-types-for 'script'";
      }
      res.writeHead(200, headers);
      return res.end(salesPage(PLAIN, req.url.startsWith('/classic')));
    }
    if (req.url.startsWith('/csp')) {
      // The lines the embedding notes tell a host to add, and nothing else: no inline styles, no eval; with
      // `/csp-tt`, Trusted Types too, so any HTML string the widget assigned would throw.
      headers['Content-Security-Policy'] =
        `default-src 'none'; script-src ${SITE} 'wasm-unsafe-eval'; connect-src ${SITE}; style-src 'none'` +
        (req.url.startsWith('/csp-tt') ? "; require-trusted-types-for 'script'" : '');
    }
    res.writeHead(200, headers);
    res.end(salesPage(SITE));
  });
  // localhost vs 127.0.0.1 and a different port: a different origin in every respect.
  SALES = `http://localhost:${salesServer.address().port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  // Smoke check: when the bundle does not mount at all, fail every test at once instead of each timing out.
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(`${SITE}/__explorer-test/`);
  await page
    .waitForFunction(() => /services?$/.test(
      document.querySelector('shoreline-explorer')?.shadowRoot?.querySelector('[role=status]')?.textContent ?? ''),
    null, { timeout: 15_000 })
    .catch((e) => {
      throw new Error(`the widget did not mount on ${SITE}/__explorer-test/: ${problems.join(' | ') || e.message}`);
    })
    .finally(() => page.close());
});

after(async () => {
  await browser?.close();
  siteServer?.close();
  plainServer?.close();
  salesServer?.close();
});

// ---------------------------------------------------------------- helpers

/** Opens `url` in a fresh context; page errors and console errors fail the test that opened it. */
export async function open(t, url, { width = 1280, height = 900, expectErrors = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A failed request is reported below with its URL.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()}: ${r.url()}`));
  t.after(async () => {
    await context.close();
    if (expectErrors) assert.ok(errors.length > 0, 'the failure is reported in the console');
    else assert.deepEqual(errors, [], 'no errors in the page');
  });
  await page.goto(url);
  return page;
}

/** The widget's locator helpers; `host` is a CSS selector of the <shoreline-explorer> element. */
export function widget(page, host = 'shoreline-explorer') {
  const $ = (sel) => page.locator(`${host} ${sel}`);
  return {
    $,
    status: $('[role=status]'),
    checkbox: (facet, value) => $(`input[type=checkbox][name="${facet}"][value="${value}"]`),
    /** Checks a value, first opening what holds it, as a user would: the filter drawer (phone layout), "More
     *  filters", then the folded group or facet. */
    check: async (facet, value) => {
      const drawer = $('.filters-toggle');
      if ((await drawer.isVisible()) && (await drawer.getAttribute('aria-expanded')) === 'false') await drawer.click();
      const more = $('.more-toggle[aria-expanded="false"]');
      if ((await $(`#sx-more:has(input[name="${facet}"][value="${value}"])`).count()) && (await more.count())) await more.click();
      const folded = $(`details:has(input[name="${facet}"][value="${value}"])`).last();
      if ((await folded.count()) && !(await folded.evaluate((d) => d.open))) await folded.locator('> summary').click();
      await $(`input[type=checkbox][name="${facet}"][value="${value}"]`).check();
    },
    count: (facet, value) =>
      $(`label:has(input[name="${facet}"][value="${value}"]) .count`).evaluate((e) => Number(e.textContent.match(/\d+/)[0])),
    search: $('input[type=search]'),
    cards: $('.card'),
    slugs: () => $('.card').evaluateAll((cards) => cards.map((c) => c.dataset.slug)),
    button: (name) => page.locator(host).getByRole('button', { name, exact: true }),
    /** Waits until the live region has announced `text` (it is debounced). */
    announced: async (text) => {
      await page.waitForFunction(
        ([h, want]) => document.querySelector(h)?.shadowRoot?.querySelector('[role=status]')?.textContent.trim() === want,
        [host, text],
      );
    },
  };
}


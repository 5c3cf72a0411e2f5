// Browser benchmark of the <shoreline-explorer> widget: figures for the notes, not a test (nothing fails on a
// slow number; only a widget that never shows results stops the run).
//
//   node tests/browser/bench.mjs <dir>
//
// <dir> holds the bundle in explorer/ and a catalog.json beside it (`cargo xtask bench` writes a synthetic
// 10,000-service one). One local server serves it plus a bare page with one widget, and headless Chromium
// measures, inside the page:
//   - load: navigation (and the loader script's request) to the first results painted, median of 5 cold loads;
//   - keystroke and facet click to painted results, median of 20 each.
// "Painted" is the end of the first frame after the change: a requestAnimationFrame callback runs just before
// the frame is drawn and a message posted from it is delivered just after. "DOM updated" stops earlier, when
// the widget's render has changed the shadow DOM, so the two together separate our work from frame timing.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const dir = path.resolve(process.argv[2] ?? '');
const chromiumPath = process.env.SHORELINE_CHROMIUM ?? '/usr/bin/chromium';
const LOADS = 5;
const KEYSTROKES = 20;
const CLICKS = 20;
// Typed one character at a time: prefixes, whole words and the spaces between them all occur.
const TYPED = 'evening payroll calls';
// Needs toggled in turn (by position in the list): on, on, ... then off again, so selections grow and shrink.
const CLICKED_NEEDS = 5;
const BUDGET = { load: 300, keystroke: 16, throttled: 50 };
/** Chromium's CPU slowdown for the phone-like pass (DevTools' "4x slowdown"). */
const THROTTLE = 4;

for (const needed of ['explorer/shoreline-explorer.js', 'catalog.json']) {
  if (!fs.existsSync(path.join(dir, needed))) {
    console.error(`${dir} has no ${needed}: run \`cargo xtask bench\`, which prepares it`);
    process.exit(1);
  }
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Explorer bench</title>
<script type="module" src="/explorer/shoreline-explorer.js"></script></head>
<body><shoreline-explorer limit="10"></shoreline-explorer></body></html>`;

/** Serves the page at / and files of <dir> (no `..`, no directory listings). */
function serve(req, res) {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/') {
    res.writeHead(200, { 'Content-Type': MIME['.html'], 'Cache-Control': 'no-store' });
    return res.end(PAGE);
  }
  let rel;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400);
    return res.end();
  }
  const file = path.join(dir, rel);
  if (rel.split('/').includes('..') || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}

// Installed before any page script runs: watches the widget's shadow root from the moment it exists.
function instrument() {
  const bench = (window.__bench = { root: null, ready: null, readyPainted: null });
  const afterPaint = (callback) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => callback(performance.now());
      channel.port2.postMessage(null);
    });
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    if (this.localName === 'shoreline-explorer') {
      bench.root = root;
      const observer = new MutationObserver(() => {
        if (bench.ready === null && root.querySelector('.cards, .empty')) {
          bench.ready = performance.now();
          observer.disconnect();
          afterPaint((t) => (bench.readyPainted = t));
        }
      });
      observer.observe(root, { subtree: true, childList: true });
    }
    return root;
  };
  // One interaction: `start` is the input event that begins it (its timeStamp is when the browser got it),
  // `handled` the event the widget reacts to; it has been handled once that event reaches the shadow root.
  // `pressed`, when given, is an earlier event whose time is kept too (the pointerdown before a click).
  bench.measure = (start, handled, pressed) =>
    new Promise((resolve) => {
      const root = bench.root;
      let t0 = null;
      let down = null;
      let dom = null;
      if (pressed) root.addEventListener(pressed, (e) => (down = e.timeStamp), { capture: true, once: true });
      const observer = new MutationObserver(() => (dom = performance.now()));
      observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
      root.addEventListener(start, (e) => (t0 = e.timeStamp), { capture: true, once: true });
      root.addEventListener(
        handled,
        () =>
          // The widget renders in a microtask after its handler; those run before the frame's callbacks.
          afterPaint((painted) => {
            observer.disconnect();
            resolve({ t0, down, dom, painted });
          }),
        { once: true },
      );
    });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const ms = (x) => (x === null || Number.isNaN(x) ? 'n/a' : `${x.toFixed(1)} ms`);

const server = await new Promise((resolve) => {
  const s = http.createServer(serve);
  s.listen(0, '127.0.0.1', () => resolve(s));
});
const ORIGIN = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

/** A fresh context (empty cache) with the instrumented page loaded and the first results painted. */
async function load() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.addInitScript(instrument);
  await page.goto(`${ORIGIN}/`);
  await page
    .waitForFunction(() => window.__bench.readyPainted !== null, null, { timeout: 60_000 })
    .catch((e) => {
      throw new Error(`the widget showed no results: ${problems.join(' | ') || e.message}`);
    });
  const timing = await page.evaluate(() => {
    const resource = (suffix) =>
      performance.getEntriesByType('resource').find((r) => r.name.endsWith(suffix)) ?? null;
    const loader = resource('/shoreline-explorer.js');
    const wasm = resource('.wasm');
    const catalog = resource('/catalog.json');
    return {
      loaderStart: loader?.startTime ?? null,
      wasmEnd: wasm?.responseEnd ?? null,
      catalogEnd: catalog?.responseEnd ?? null,
      catalogBytes: catalog?.decodedBodySize ?? null,
      ready: window.__bench.ready,
      painted: window.__bench.readyPainted,
    };
  });
  return { context, page, timing };
}

/** Runs `act` (which sends one input) `count` times and returns the measurements. */
async function interactions(page, count, start, handled, act, pressed = null) {
  const out = [];
  for (let i = 0; i < count; i++) {
    // Not returned: evaluate would wait for the promise, which only settles after the input below.
    await page.evaluate(([s, h, p]) => {
      window.__pending = window.__bench.measure(s, h, p);
    }, [start, handled, pressed]);
    await act(i);
    const r = await page.evaluate(() => window.__pending);
    out.push({
      toDom: r.dom === null ? null : r.dom - r.t0,
      toPaint: r.painted - r.t0,
      fromPress: r.down === null ? null : r.painted - r.down,
    });
    // A pause like a person's between keys, so inputs do not queue behind each other.
    await page.waitForTimeout(100);
  }
  return out;
}

const rows = [];
try {
  const loads = [];
  for (let i = 0; i < LOADS; i++) {
    const { context, timing } = await load();
    loads.push(timing);
    await context.close();
  }
  const catalogKb = (loads[0].catalogBytes / 1024).toFixed(0);
  rows.push([
    `load: navigation -> first results painted (${LOADS} cold loads)`,
    median(loads.map((t) => t.painted)), null,
  ]);
  rows.push([
    'load: loader script requested -> first results painted',
    median(loads.map((t) => t.painted - t.loaderStart)), BUDGET.load,
  ]);
  rows.push([
    '  of which: wasm received -> first results painted',
    median(loads.map((t) => t.painted - t.wasmEnd)), null,
  ]);
  rows.push([
    `  of which: catalog.json (${catalogKb} KB) received -> first results painted`,
    median(loads.map((t) => t.painted - t.catalogEnd)), null,
  ]);

  // Typing, on a fresh page.
  let { context, page } = await load();
  const box = page.locator('shoreline-explorer #sx-q');
  await box.focus();
  const keys = await interactions(page, KEYSTROKES, 'keydown', 'input', (i) =>
    page.keyboard.press(TYPED[i % TYPED.length] === ' ' ? 'Space' : TYPED[i % TYPED.length]),
  );
  rows.push([`keystroke -> results painted (${KEYSTROKES} keys)`, median(keys.map((k) => k.toPaint)), BUDGET.keystroke]);
  rows.push(['keystroke -> DOM updated', median(keys.filter((k) => k.toDom !== null).map((k) => k.toDom)), null]);
  await context.close();

  // Facet clicks, on another fresh page.
  ({ context, page } = await load());
  const needs = page.locator('shoreline-explorer .need-groups input[type=checkbox]');
  // Timed from the click, when the box changes, as INP times each event of an interaction: the pointerdown before
  // it is the press itself (Playwright sends press and release as two DevTools commands; a finger holds the
  // button far longer). The figure from the pointerdown is printed too.
  const clicks = await interactions(page, CLICKS, 'click', 'change', (i) =>
    needs.nth(i % CLICKED_NEEDS).click(), 'pointerdown',
  );
  rows.push([`facet click -> results painted (${CLICKS} clicks)`, median(clicks.map((c) => c.toPaint)), BUDGET.keystroke]);
  rows.push(['facet click -> DOM updated', median(clicks.filter((c) => c.toDom !== null).map((c) => c.toDom)), null]);
  rows.push(['facet pointerdown -> results painted (the press included)', median(clicks.filter((c) => c.fromPress !== null).map((c) => c.fromPress)), null]);
  await context.close();

  // The same inputs on a CPU slowed down like a mid-range phone.
  ({ context, page } = await load());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  const slowBox = page.locator('shoreline-explorer #sx-q');
  await slowBox.focus();
  const slowKeys = await interactions(page, KEYSTROKES, 'keydown', 'input', (i) =>
    page.keyboard.press(TYPED[i % TYPED.length] === ' ' ? 'Space' : TYPED[i % TYPED.length]),
  );
  rows.push([`${THROTTLE}x CPU slowdown: keystroke -> results painted`, median(slowKeys.map((k) => k.toPaint)), BUDGET.throttled]);
  await slowBox.fill('');
  await page.waitForTimeout(300);
  const slowNeeds = page.locator('shoreline-explorer .need-groups input[type=checkbox]');
  const slowClicks = await interactions(page, CLICKS, 'click', 'change', (i) =>
    slowNeeds.nth(i % CLICKED_NEEDS).click(), 'pointerdown',
  );
  rows.push([`${THROTTLE}x CPU slowdown: facet click -> results painted`, median(slowClicks.map((c) => c.toPaint)), BUDGET.throttled]);
  rows.push([`${THROTTLE}x CPU slowdown: facet pointerdown -> results painted (the press included)`, median(slowClicks.filter((c) => c.fromPress !== null).map((c) => c.fromPress)), null]);
  await context.close();
} finally {
  await browser.close();
  server.close();
}

console.log(`\n| explorer in headless Chromium, ${path.basename(dir)} | median | budget |\n|---|---:|---:|`);
for (const [name, value, budget] of rows) {
  const verdict = budget === null ? '' : `< ${budget} ms ${value < budget ? '(met)' : '(missed)'}`;
  console.log(`| ${name} | ${ms(value)} | ${verdict} |`);
}

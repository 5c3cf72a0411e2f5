// Accessibility checks in headless Chromium: axe-core (node_modules/axe-core, pinned in package.json) on the
// theme's page kinds, the widget's test page and the foreign sales page that embeds two widgets, in light and
// dark and on a laptop and a phone, before and after typing into the widget; and the WCAG 1.4.11 contrast of
// form-control borders, computed from the rendered colours. Imported by run.mjs (it shares harness.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, SITE, SALES, open } from './harness.mjs';

const axeSource = fs.readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

const VIEWPORTS = [[1366, 900], [390, 844]];
const SCHEMES = ['light', 'dark'];

// The page kinds of the default theme (home, articles with tables and code, section, concept page listing
// services by facet value, catalog with the widget, service page, taxonomy list and term, 404), the widget
// alone, and the widget embedded on another origin. The sales page is loaded without its CSP variant: axe is
// injected as an inline script, which that policy would block.
const PAGES = [
  { name: 'home', url: () => `${SITE}/` },
  { name: 'article', url: () => `${SITE}/bpo/what-is-bpo/` },
  { name: 'guide with code blocks', url: () => `${SITE}/guides/embed-the-explorer/` },
  { name: 'guide with every kind of callout', url: () => `${SITE}/guides/writing-pages/` },
  { name: 'section', url: () => `${SITE}/bpo/` },
  { name: 'concept page', url: () => `${SITE}/bpo/back-office/` },
  { name: 'catalog', url: () => `${SITE}/services/`, widgets: true },
  { name: 'service', url: () => `${SITE}/services/after-hours-answering/` },
  { name: 'taxonomy list', url: () => `${SITE}/topics/` },
  { name: 'taxonomy term', url: () => `${SITE}/topics/bpo/` },
  { name: 'not found', url: () => `${SITE}/404.html` },
  // These two are not theme pages: they stay light in dark mode, and so does the widget on them.
  { name: 'widget test page', url: () => `${SITE}/__explorer-test/`, widgets: true, unthemed: true },
  {
    name: 'sales page',
    url: () => `${SALES}/`,
    widgets: true,
    unthemed: true,
    // The host's markup is not ours to fix: it has no <main> and no landmark at all (axe: landmark-one-main,
    // and region for its <h1> and for everything it embeds), and its `* { all: revert } ... color: red`
    // restyles its own text. So axe looks only inside the two widgets here; every other page is checked whole.
    context: { include: [['shoreline-explorer']] },
  },
];

/** Scrolls every widget into view (the wasm loads on approach) and waits until each has announced a count. */
async function widgetsReady(page) {
  const hosts = page.locator('shoreline-explorer');
  const n = await hosts.count();
  assert.ok(n > 0, 'the page embeds a widget');
  for (let i = 0; i < n; i++) {
    await hosts.nth(i).scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (i) => / services?$/.test(
        document.querySelectorAll('shoreline-explorer')[i]?.shadowRoot?.querySelector('[role=status]')?.textContent.trim() ?? ''),
      i,
    );
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Types "payroll" into every widget's search box and waits for what that brings: a filter chip and the call
 *  center or BPO advice in each, and highlighted words in the results. (On the sales page the call-center
 *  widget has no payroll service, so its empty state is checked too.) */
async function typePayroll(page) {
  const hosts = page.locator('shoreline-explorer');
  for (let i = 0; i < (await hosts.count()); i++) {
    await hosts.nth(i).locator('input[type=search]').fill('payroll');
    await page.waitForFunction((i) => {
      const root = document.querySelectorAll('shoreline-explorer')[i].shadowRoot;
      return root.querySelector('button.chip') && root.querySelector('.advice');
    }, i);
  }
  await page.waitForFunction(() => [...document.querySelectorAll('shoreline-explorer')]
    .some((h) => h.shadowRoot.querySelector('.card mark')));
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Runs axe in the page; returns one line per violation: rule, impact, help and the first few targets. */
async function axe(page, context) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(
    ([context]) => window.axe.run(context ?? document, { resultTypes: ['violations'] }),
    [context],
  );
  return results.violations.map((v) => {
    // A target inside a shadow root is a list of selectors, host first.
    const targets = v.nodes.slice(0, 3).map((n) => n.target.map((t) => [t].flat().join(' >>> ')).join(' '));
    const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
    return `${v.id} [${v.impact}] ${v.help}: ${targets.join(' | ')}${more}`;
  });
}

for (const spec of PAGES) {
  test(`axe: no violations on the ${spec.name}, light and dark, laptop and phone`, async (t) => {
    const found = [];
    const backgrounds = {};
    const record = (where, lines) => {
      for (const line of lines) found.push(`${where}: ${line}`);
    };
    for (const colorScheme of SCHEMES) {
      for (const [width, height] of VIEWPORTS) {
        const page = await open(t, spec.url(), { width, height });
        await page.emulateMedia({ colorScheme });
        const where = `${spec.name} ${colorScheme} ${width}x${height}`;
        backgrounds[colorScheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        if (spec.widgets) await widgetsReady(page);
        record(where, await axe(page, spec.context));
        if (spec.widgets) {
          await typePayroll(page);
          record(`${where}, after typing "payroll"`, await axe(page, spec.context));
        }
      }
    }
    assert.deepEqual(found, [], `axe violations:\n  ${found.join('\n  ')}`);
    // The theme styles prefers-color-scheme: dark, so "dark" above must have checked other colours.
    if (!spec.unthemed) assert.notEqual(backgrounds.dark, backgrounds.light, 'the page has a dark scheme');
  });
}

test('axe: no violations with the header search open on its results, light and dark, laptop and phone', async (t) => {
  const found = [];
  for (const colorScheme of SCHEMES) {
    for (const [width, height] of VIEWPORTS) {
      const page = await open(t, `${SITE}/bpo/what-is-bpo/`, { width, height });
      await page.emulateMedia({ colorScheme });
      const input = page.locator('.site-search__input');
      await input.fill('payrol');
      await page.waitForFunction(() => document.querySelectorAll('.site-search__results [role=option]').length > 0);
      await page.keyboard.press('ArrowDown');
      const where = `search open, ${colorScheme} ${width}x${height}`;
      for (const line of await axe(page)) found.push(`${where}: ${line}`);
    }
  }
  assert.deepEqual(found, [], `axe violations:\n  ${found.join('\n  ')}`);
});

// ---------------------------------------------------------------- non-text contrast of form controls

/**
 * In the page: every form control in the document and in open shadow roots, with the contrast of its border
 * (or, for a native checkbox, of its checked fill, which is accent-color) against the colour behind it.
 * Colours are read with getComputedStyle and resolved to sRGB bytes through a canvas, so any CSS colour
 * syntax (color-mix, color(srgb ...), custom properties) counts as the browser renders it.
 */
function controlContrasts() {
  const ctx = Object.assign(document.createElement('canvas'), { width: 1, height: 1 }).getContext('2d', { willReadFrequently: true });
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
  const parentOf = (el) => el.parentElement ?? (el.getRootNode() instanceof ShadowRoot ? el.getRootNode().host : null);
  /** The opaque colour painted behind `el`: its ancestors' backgrounds composited over the page canvas (white,
   *  or Chromium's #121212 when the page opts into a dark color-scheme and dark is preferred). */
  const behind = (el) => {
    const layers = [];
    for (let p = parentOf(el); p; p = parentOf(p)) {
      const c = rgba(getComputedStyle(p).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }
    const canvas = matchMedia('(prefers-color-scheme: dark)').matches && getComputedStyle(document.documentElement).colorScheme.includes('dark')
      ? [18, 18, 18] : [255, 255, 255];
    return layers.reverse().reduce((acc, c) => over(c, acc), canvas);
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const hex = (rgb) => '#' + rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

  const controls = [];
  const collect = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.matches('input:not([type=hidden]), select, textarea')) controls.push(el);
      if (el.shadowRoot) collect(el.shadowRoot);
    }
  };
  collect(document);
  return controls
    .filter((el) => el.getClientRects().length > 0)
    .map((el) => {
      const style = getComputedStyle(el);
      const back = behind(el);
      const where = (el.getRootNode() instanceof ShadowRoot ? `${el.getRootNode().host.localName} >>> ` : '') +
        `${el.localName}${el.type ? `[type=${el.type}]` : ''}${el.name ? `[name=${el.name}]` : ''}`;
      const native = (el.type === 'checkbox' || el.type === 'radio') && style.appearance !== 'none';
      if (native) {
        // The browser draws the box itself (not a custom one, so its border is the browser's); but a page
        // that sets accent-color chooses the checked fill, and that must stand out too.
        if (style.accentColor === 'auto') return null;
        const fill = over(rgba(style.accentColor), back);
        return { where, what: 'checked fill', color: hex(fill), background: hex(back), ratio: ratio(fill, back) };
      }
      const sides = ['Top', 'Right', 'Bottom', 'Left'].filter(
        (s) => style[`border${s}Style`] !== 'none' && parseFloat(style[`border${s}Width`]) > 0);
      if (sides.length === 0) return { where, what: 'border', color: 'none', background: hex(back), ratio: 1 };
      // The weakest visible side decides.
      const colors = sides.map((s) => over(rgba(style[`border${s}Color`]), back));
      const ratios = colors.map((c) => ratio(c, back));
      const i = ratios.indexOf(Math.min(...ratios));
      return { where, what: 'border', color: hex(colors[i]), background: hex(back), ratio: ratios[i] };
    })
    .filter(Boolean);
}

// Pages with form controls: the widget themed by the site (catalog), with its own colours (test page) and
// with a host's accent (sales page). The article gets one of each control added to its prose, as an author
// may write raw HTML in Markdown, so the theme's own form styles are measured too.
const CONTROL_PAGES = [
  { name: 'catalog', url: () => `${SITE}/services/` },
  { name: 'widget test page', url: () => `${SITE}/__explorer-test/` },
  { name: 'sales page', url: () => `${SALES}/` },
  {
    name: 'article with a form',
    url: () => `${SITE}/bpo/what-is-bpo/`,
    prepare: (page) => page.evaluate(() => {
      const form = document.createElement('form');
      form.innerHTML = '<label>Name <input type="text"></label> <label>Find <input type="search"></label>' +
        '<label>Email <input type="email"></label> <label>Pick <select><option>One</option></select></label>' +
        '<label>Note <textarea></textarea></label> <label><input type="checkbox" checked> Agree</label>';
      document.querySelector('main .prose').append(form);
    }),
  },
];

test('form-control borders have at least 3:1 contrast against their background (WCAG 1.4.11), light and dark', async (t) => {
  const failures = [];
  const measured = [];
  for (const spec of CONTROL_PAGES) {
    for (const colorScheme of SCHEMES) {
      const page = await open(t, spec.url(), { width: 1366, height: 900 });
      await page.emulateMedia({ colorScheme });
      if (spec.prepare) await spec.prepare(page);
      else await widgetsReady(page);
      const controls = await page.evaluate(controlContrasts);
      const kinds = new Set(controls.map((c) => c.where.replace(/\[name=.*$/, '')));
      assert.ok(controls.length > 0, `${spec.name} ${colorScheme}: form controls were found`);
      assert.ok(
        [...kinds].some((k) => /input\[type=(search|text)\]/.test(k)),
        `${spec.name} ${colorScheme}: a text or search box was measured (found ${[...kinds].join(', ')})`,
      );
      const seen = new Set();
      for (const c of controls) {
        const line = `${spec.name} ${colorScheme}: ${c.where} ${c.what} ${c.color} on ${c.background} = ${c.ratio.toFixed(2)}:1`;
        if (c.ratio < 3) failures.push(line);
        // One line per kind of control and colour pair, for the log.
        const key = `${c.where.replace(/\[name=.*$/, '')} ${c.color} ${c.background}`;
        if (!seen.has(key)) {
          seen.add(key);
          measured.push(line);
        }
      }
    }
  }
  for (const line of measured) t.diagnostic(line);
  assert.deepEqual(failures, [], `form-control borders under 3:1:\n  ${failures.join('\n  ')}`);
});

// Browser tests of the phone layout (filter drawer), the desktop "More filters" fold and the translated UI
// (lang="fr", "de", regional tags). Imported at the end of run.mjs; shares its servers and browser.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  catalog,
  facetIndex,
  servicesWithNeeds,
  TOTAL,
  countText,
  CALL_NEED,
  BPO_NEED,
  CALL_SERVICES,
  SITE,
  open,
  widget,
  focusedElement,
} from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const filterFacets = catalog.facets.filter((f) => f.filter && f.id !== 'needs');
const SECONDARY = filterFacets.filter((f) => !f.primary).map((f) => f.id);
const PRIMARY = filterFacets.filter((f) => f.primary).map((f) => f.id);
const NEEDS = catalog.facets[facetIndex('needs')];
const needIn = (id, lang) => NEEDS.values.find((v) => v.id === id).labels[lang];
/** Waits until the element `sel` (inside the widget) has exactly `text`. */
const textIs = (page, sel, text) =>
  page.waitForFunction(
    ([s, want]) => document.querySelector('shoreline-explorer')?.shadowRoot?.querySelector(s)?.textContent.trim() === want,
    [sel, text],
  );

test('phone: the search box is the first tab stop on the first screen, and results come right after it', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`, PHONE);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  await page.keyboard.press('Tab');
  assert.equal((await focusedElement(page)).tag, 'INPUT:search', 'the search box is the first tab stop');
  const search = await w.search.boundingBox();
  assert.ok(search.y >= 0 && search.y + search.height <= PHONE.height, `the search box is on the first screen: ${search.y}`);
  assert.equal(await w.$('#sx-filters').isVisible(), false, 'the filters wait in the drawer');
  assert.equal(await w.checkbox('needs', CALL_NEED).isVisible(), false);

  await w.search.fill('payroll');
  await w.$('.understood .chip, .inferred .chip').first().waitFor();
  await page.waitForFunction(() =>
    document.querySelector('shoreline-explorer').shadowRoot.querySelector('.card')?.dataset.slug === 'payroll-processing');
  const chip = await w.$('.search .chip').first().boundingBox();
  const card = await w.cards.first().boundingBox();
  assert.ok(search.y < chip.y && chip.y < card.y, `search, then what was understood, then results: ${search.y} ${chip.y} ${card.y}`);
  assert.ok(card.y >= 0 && card.y < PHONE.height, `the first result starts on the first screen: top ${card.y}`);
});

test('phone: the Filters drawer counts choices, updates "Show N services" live, closes to the results or on Escape', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`, PHONE);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  const toggle = w.$('.filters-toggle');
  assert.equal((await toggle.textContent()).trim(), 'Filters', 'no count while nothing is chosen');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await toggle.getAttribute('aria-controls'), 'sx-filters');

  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await w.$('#sx-filters').isVisible(), true, 'the drawer opens');
  const show = w.$('.show-results');
  assert.equal((await show.textContent()).trim(), `Show ${countText(TOTAL)}`);
  const stuck = await show.boundingBox();
  assert.ok(stuck.y + stuck.height <= PHONE.height + 1, `"Show N services" sticks to the bottom of the screen: ${stuck.y}`);

  await w.checkbox('needs', CALL_NEED).check();
  await textIs(page, '.show-results', `Show ${countText(CALL_SERVICES.length)}`);
  await w.checkbox('needs', 'missed-calls').check();
  await textIs(page, '.show-results', `Show ${countText(servicesWithNeeds(CALL_NEED, 'missed-calls').length)}`);
  assert.equal((await toggle.textContent()).trim(), 'Filters (2)');

  await show.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'the button closes the drawer');
  assert.equal(await w.$('#sx-filters').isVisible(), false);
  assert.equal(await w.cards.first().isVisible(), true, 'the results show');
  assert.equal((await focusedElement(page)).id, 'sx-count', 'focus moves to the results count');
  assert.equal((await toggle.textContent()).trim(), 'Filters (2)');

  await toggle.click();
  await w.checkbox('needs', CALL_NEED).focus();
  await page.keyboard.press('Escape');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'Escape closes the drawer');
  assert.equal(await w.$('#sx-filters').isVisible(), false);
  assert.match((await focusedElement(page)).className, /filters-toggle/, 'focus returns to the Filters button');
});

test('phone: removing an understood chip keeps focus in the widget', async (t) => {
  const page = await open(t, `${SITE}/__explorer-test/`, PHONE);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  await w.search.fill('Spanish-speaking people to answer patient calls overnight, HIPAA compliant');
  const chips = w.$('.understood .chip');
  await chips.first().waitFor();
  const before = await chips.count();
  assert.ok(before >= 2, `several chips: ${before}`);
  await chips.first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelector('shoreline-explorer').shadowRoot.querySelectorAll('.understood .chip').length === n - 1, before);
  const next = await focusedElement(page);
  assert.match(next.className, /chip/, `focus moves to the next chip: ${JSON.stringify(next)}`);
  while ((await chips.count()) > 0) {
    await chips.first().focus();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(100);
  }
  assert.equal((await focusedElement(page)).tag, 'INPUT:search', 'after the last chip, focus goes to the search box');
});

test('desktop: "More filters" holds the secondary facets, and a chosen one never hides in it', async (t) => {
  assert.ok(PRIMARY.length >= 3 && PRIMARY.length <= 5, `a few primary facets in catalog.json: ${PRIMARY}`);
  assert.ok(SECONDARY.includes('compliance'), 'compliance is a secondary facet');
  const page = await open(t, `${SITE}/__explorer-test/`);
  const w = widget(page);
  await w.announced(countText(TOTAL));
  assert.equal(await w.$('.filters-toggle').isVisible(), false, 'no drawer on desktop');
  assert.equal(await w.$('.show-results').isVisible(), false);
  const summary = (id) => w.$(`details.facet:has([name="${id}"]) > summary`);
  for (const id of PRIMARY) assert.equal(await summary(id).isVisible(), true, `${id} is shown up front`);
  const more = w.button('More filters');
  assert.equal(await more.getAttribute('aria-expanded'), 'false');
  for (const id of SECONDARY) {
    // Folded away, and not even built: hidden boxes would be rebuilt on every keystroke for nothing.
    assert.equal(await w.$(`details.facet:has([name="${id}"])`).count(), 0, `${id} is folded away`);
  }
  await more.click();
  assert.equal(await more.getAttribute('aria-expanded'), 'true');
  for (const id of SECONDARY) {
    assert.equal(await w.$(`#sx-more details.facet:has([name="${id}"])`).count(), 1, `${id} is under More filters`);
    assert.equal(await summary(id).isVisible(), true, `${id} shows once More filters opens`);
  }
  assert.equal(await summary('compliance').isVisible(), true);
  await summary('compliance').click();
  await w.checkbox('compliance', 'HIPAA').check();
  await more.click();
  assert.equal(await more.getAttribute('aria-expanded'), 'true', 'a facet with a choice keeps More filters open');
  assert.equal(await w.checkbox('compliance', 'HIPAA').isVisible(), true);

  // A shared link with a secondary choice opens with it in view.
  await page.goto(`${SITE}/__explorer-test/#explorer=compliance:HIPAA`);
  const shared = widget(page);
  await shared.$('.card').first().waitFor();
  assert.equal(await shared.checkbox('compliance', 'HIPAA').isVisible(), true, 'the chosen secondary facet is visible');
  assert.equal(await shared.button('More filters').getAttribute('aria-expanded'), 'true');
});

test('lang="fr" speaks French (0 and 1 are singular) with translated labels; lang="de" German', async (t) => {
  const one = NEEDS.values.find((v) => servicesWithNeeds(v.id).length === 1).id;
  const fr = (n) => (n <= 1 ? `${n} service` : `${n} services`);
  const page = await open(t, `${SITE}/__explorer-test/lang/fr/`);
  const w = widget(page);
  await w.announced(fr(TOTAL));
  assert.equal(await w.$('.need-groups > legend').textContent(), NEEDS.labels.fr);
  assert.ok(NEEDS.labels.fr && NEEDS.labels.fr !== NEEDS.label, 'catalog.json carries a French label for the needs');
  assert.equal(await w.$(`label:has(input[value="${BPO_NEED}"]) > span`).first().textContent(), needIn(BPO_NEED, 'fr'));
  assert.equal(await w.$('.search label').textContent(), 'Décrivez votre problème');
  const firstGroup = NEEDS.values[0].group;
  assert.equal(await w.$('details.group > summary').first().textContent(), NEEDS.groups[firstGroup].fr, 'need groups are translated');
  await w.check('needs', BPO_NEED);
  await w.announced(fr(servicesWithNeeds(BPO_NEED).length));
  assert.match(await w.$('aside.advice').textContent(), new RegExp(`Vous avez choisi «\u00a0${needIn(BPO_NEED, 'fr')}\u00a0»`));
  assert.equal((await w.$('.filters-toggle').textContent()).trim(), 'Filtres (1)');
  await w.search.fill('xqzvy');
  await w.announced('0 service');
  assert.equal(await w.$('.empty h2').textContent(), 'Aucun service ne correspond.');

  await page.goto(`${SITE}/__explorer-test/lang/fr/#explorer=needs:${one}`);
  await widget(page).announced('1 service');

  const de = await open(t, `${SITE}/__explorer-test/lang/de/#explorer=needs:${CALL_NEED}`);
  const g = widget(de);
  const n = CALL_SERVICES.length;
  await g.announced(n === 1 ? '1 Dienstleistung' : `${n} Dienstleistungen`);
  assert.equal(await g.$('.need-groups > legend').textContent(), NEEDS.labels.de);
  assert.equal(await g.button('Alles zurücksetzen').isVisible(), true);
  assert.equal(await g.button('Weitere Filter').isVisible(), true);
  const scope = catalog.facets[facetIndex('scope')];
  assert.equal(await g.$('details.facet:has([name="scope"]) > summary').textContent(), scope.labels.de);
});

test('regional and unknown lang tags: pt-BR is Portuguese, es-MX Spanish, anything else English', async (t) => {
  for (const [lang, text] of [['pt-BR', `${TOTAL} serviços`], ['es-MX', `${TOTAL} servicios`], ['it', `${TOTAL} services`]]) {
    const page = await open(t, `${SITE}/__explorer-test/lang/${lang}/`);
    await widget(page).announced(text);
  }
});

// Shoreline site search: the client of the static index that `shoreline build` writes under search/.
//
// A plain ES module with no dependencies. It reads search/meta.json and the shards a query's words need on the
// first keystroke, never the whole index. Words are read exactly as the catalog crate's `text` module reads
// them (accents folded, stop words dropped, the same crude stemmer), so query and index agree; the browser
// tests hold this file to the index on the bundled site. DOM is built with nodes only (no innerHTML), so pages
// that enforce Trusted Types work.
//
// Any page can carry the box: `<form role="search" data-shoreline-search></form>` and
// `<script type="module" src="/search/search.js"></script>`. The form's own content is the no-JS fallback;
// the script replaces it with a combobox.

const STOP_WORDS = new Set(('a about all also am an and any are as at be been but by can could do does dont for ' +
  'from get got had has have how i im in into is it its just me my need needs of on or our ours s so some ' +
  'that the their them there these they this those to too us very want wants was we were what when which who ' +
  'will with would you your').split(' '));

// [first code point, last code point, ASCII spelling]: the catalog crate's `fold` table.
const FOLDS = [
  [0xc0, 0xc5, 'a'], [0xe0, 0xe5, 'a'], [0x100, 0x105, 'a'], [0xc6, 0xc6, 'ae'], [0xe6, 0xe6, 'ae'],
  [0xc7, 0xc7, 'c'], [0xe7, 0xe7, 'c'], [0x106, 0x10d, 'c'], [0xd0, 0xd0, 'd'], [0xf0, 0xf0, 'd'],
  [0x10e, 0x111, 'd'], [0xc8, 0xcb, 'e'], [0xe8, 0xeb, 'e'], [0x112, 0x11b, 'e'], [0x11c, 0x123, 'g'],
  [0x124, 0x127, 'h'], [0xcc, 0xcf, 'i'], [0xec, 0xef, 'i'], [0x128, 0x131, 'i'], [0x132, 0x133, 'ij'],
  [0x134, 0x135, 'j'], [0x136, 0x138, 'k'], [0x139, 0x142, 'l'], [0xd1, 0xd1, 'n'], [0xf1, 0xf1, 'n'],
  [0x143, 0x14b, 'n'], [0xd2, 0xd6, 'o'], [0xd8, 0xd8, 'o'], [0xf2, 0xf6, 'o'], [0xf8, 0xf8, 'o'],
  [0x14c, 0x151, 'o'], [0x152, 0x153, 'oe'], [0x154, 0x159, 'r'], [0xdf, 0xdf, 'ss'], [0x15a, 0x161, 's'],
  [0x17f, 0x17f, 's'], [0x162, 0x167, 't'], [0xde, 0xde, 'th'], [0xfe, 0xfe, 'th'], [0xd9, 0xdc, 'u'],
  [0xf9, 0xfc, 'u'], [0x168, 0x173, 'u'], [0x174, 0x175, 'w'], [0xdd, 0xdd, 'y'], [0xfd, 0xfd, 'y'],
  [0xff, 0xff, 'y'], [0x176, 0x178, 'y'], [0x179, 0x17e, 'z'],
];

/** A letter's ASCII spelling, or the letter lowercased. */
export function fold(c) {
  const cp = c.codePointAt(0);
  for (const [from, to, ascii] of FOLDS) if (cp >= from && cp <= to) return ascii;
  return c.toLowerCase();
}

const ALNUM = /[\p{L}\p{N}]/u;
const LETTER = /\p{L}/u;

/** Every word of `text` with its folded surface, stem, stop flag and [start, end) offsets. */
export function tokens(text) {
  const out = [];
  let current = '', start = 0, letters = 0, upper = true;
  const flush = (end) => {
    if (!current) return;
    const last = out[out.length - 1];
    // "6 pm" is one word, "6pm", like the index reads it.
    if ((current === 'am' || current === 'pm') && last && /^[0-9]+$/.test(last.surface)) {
      last.surface += current;
      last.stem = last.surface;
      last.end = end;
    } else {
      const acronym = upper && letters >= 2;
      out.push({ surface: current, stem: stem(current), stop: !acronym && STOP_WORDS.has(current), start, end });
    }
    current = '';
  };
  const chars = Array.from(text);
  let offset = 0;
  for (let i = 0; i < chars.length; i++) {
    let c = chars[i];
    const at = offset;
    offset += c.length;
    // "24/7" and "24-7" read as "24x7".
    if ((c === '/' || c === '-') && text.slice(0, at).endsWith('24') && chars[i + 1] === '7') c = 'x';
    if (c === "'" || c === '\u2019') continue;
    if (c === ':' && /[0-9]$/.test(current) && /[0-9]/.test(chars[i + 1] ?? '')) {
      // "6:30pm" reads as "6pm".
      while (/[0-9]/.test(chars[i + 1] ?? '')) offset += chars[++i].length;
      continue;
    }
    if (ALNUM.test(c)) {
      if (!current) start = at;
      if (LETTER.test(c)) {
        letters += 1;
        upper = upper && c !== c.toLowerCase();
      }
      current += fold(c);
    } else {
      flush(at);
      letters = 0;
      upper = true;
    }
  }
  flush(text.length);
  return out;
}

/** The catalog crate's stemmer: plural, -ing, -ed, -er endings and a final e. */
export function stem(word) {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  const ends = (s) => w.endsWith(s);
  const cut = (n) => { w = w.slice(0, w.length - n); };
  if (w.length > 4 && ends('ies')) w = w.slice(0, -3) + 'y';
  else if (ends('es') && ['s', 'x', 'z', 'ch', 'sh'].some((e) => w.slice(0, -2).endsWith(e))) cut(2);
  else if (ends('s') && !ends('ss') && !ends('us') && !ends('is')) cut(1);
  if (ends('ing') && w.length >= 6) { cut(3); w = undouble(w); }
  else if (ends('ied') && w.length >= 5) w = w.slice(0, -3) + 'y';
  else if (ends('ed') && w.length >= 5) { cut(2); w = undouble(w); }
  if (ends('er') && w.length >= 5) { cut(2); w = undouble(w); }
  if (ends('e') && w.length >= 4) cut(1);
  return w;
}

function undouble(w) {
  const a = w[w.length - 2], b = w[w.length - 1];
  return a === b && !'aeiouylsfz'.includes(b) ? w.slice(0, -1) : w;
}

/** Typos forgiven in a word of `length` letters: one from 5, two from 9 (as the explorer forgives). */
export function allowedEdits(length) {
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

/** Edit distance (an insertion, deletion, substitution or two neighbours swapped each count one, as the explorer
 *  counts), giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a, b, max = Infinity) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let prevBest = 0;
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] && a[i - 1] !== b[j - 1]) {
        cur[j] = Math.min(cur[j], before[j - 2] + 1);
      }
      best = Math.min(best, cur[j]);
    }
    // A swap reaches back two rows: only when both rows are past `max` is every later cell.
    if (best > max && prevBest + 1 > max) return max + 1;
    before = prev;
    prev = cur;
    prevBest = best;
  }
  return prev[b.length];
}

/** Terms of a shard that a query word matches, with how well: exact 1, completion 0.8, typo 0.6. */
export function candidates(word, terms, asPrefix) {
  const exact = terms.filter((t) => t === word.term).map((t) => [t, 1]);
  const completions = asPrefix && word.surface.length >= 2
    ? terms.filter((t) => t !== word.term && t.startsWith(word.surface)).map((t) => [t, 0.8])
    : [];
  if (exact.length || completions.length) return exact.concat(completions);
  const allowed = allowedEdits(Array.from(word.surface).length);
  if (!allowed || !/^[a-z]+$/.test(word.surface)) return [];
  return terms.filter((t) => editDistance(word.term, t, allowed) <= allowed).map((t) => [t, 0.6]);
}

/** The longest shard key `word` starts with, as an index into `keys`, or -1. */
export function shardFor(keys, word) {
  let best = -1;
  keys.forEach((k, i) => {
    if (k && word.startsWith(k) && (best < 0 || k.length > keys[best].length)) best = i;
  });
  return best;
}

/** How many results a query shows. */
export const LIMIT = 8;

/**
 * The index at `base` (a URL ending in `/`), fetched through `load(url) -> Promise<json>`; shards are fetched
 * once and kept. `query(text)` resolves to { results, terms } where each result is a fragment plus its score.
 */
export function createIndex(base, load) {
  const cache = new Map();
  const get = (path) => {
    if (!cache.has(path)) cache.set(path, load(new URL(path, base).href));
    return cache.get(path);
  };
  const meta = () => get('meta.json');

  async function query(text) {
    const m = await meta();
    const words = queryWords(text, m);
    if (!words.length) return { results: [], terms: new Set(), words };
    const shardIds = new Set(words.flatMap((w) => w.shards));
    const shards = new Map(await Promise.all([...shardIds].map(async (i) => [i, await get(`t/${i}.json`)])));
    const scores = new Map();
    const terms = new Set();
    for (const w of words) {
      const best = new Map();
      for (const s of w.shards) {
        const shard = shards.get(s);
        for (const [term, factor] of candidates(w, Object.keys(shard), w.prefix)) {
          terms.add(term);
          const list = shard[term];
          for (let k = 0, doc = 0; k < list.length; k += 2) {
            doc += list[k];
            best.set(doc, Math.max(best.get(doc) ?? 0, list[k + 1] * factor));
          }
        }
      }
      for (const [doc, score] of best) {
        const s = scores.get(doc) ?? { score: 0, words: 0 };
        s.score += score;
        s.words += 1;
        scores.set(doc, s);
      }
    }
    // Documents with every word first, then by weight.
    const ranked = [...scores].map(([doc, s]) => [doc, s.score * (s.words / words.length) ** 2])
      .sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, LIMIT);
    const results = await Promise.all(ranked.map(async ([doc, score]) => {
      const list = await get(`f/${Math.floor(doc / m.fragment_docs)}.json`);
      const [title, url, section, excerpt, needs] = list[doc % m.fragment_docs];
      return { doc, score, title, url, section: m.sections[section] ?? '', excerpt, needs };
    }));
    return { results, terms, words };
  }

  return { meta, query, canonical: async (w) => canonicalOf(await meta(), w) };
}

function canonicalOf(meta, s) {
  return meta.synonyms[s] ?? s;
}

/** The content words of a query, each with its index term and the shards it is looked up in. */
function queryWords(text, meta) {
  const all = tokens(text).filter((t) => !t.stop);
  const midWord = /[\p{L}\p{N}]$/u.test(text);
  return all.map((t, i) => {
    const term = canonicalOf(meta, t.stem);
    const prefix = midWord && i === all.length - 1;
    const shards = new Set([shardFor(meta.shards, term)]);
    if (prefix) shards.add(shardFor(meta.shards, t.surface));
    shards.delete(-1);
    return { surface: t.surface, term, prefix, shards: [...shards] };
  }).filter((w) => w.shards.length);
}

/** The needs a set of service results is about: those whose words the query matched, else the first result's. */
export function matchingNeeds(results, meta, terms) {
  const ids = [];
  for (const r of results) {
    for (const n of r.needs ?? []) {
      const [id, label] = meta.needs[n] ?? [];
      if (!id || ids.includes(n)) continue;
      const words = tokens(`${id.replaceAll('-', ' ')} ${label}`).map((t) => canonicalOf(meta, t.stem));
      if (words.some((w) => terms.has(w))) ids.push(n);
    }
  }
  const firstService = results.find((r) => r.needs?.length);
  if (!ids.length && firstService) ids.push(firstService.needs[0]);
  return ids;
}

// ------------------------------------------------------------------------------------------------ the box

/** `text` as nodes, with the words a query matched wrapped in <mark>. */
function highlighted(text, matches) {
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const t of tokens(text)) {
    if (!matches(t)) continue;
    frag.append(text.slice(at, t.start));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(t.start, t.end);
    frag.append(mark);
    at = t.end;
  }
  frag.append(text.slice(at));
  return frag;
}

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith('aria-') || k === 'role' || k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  e.append(...children);
  return e;
}

let boxes = 0;

/** Turns one `[data-shoreline-search]` element into a combobox over the index. */
function mount(host, index) {
  const n = boxes++;
  const listId = `shoreline-search-list-${n}`;
  const input = el('input', {
    type: 'search', id: `shoreline-search-input-${n}`, className: 'site-search__input', autocomplete: 'off',
    spellcheck: false, placeholder: 'Search', role: 'combobox', 'aria-expanded': 'false',
    'aria-controls': listId, 'aria-autocomplete': 'list',
  });
  const label = el('label', { className: 'visually-hidden', htmlFor: input.id }, 'Search the site');
  const hint = el('kbd', { className: 'site-search__key', 'aria-hidden': 'true' }, '/');
  const list = el('ul', { id: listId, className: 'site-search__results', role: 'listbox', 'aria-label': 'Search results' });
  list.hidden = true;
  const status = el('p', { className: 'visually-hidden', role: 'status' });
  host.replaceChildren(label, input, hint, list, status);
  host.classList.add('site-search--ready');
  host.addEventListener('submit', (e) => e.preventDefault());

  let active = -1, asked = 0;
  const options = () => [...list.querySelectorAll('[role=option]')];
  const setActive = (i) => {
    const all = options();
    active = all.length ? (i + all.length) % all.length : -1;
    all.forEach((o, k) => o.setAttribute('aria-selected', String(k === active)));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };
  const show = (items, text) => {
    list.replaceChildren(...items.map((item, i) => {
      item.id = `${listId}-${i}`;
      return item;
    }));
    list.hidden = !items.length;
    input.setAttribute('aria-expanded', String(items.length > 0));
    active = -1;
    input.removeAttribute('aria-activedescendant');
    status.textContent = text;
  };

  input.addEventListener('input', async () => {
    const text = input.value;
    const mine = ++asked;
    if (!text.trim()) return close();
    try {
      const [found, meta] = await Promise.all([index.query(text), index.meta()]);
      if (mine !== asked) return; // a later keystroke won
      const items = found.results.map((r) => resultOption(r, found, meta));
      const explorer = explorerOption(found, meta);
      if (explorer) items.push(explorer);
      const count = found.results.length;
      show(items, count ? `${count} result${count === 1 ? '' : 's'}` : `No results for ${text}`);
      list.dataset.query = text; // which query the list answers (tests and styles can tell)
    } catch (e) {
      if (mine === asked) show([], 'Search is unavailable');
      console.error('shoreline search:', e);
    }
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden && options().length) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
      const down = e.key === 'ArrowDown';
      setActive(active < 0 ? (down ? 0 : -1) : active + (down ? 1 : -1));
    } else if (e.key === 'Enter') {
      const option = options()[active];
      if (option && !list.hidden) {
        e.preventDefault();
        window.location.assign(option.dataset.href);
      }
    } else if (e.key === 'Escape') {
      if (!list.hidden) close();
      else input.value = '';
    }
  });
  // A click on a result must not blur the box first (that would close the list under the pointer).
  list.addEventListener('mousedown', (e) => e.preventDefault());
  // Options hold no links (a listbox option may not contain another control): a click follows the option's own.
  list.addEventListener('click', (e) => {
    const option = e.target.closest('[role=option]');
    if (option) window.location.assign(option.dataset.href);
  });
  input.addEventListener('blur', close);
  return input;
}

function resultOption(r, found, meta) {
  const prefixWord = found.words.find((w) => w.prefix);
  const matches = (t) => found.terms.has(canonicalOf(meta, t.stem)) ||
    (prefixWord && prefixWord.surface.length >= 2 && t.surface.startsWith(prefixWord.surface));
  const link = el('span', { className: 'site-search__link' },
    el('span', { className: 'site-search__title' }, highlighted(r.title, matches)),
    el('span', { className: 'site-search__section' }, r.section),
    el('span', { className: 'site-search__excerpt' }, highlighted(r.excerpt, matches)));
  const option = el('li', { role: 'option', className: 'site-search__option', 'aria-selected': 'false' }, link);
  option.dataset.href = r.url;
  return option;
}

/** One more option after service results: the explorer with the needs they share with the query. */
function explorerOption(found, meta) {
  if (!meta.explorer) return null;
  const needs = matchingNeeds(found.results, meta, found.terms);
  if (!needs.length) return null;
  const ids = needs.map((i) => encodeURIComponent(meta.needs[i][0]));
  const labels = needs.map((i) => meta.needs[i][1]).join(', ');
  const link = el('span', { className: 'site-search__link' },
    el('span', { className: 'site-search__title' }, 'Compare services in the explorer'),
    el('span', { className: 'site-search__section' }, 'Service finder'),
    el('span', { className: 'site-search__excerpt' }, labels));
  const option = el('li', { role: 'option', className: 'site-search__option site-search__option--explorer', 'aria-selected': 'false' }, link);
  option.dataset.href = `${meta.explorer}#explorer=needs:${ids.join(',')}`;
  return option;
}

function init() {
  const hosts = document.querySelectorAll('[data-shoreline-search]');
  if (!hosts.length) return;
  const base = new URL('.', import.meta.url).href;
  const index = createIndex(base, (url) => fetch(url).then((r) => {
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.json();
  }));
  const inputs = [...hosts].map((h) => mount(h, index));
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t.closest?.('input, textarea, select, [contenteditable]:not([contenteditable=false])')) return;
    e.preventDefault();
    inputs[0].focus();
  });
}

if (typeof document !== 'undefined') init();

// Cold-query cost of the site search, replayed with the real client (search/search.js of a built site) in
// node: which files a first query fetches, their brotli size as a host would serve them, and how long the
// answer takes once those files have arrived. Prints Markdown table rows; `cargo xtask bench` runs it.
//
//   node tests/browser/search-bench.mjs <site_dir> "query one" "query two" ...

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const [siteDir, ...queries] = process.argv.slice(2);
const searchDir = path.join(siteDir, 'search');
const client = await import(pathToFileURL(path.join(searchDir, 'search.js')).href);
const brotli = (bytes) => zlib.brotliCompressSync(bytes, {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
}).length;
const base = 'https://site.invalid/search/';
const relOf = (url) => url.slice(base.length);
const scriptBytes = brotli(fs.readFileSync(path.join(searchDir, 'search.js')));

/** The files a fresh page's first query fetches, in order. */
async function coldFiles(query) {
  const fetched = [];
  const index = client.createIndex(base, async (url) => {
    fetched.push(relOf(url));
    return JSON.parse(fs.readFileSync(path.join(searchDir, relOf(url)), 'utf8'));
  });
  const found = await index.query(query);
  return { fetched, found };
}

/** Median ms of `run` over `n` runs. */
async function median(n, run) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)];
}

for (const query of queries) {
  const { fetched, found } = await coldFiles(query);
  const bytes = scriptBytes + fetched.reduce((sum, f) => sum + brotli(fs.readFileSync(path.join(searchDir, f))), 0);
  const texts = new Map(fetched.map((f) => [f, fs.readFileSync(path.join(searchDir, f), 'utf8')]));
  // Arrived but not parsed: parsing is part of the answer, as `r.json()` is in the browser.
  const arrived = await median(21, () => client.createIndex(base, async (url) => JSON.parse(texts.get(relOf(url)))).query(query));
  const warm = client.createIndex(base, async (url) => JSON.parse(texts.get(relOf(url))));
  await warm.query(query);
  const cached = await median(21, () => warm.query(query));
  const terms = fetched.filter((f) => f.startsWith('t/')).length;
  const frags = fetched.filter((f) => f.startsWith('f/')).length;
  console.log(`| "${query}" | ${found.results.length} | ${1 + fetched.length} (${terms} term, ${frags} fragment) | ${(bytes / 1024).toFixed(1)} KB | ${arrived.toFixed(2)} ms | ${cached.toFixed(2)} ms |`);
}

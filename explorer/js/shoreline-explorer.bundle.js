// The classic bundle: one plain script (no type="module", no fetch) that carries the wasm, its glue and the
// site's catalog, so any page on any origin can embed the explorer with no CORS header anywhere.
// `cargo xtask explorer` inserts the glue and element.js at the marker lines; `shoreline build` writes the wasm
// (base64) and the site's catalog.json (as a string) in place of the two placeholders.
(() => {
  'use strict';
  const WASM = "__SHORELINE_WASM__";
  const CATALOG = "__SHORELINE_CATALOG__";
  // Read while the script runs: links the catalog makes relative resolve against the knowledge base.
  const here = document.currentScript?.src || document.baseURI;

  //@glue

  //@element

  const wasmBytes = () => Uint8Array.from(atob(WASM), (c) => c.charCodeAt(0));
  defineExplorer(() => __wbg_init({ module_or_path: wasmBytes() }), mount, new URL('../catalog.json', here).href, CATALOG);
})();

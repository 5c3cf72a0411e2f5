// The module loader: the smallest way in, for hosts that send CORS headers (or pages on the knowledge base's own
// origin). It is an external module with no eval, so host pages with a strict CSP need just:
// script-src <kb origin> 'wasm-unsafe-eval'; connect-src <kb origin>.
// `cargo xtask explorer` replaces the import's file name with the content-hashed one and inserts element.js
// where the marker line stands.
import init, { mount } from './shoreline-explorer-core.js';

//@element

// catalog.json sits at the site root, beside the explorer/ folder that holds this file.
defineExplorer(init, mount, new URL('../catalog.json', import.meta.url).href, undefined);

// Defines <shoreline-explorer>. The widget itself is Rust (Yew) compiled to WebAssembly; this file only
// registers the element and hands each instance to the wasm `mount`. It is an external module with no eval,
// so host pages with a strict CSP need just: script-src <kb origin> 'wasm-unsafe-eval'; connect-src <kb origin>.
import init, { mount } from './shoreline-explorer-core.js';

// catalog.json sits at the site root, beside the explorer/ folder that holds this file.
const DEFAULT_CATALOG = new URL('../catalog.json', import.meta.url).href;
const ATTRIBUTES = ['catalog', 'needs', 'limit', 'cta-href', 'cta-label', 'lang', 'history'];
// How close to the viewport an element must come before the wasm is fetched for it.
const NEAR = '800px 0px';

// The wasm is fetched once, and only when the first element comes near the viewport: a widget far down a
// long sales page costs nothing until the reader scrolls towards it.
let ready = null;

class ShorelineExplorer extends HTMLElement {
  static get observedAttributes() { return ATTRIBUTES; }

  connectedCallback() {
    if (!('IntersectionObserver' in window)) return this.start();
    this.watch = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        this.watch.disconnect();
        this.start();
      }
    }, { rootMargin: NEAR });
    this.watch.observe(this);
  }

  start() {
    ready ??= init();
    ready.then(() => {
      if (this.isConnected && !this.app) this.app = mount(this, DEFAULT_CATALOG);
    }, (error) => console.error('shoreline-explorer: could not load the widget', error));
  }

  disconnectedCallback() {
    this.watch?.disconnect();
    this.app?.destroy();
    this.app = null;
  }

  attributeChangedCallback(_name, before, after) {
    // Attributes are read at mount; a change after that re-mounts with the new settings.
    if (this.app && before !== after) {
      this.app.destroy();
      this.app = mount(this, DEFAULT_CATALOG);
    }
  }
}

if (!customElements.get('shoreline-explorer')) {
  customElements.define('shoreline-explorer', ShorelineExplorer);
}

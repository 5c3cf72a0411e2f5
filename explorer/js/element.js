// Defines <shoreline-explorer>, shared by both bundles. The widget itself is Rust (Yew) compiled to WebAssembly;
// this only registers the element and hands each instance to the wasm `mount`. `cargo xtask explorer` inserts
// this file into the module loader and into the classic bundle, which differ only in how they reach the wasm
// and the catalog.
//
// `load()` instantiates the wasm once; `mount(element, catalogUrl, inlineCatalog)` starts one widget.
function defineExplorer(load, mount, defaultCatalog, inlineCatalog) {
  const ATTRIBUTES = ['catalog', 'needs', 'limit', 'cta-href', 'cta-label', 'lang', 'history'];
  // How close to the viewport an element must come before the wasm is instantiated for it.
  const NEAR = '800px 0px';

  // The wasm is loaded once, and only when the first element comes near the viewport: a widget far down a
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
      ready ??= load();
      ready.then(() => {
        if (this.isConnected && !this.app) this.app = this.mount();
      }, (error) => console.error('shoreline-explorer: could not load the widget', error));
    }

    mount() {
      return mount(this, defaultCatalog, inlineCatalog);
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
        this.app = this.mount();
      }
    }
  }

  if (!customElements.get('shoreline-explorer')) {
    customElements.define('shoreline-explorer', ShorelineExplorer);
  }
}

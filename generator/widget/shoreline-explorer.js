import init, { mount } from './shoreline-explorer-core.8b078ca5e015ebab.js';
function defineExplorer(load, mount, defaultCatalog, inlineCatalog) {
const ATTRIBUTES = ['catalog', 'needs', 'limit', 'cta-href', 'cta-label', 'lang', 'history'];
const NEAR = '800px 0px';
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
defineExplorer(init, mount, new URL('../catalog.json', import.meta.url).href, undefined);

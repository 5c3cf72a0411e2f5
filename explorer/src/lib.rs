//! The <shoreline-explorer> widget: a Yew app mounted in the element's shadow root.
//!
//! `explorer/js/element.js` defines the custom element and calls [`mount`] for each instance; the widget
//! fetches catalog.json (or reads the copy the classic bundle carries), builds the catalog crate's query
//! `Engine` once and runs a query on every change.

mod app;
mod compare_view;
mod facets_view;
mod filters_view;
mod hash_state;
mod landmarks;
mod links;
mod messages;
mod results_view;
mod settings;

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::app::{App, Props};
use crate::settings::Settings;

/// Talc instead of Rust's default dlmalloc: a few kilobytes smaller in the download, and faster at what loading
/// a catalog does most (many small allocations while indexing).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The widget's stylesheet; everything it styles lives in the shadow root.
const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/style.css"));

/// One mounted widget, returned to the element so it can unmount when removed from the page.
#[wasm_bindgen]
pub struct Mounted {
    app: Option<yew::AppHandle<App>>,
}

#[wasm_bindgen]
impl Mounted {
    /// Unmounts the app (listeners, timers and DOM); called from `disconnectedCallback`.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Mounts the widget in `host`'s shadow root (created open on first use), reading its attributes.
/// `inline_catalog` is catalog.json's text when the classic bundle carries it; a `catalog` attribute wins.
#[wasm_bindgen]
pub fn mount(
    host: HtmlElement,
    default_catalog: String,
    inline_catalog: Option<String>,
) -> Result<Mounted, JsValue> {
    let document = host.owner_document().ok_or("the element has no document")?;
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    // A re-mount (attribute change, element moved) starts from an empty shadow root. Nodes are removed one by
    // one: no HTML string is ever assigned, so a host page enforcing Trusted Types accepts the widget.
    while let Some(child) = shadow.first_child() {
        shadow.remove_child(&child)?;
    }
    add_style(&document, &shadow)?;
    let root = document.create_element("div")?;
    shadow.append_child(&root)?;

    let widgets = document.query_selector_all("shoreline-explorer")?;
    let position = (0..widgets.length())
        .find(|&i| {
            widgets
                .get(i)
                .is_some_and(|w| w.is_same_node(Some(host.as_ref())))
        })
        .map_or(1, |i| i + 1);
    let settings = Settings::from_element(&host, &default_catalog, widgets.length(), position);
    let inline_catalog = inline_catalog
        .filter(|_| !host.has_attribute("catalog"))
        .map(Rc::from);
    let props = Props {
        host,
        settings: Rc::new(settings),
        inline_catalog,
    };
    let app = yew::Renderer::<App>::with_root_and_props(root, props).render();
    Ok(Mounted { app: Some(app) })
}

/// Adds the stylesheet as a constructed sheet where supported: unlike a `<style>` element, it is allowed by
/// a host page's CSP without 'unsafe-inline'.
fn add_style(document: &web_sys::Document, shadow: &ShadowRoot) -> Result<(), JsValue> {
    if let Ok(sheet) = web_sys::CssStyleSheet::new() {
        if sheet.replace_sync(STYLE).is_ok() {
            let sheets = js_sys::Array::of1(&sheet);
            if js_sys::Reflect::set(shadow, &"adoptedStyleSheets".into(), &sheets)? {
                return Ok(());
            }
        }
    }
    let style = document
        .create_element("style")?
        .unchecked_into::<HtmlElement>();
    style.set_text_content(Some(STYLE));
    shadow.append_child(&style)?;
    Ok(())
}

//! The widget's Yew component: loads the catalog, holds the buyer's selection, queries the engine, keeps the
//! URL hash in step and tells the host page when a service is chosen.

use std::collections::BTreeMap;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use shoreline_catalog::{
    from_json, Catalog, Engine, Query, QueryResult, ServiceRecord, NEEDS_FACET,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement, Response};
use yew::html::Scope;
use yew::prelude::*;

use crate::hash_state::{self, HashState};
use crate::landmarks::Landmarks;
use crate::messages::{self, Messages};
use crate::settings::{HistoryMode, Settings};
use crate::{facets_view, filters_view, results_view};

/// Wait after the last change before the live region announces the count, so typing is not read out per key.
const ANNOUNCE_DELAY_MS: u32 = 400;
/// Wait after the last keystroke before the URL hash is rewritten: a history call costs a few milliseconds of
/// each keystroke's budget, and the address bar need not follow every letter (InstantSearch waits 400 ms too).
const URL_WRITE_DELAY_MS: u32 = 400;

/// The catalog and the engine built from it, shared read-only by the views.
pub(crate) struct Data {
    pub catalog: Catalog,
    pub engine: Engine,
}

impl Data {
    /// The service record with `slug` (the catalog keeps services sorted by slug).
    pub(crate) fn service(&self, slug: &str) -> Option<&ServiceRecord> {
        let services = &self.catalog.services;
        services
            .binary_search_by(|s| s.slug.as_str().cmp(slug))
            .ok()
            .and_then(|i| services.get(i))
    }

    /// The label of `value` in facet `facet` in language `lang`, falling back to English, then to the id.
    pub(crate) fn value_label<'a>(&'a self, facet: &str, value: &'a str, lang: &str) -> &'a str {
        self.catalog
            .schema
            .facet(facet)
            .and_then(|f| f.values.iter().find(|v| v.id == value))
            .map_or(value, |v| v.label_in(lang))
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    pub host: HtmlElement,
    pub settings: Rc<Settings>,
    /// catalog.json's text when the classic bundle carries it (and no `catalog` attribute points elsewhere).
    pub inline_catalog: Option<Rc<str>>,
}

#[derive(Clone)]
pub(crate) enum Msg {
    Loaded(Result<Rc<Data>, String>),
    /// A checkbox of `facet`/`value` was checked (true) or unchecked.
    Toggle {
        facet: String,
        value: String,
        on: bool,
    },
    /// An integer facet's "at most" choice; None clears it.
    SetNumber {
        facet: String,
        value: Option<String>,
    },
    Text(String),
    /// Adds a need suggested from the free text.
    AddNeed(String),
    /// Removes a "we understood" chip (`facet=value`): the constraint stops counting in the ranking.
    Dismiss(String),
    /// Adds a service to the comparison, or takes it out.
    ToggleCompare(String),
    ClearCompare,
    /// The comparison's "differences only" switch.
    DifferencesOnly(bool),
    /// Drops one selected value (or a facet's whole selection) to recover from zero results.
    Remove {
        facet: String,
        value: Option<String>,
    },
    ClearAll,
    ShowMore,
    /// The URL hash changed (back/forward button, a shared link): adopt the state written there.
    UrlChanged,
    /// Update the live region with the current count.
    Announce,
    /// The "Filters (n)" button of the phone layout: opens or closes the filter drawer.
    ToggleDrawer,
    /// Closes the drawer; focus goes to the results (`true`, "Show N services") or back to its button (Escape).
    CloseDrawer(bool),
    /// The "More filters" disclosure.
    ToggleMore,
    /// A result was chosen (title or call-to-action clicked).
    Select(String),
    /// The first results are on screen: build the free-text index before the buyer starts typing.
    PrepareText,
}

enum Load {
    Loading,
    Failed,
    Ready(Rc<Data>),
}

pub(crate) struct App {
    load: Load,
    state: HashState,
    /// How many pages of results are shown ("show more" adds one).
    pages: usize,
    result: Option<QueryResult>,
    /// Text of the live region; changes only after ANNOUNCE_DELAY_MS of quiet.
    announced: String,
    announce_timer: Option<Timeout>,
    /// The typed text's pending URL write; any other change writes at once and drops it.
    url_timer: Option<Timeout>,
    /// Index of the first card added by "show more", to move focus there once rendered.
    focus_card: Option<usize>,
    /// The comparison shows only the rows where the services differ.
    differences_only: bool,
    /// The filter drawer of the phone layout is open.
    drawer_open: bool,
    /// "More filters" was opened (it also shows while one of its facets has a selection).
    more_open: bool,
    /// Where focus goes once the next render is on screen.
    focus: Option<Focus>,
    /// The strings of the widget's language.
    m: &'static Messages,
    root: NodeRef,
    _url_listeners: Vec<EventListener>,
}

impl Component for App {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &Context<Self>) -> Self {
        let settings = ctx.props().settings.clone();
        let url = settings.catalog_url.clone();
        let inline = ctx.props().inline_catalog.clone();
        ctx.link().send_future(async move {
            Msg::Loaded(match inline {
                Some(text) => engine_from(&text),
                None => load_catalog(&url).await,
            })
        });

        let mut listeners = Vec::new();
        if settings.hash_key.is_some() {
            if let Some(window) = web_sys::window() {
                for event in ["hashchange", "popstate"] {
                    let link = ctx.link().clone();
                    listeners.push(EventListener::new(&window, event, move |_| {
                        link.send_message(Msg::UrlChanged)
                    }));
                }
            }
        }
        App {
            load: Load::Loading,
            state: state_from_url(&settings).unwrap_or_else(|| preset_state(&settings)),
            pages: 1,
            result: None,
            announced: String::new(),
            announce_timer: None,
            url_timer: None,
            focus_card: None,
            differences_only: false,
            drawer_open: false,
            more_open: false,
            focus: None,
            m: messages::for_lang(settings.lang.as_deref()),
            root: NodeRef::default(),
            _url_listeners: listeners,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        let settings = ctx.props().settings.clone();
        match msg {
            Msg::Loaded(Ok(data)) => {
                warn_unknown_needs(&ctx.props().settings, &data);
                self.load = Load::Ready(data);
                self.run_query(ctx);
                // Not before: the first results should not wait for an index they do not use.
                let link = ctx.link().clone();
                after_next_paint(move || link.send_message(Msg::PrepareText));
            }
            Msg::Loaded(Err(message)) => {
                web_sys::console::warn_1(&["shoreline-explorer: ", &message].concat().into());
                self.load = Load::Failed;
                self.announced = self.m.load_failed.to_string();
            }
            Msg::Toggle { facet, value, on } => {
                let values = self.state.selected.entry(facet).or_default();
                values.retain(|v| *v != value);
                if on {
                    values.push(value);
                }
                self.changed(ctx, History::Push);
            }
            Msg::SetNumber { facet, value } => {
                match value {
                    Some(v) => {
                        self.state.selected.insert(facet, vec![v]);
                    }
                    None => drop_facet(&mut self.state.selected, &facet),
                }
                self.changed(ctx, History::Push);
            }
            Msg::Text(text) => {
                self.state.text = crate::hash_state::clipped(text);
                self.pages = 1;
                self.run_query(ctx);
                // Typing replaces the current history entry, once the buyer pauses.
                let (settings, state) = (settings.clone(), self.state.clone());
                self.url_timer = Some(Timeout::new(URL_WRITE_DELAY_MS, move || {
                    write_url(&settings, &state, History::Replace)
                }));
            }
            Msg::AddNeed(need) => {
                let needs = self
                    .state
                    .selected
                    .entry(NEEDS_FACET.to_string())
                    .or_default();
                if !needs.contains(&need) {
                    needs.push(need);
                }
                self.changed(ctx, History::Push);
            }
            Msg::ToggleCompare(slug) => {
                let compare = &mut self.state.compare;
                if let Some(i) = compare.iter().position(|s| *s == slug) {
                    compare.remove(i);
                } else if compare.len() < crate::compare_view::MAX_COMPARED {
                    compare.push(slug);
                }
                self.changed(ctx, History::Push);
            }
            Msg::ClearCompare => {
                self.state.compare.clear();
                self.changed(ctx, History::Push);
            }
            Msg::DifferencesOnly(on) => {
                self.differences_only = on;
            }
            Msg::Dismiss(key) => {
                // Focus moves to the chip that takes this one's place (or the search box): the removed button
                // must not take the keyboard user's position with it.
                let chips = self.result.as_ref().map_or(&[][..], |r| &r.understood[..]);
                let at = chips.iter().position(|u| chip_key(u) == key).unwrap_or(0);
                self.focus = Some(Focus::Chip(at));
                if !self.state.dismissed.contains(&key) {
                    self.state.dismissed.push(key);
                }
                self.changed(ctx, History::Push);
            }
            Msg::Remove { facet, value } => {
                match value {
                    Some(v) => {
                        if let Some(values) = self.state.selected.get_mut(&facet) {
                            values.retain(|x| *x != v);
                        }
                    }
                    None => drop_facet(&mut self.state.selected, &facet),
                }
                self.changed(ctx, History::Push);
            }
            Msg::ClearAll => {
                self.state = HashState::default();
                self.changed(ctx, History::Push);
            }
            Msg::ShowMore => {
                self.focus_card = self.result.as_ref().map(|r| r.results.len());
                self.pages += 1;
                self.run_query(ctx);
            }
            Msg::UrlChanged => {
                let state = state_from_url(&settings).unwrap_or_else(|| preset_state(&settings));
                if state == self.state {
                    return false;
                }
                self.state = state;
                self.pages = 1;
                self.run_query(ctx);
            }
            Msg::Announce => {
                self.announce_timer = None;
                let text = match &self.result {
                    Some(result) => self.m.services(result.total),
                    None => return false,
                };
                if text == self.announced {
                    return false;
                }
                self.announced = text;
            }
            Msg::ToggleDrawer => self.drawer_open = !self.drawer_open,
            Msg::CloseDrawer(to_results) => {
                self.drawer_open = false;
                self.focus = Some(if to_results {
                    Focus::Results
                } else {
                    Focus::FiltersButton
                });
            }
            Msg::ToggleMore => self.more_open = !self.more_open,
            Msg::Select(slug) => {
                dispatch_select(&ctx.props().host, &slug, &self.state);
                return false;
            }
            Msg::PrepareText => {
                if let Load::Ready(data) = &self.load {
                    data.engine.prepare_text_search();
                }
                return false;
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let settings = &ctx.props().settings;
        let body = match &self.load {
            // The author's own content inside the element (the no-JS list) shows through the slot until the
            // results are ready, and again if the catalog cannot be loaded; the reason goes to the console.
            Load::Loading => html! {
                <slot><p class="loading">{ self.m.loading }</p></slot>
            },
            Load::Failed => html! {
                <slot><p class="error">{ self.m.load_failed }</p></slot>
            },
            Load::Ready(data) => match &self.result {
                Some(result) => self.view_ready(ctx, data, result),
                None => html! {},
            },
        };
        html! {
            <div class="sx" lang={settings.lang.clone()} ref={self.root.clone()}>
                <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
                    { self.announced.clone() }
                </div>
                { body }
            </div>
        }
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        // After "show more", focus the first new card so keyboard users continue where the list grew.
        if let Some(index) = self.focus_card.take() {
            self.focus_first(&[&["[data-index=\"", &index.to_string(), "\"] h3 a"].concat()]);
        }
        match self.focus.take() {
            Some(Focus::Chip(at)) => self.focus_first(&[
                &[".understood .chip:nth-of-type(", &(at + 1).to_string(), ")"].concat(),
                "#sx-q",
            ]),
            Some(Focus::Results) => self.focus_first(&["#sx-count"]),
            Some(Focus::FiltersButton) => self.focus_first(&[".filters-toggle"]),
            None => {}
        }
    }
}

/// Where focus goes after a render that removes or hides the focused element.
enum Focus {
    /// The understood chip now at this position, or the search box when there is none.
    Chip(usize),
    /// The results' count line.
    Results,
    /// The "Filters (n)" button.
    FiltersButton,
}

/// A click handler that sends `msg`. Every button shares this one closure type: a closure of its own per
/// button would each add a copy of yew's callback plumbing to the download.
pub(crate) fn on_click(link: &Scope<App>, msg: Msg) -> Callback<MouseEvent> {
    link.callback(move |_: MouseEvent| msg.clone())
}

/// The key of an understood chip, as written into the URL when it is dismissed.
pub(crate) fn chip_key(u: &shoreline_catalog::Understood) -> String {
    [u.facet.as_str(), "=", &u.value].concat()
}

/// Whether a change adds a browser history entry or replaces the current one.
#[derive(Clone, Copy)]
enum History {
    Push,
    Replace,
}

impl App {
    /// Focuses the first element matching one of `selectors`, in order.
    fn focus_first(&self, selectors: &[&str]) {
        let Some(root) = self.root.cast::<web_sys::Element>() else {
            return;
        };
        let found = selectors
            .iter()
            .find_map(|s| root.query_selector(s).ok().flatten())
            .and_then(|el| el.dyn_into::<HtmlElement>().ok());
        if let Some(el) = found {
            let _ = el.focus();
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, history: History) {
        self.pages = 1;
        self.run_query(ctx);
        // This write carries the typed text too. It waits until the change is on screen: the browser's history
        // step is no part of the answer to the click.
        self.url_timer = None;
        let (settings, state) = (ctx.props().settings.clone(), self.state.clone());
        after_next_paint(move || write_url(&settings, &state, history));
    }

    fn run_query(&mut self, ctx: &Context<Self>) {
        let Load::Ready(data) = &self.load else {
            return;
        };
        let query = Query {
            selected: self.state.selected.clone(),
            text: self.state.text.clone(),
            limit: ctx.props().settings.limit * self.pages,
            dismissed: self.state.dismissed.clone(),
        };
        self.result = Some(data.engine.query(&query));
        let link = ctx.link().clone();
        self.announce_timer = Some(Timeout::new(ANNOUNCE_DELAY_MS, move || {
            link.send_message(Msg::Announce)
        }));
    }

    fn view_ready(&self, ctx: &Context<Self>, data: &Data, result: &QueryResult) -> Html {
        let link = ctx.link();
        let settings = &ctx.props().settings;
        let m = self.m;
        let names = Landmarks::new(m, settings.instance.as_deref());
        let panel = filters_view::Panel {
            drawer_open: self.drawer_open,
            more_open: self.more_open,
            name: &names.filters,
        };
        // The search box leads, in reading and tab order: a buyer's own words are the quickest way in. On a
        // phone the filters fold into a drawer, so the results follow right after what was understood.
        html! {
            <>
            { facets_view::search(link, m, data, &self.state, result, names.search.as_deref()) }
            <div class={classes!("layout", self.drawer_open.then_some("drawer-open"))}>
                { filters_view::filters(link, m, data, &self.state, result, panel) }
                <div class="results">
                    { results_view::toolbar(link, m, result, &self.state) }
                    { crate::compare_view::compare(link, m, data, &self.state.compare, self.differences_only, &names.compare) }
                    { results_view::advice(m, data, result, &settings.catalog_url, names.advice.as_deref()) }
                    { results_view::results(link, m, data, result, settings, self.pages * settings.limit, &self.state.compare) }
                </div>
            </div>
            </>
        }
    }
}

/// Tells the host page's developer, once, about `needs` ids the catalog does not have (they select nothing).
fn warn_unknown_needs(settings: &Settings, data: &Data) {
    let Some(facet) = data.catalog.schema.facet(NEEDS_FACET) else {
        return;
    };
    let unknown: Vec<&str> = settings
        .preset_needs
        .iter()
        .filter(|id| facet.value_index(id).is_none())
        .map(String::as_str)
        .collect();
    if unknown.is_empty() {
        return;
    }
    let allowed: Vec<&str> = facet.values.iter().map(|v| v.id.as_str()).collect();
    web_sys::console::warn_1(
        &[
            "shoreline-explorer: unknown need id(s) in needs=\"\": ",
            &unknown.join(", "),
            "; allowed: ",
            &allowed.join(", "),
        ]
        .concat()
        .into(),
    );
}

/// `selected` without `facet`'s entry. Rebuilt by inserting rather than with `BTreeMap::remove`: the map's
/// removal and rebalancing code would be compiled in for this alone, several kilobytes of the download, while
/// the selections it walks hold a handful of facets.
fn drop_facet(selected: &mut BTreeMap<String, Vec<String>>, facet: &str) {
    for (id, values) in std::mem::take(selected) {
        if id != facet {
            selected.insert(id, values);
        }
    }
}

/// The selection the host page asked for with the `needs` attribute.
fn preset_state(settings: &Settings) -> HashState {
    let mut state = HashState::default();
    if !settings.preset_needs.is_empty() {
        state
            .selected
            .insert(NEEDS_FACET.to_string(), settings.preset_needs.clone());
    }
    state
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The state written in the URL hash for this widget, if any.
fn state_from_url(settings: &Settings) -> Option<HashState> {
    let key = settings.hash_key.as_deref()?;
    hash_state::read(&current_hash(), key).map(|value| HashState::decode(&value))
}

/// Writes the state into this widget's part of the URL hash. The preset state is written as no entry at all,
/// so that going back to the page's first history entry restores it; an empty state that differs from the
/// preset is written as an empty entry.
fn write_url(settings: &Settings, state: &HashState, history: History) {
    let history = match settings.history {
        HistoryMode::None => return,
        HistoryMode::Replace => History::Replace,
        HistoryMode::Push => history,
    };
    let Some(key) = settings.hash_key.as_deref() else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let value = (*state != preset_state(settings)).then(|| state.encode());
    let before = current_hash();
    let after = hash_state::write(&before, key, value.as_deref());
    if after == before.trim_start_matches('#') {
        return;
    }
    let url = if after.is_empty() {
        let location = window.location();
        location.pathname().unwrap_or_default() + &location.search().unwrap_or_default()
    } else {
        ["#", &after].concat()
    };
    let Ok(browser_history) = window.history() else {
        return;
    };
    let _ = match history {
        History::Push => browser_history.push_state_with_url(&JsValue::NULL, "", Some(&url)),
        History::Replace => browser_history.replace_state_with_url(&JsValue::NULL, "", Some(&url)),
    };
}

/// Tells the host page which service was chosen, with the filters that led there:
/// `shoreline:select` with detail `{slug, filters: {facet: [values]}, text}`, crossing the shadow boundary.
fn dispatch_select(host: &HtmlElement, slug: &str, state: &HashState) {
    let filters = js_sys::Object::new();
    for (facet, values) in state.selected.iter().filter(|(_, v)| !v.is_empty()) {
        let list: js_sys::Array = values.iter().map(|v| JsValue::from_str(v)).collect();
        let _ = js_sys::Reflect::set(&filters, &JsValue::from_str(facet), &list);
    }
    let detail = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&detail, &"slug".into(), &JsValue::from_str(slug));
    let _ = js_sys::Reflect::set(&detail, &"filters".into(), &filters);
    let _ = js_sys::Reflect::set(&detail, &"text".into(), &JsValue::from_str(&state.text));
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict("shoreline:select", &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// Runs `then` after the next frame is painted: a timer set while the frame is being prepared (in an animation
/// frame callback) fires once it is done.
fn after_next_paint(then: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let prepare = Closure::once_into_js(move || Timeout::new(0, then).forget());
    let _ = window.request_animation_frame(prepare.unchecked_ref());
}

async fn load_catalog(url: &str) -> Result<Rc<Data>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| failed("fetching ", url, &js_error(&e)))?
        .unchecked_into();
    if !response.ok() {
        return Err(failed(
            "fetching ",
            url,
            &["HTTP ", &response.status().to_string()].concat(),
        ));
    }
    // Read as bytes, not text: a JS string crosses into wasm one UTF-16 unit at a time (27 ms for a 3 MB
    // catalog), bytes in one copy. Invalid UTF-8 and a BOM are taken as `text()` would take them.
    let bytes = response.array_buffer().map_err(|e| js_error(&e))?;
    let bytes = JsFuture::from(bytes)
        .await
        .map_err(|e| failed("reading ", url, &js_error(&e)))?;
    let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
    let text = String::from_utf8_lossy(&bytes);
    engine_from(text.strip_prefix('\u{feff}').unwrap_or(&text))
}

/// Reads catalog.json's text and indexes it once for every query to come.
fn engine_from(text: &str) -> Result<Rc<Data>, String> {
    let catalog = from_json(text)?;
    let engine = Engine::new(&catalog);
    Ok(Rc::new(Data { catalog, engine }))
}

/// "fetching URL: why", the reason a load failed as the console shows it.
fn failed(doing: &str, url: &str, why: &str) -> String {
    [doing, url, ": ", why].concat()
}

fn js_error(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_a_facet_keeps_the_others_and_their_values() {
        let mut selected = BTreeMap::new();
        for (facet, value) in [("needs", "payroll"), ("office", "front"), ("scope", "bpo")] {
            selected.insert(facet.to_string(), vec![value.to_string()]);
        }
        drop_facet(&mut selected, "office");
        let left: Vec<(&str, &[String])> = selected
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect();
        assert_eq!(
            left,
            [
                ("needs", &["payroll".to_string()][..]),
                ("scope", &["bpo".to_string()][..])
            ]
        );
        drop_facet(&mut selected, "absent");
        assert_eq!(selected.len(), 2);
    }
}

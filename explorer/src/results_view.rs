//! The result side: count and "clear all", the call-center-or-BPO advice, result cards, near-misses,
//! "show more" and the empty state.

use shoreline_catalog::{Advice, Hit, QueryResult, Reason, Said, Verdict, NEEDS_FACET};
use yew::html::Scope;
use yew::prelude::*;

use crate::app::{on_click, App, Data, Msg};
use crate::hash_state::HashState;
use crate::links;
use crate::messages::Messages;
use crate::settings::Settings;

/// Facets whose values each card shows as key facts, when the catalog has them.
const KEY_FACETS: [&str; 3] = ["scope", "coverage_hours", "staffing_model"];

/// The visible count (where "Show N services" sends focus) and the "Clear all" button.
pub(crate) fn toolbar(
    link: &Scope<App>,
    m: &Messages,
    result: &QueryResult,
    state: &HashState,
) -> Html {
    let filtered = !state.is_empty();
    let line = if filtered {
        m.count(&m.matching, result.total)
    } else {
        m.services(result.total)
    };
    html! {
        <div class="toolbar">
            <p class="summary-line" id="sx-count" tabindex="-1">{ line }</p>
            if filtered {
                <button type="button" class="secondary" onclick={on_click(link, Msg::ClearAll)}>
                    { m.clear_all }
                </button>
            }
        </div>
    }
}

/// Whether the buyer's needs call for a call center or broader BPO, with the guide that explains why.
/// `name` labels the advice landmark when several widgets share the page; else its heading does.
pub(crate) fn advice(
    m: &Messages,
    data: &Data,
    result: &QueryResult,
    catalog_url: &str,
    name: Option<&str>,
) -> Html {
    let advice = &result.advice;
    let verdict = advice.verdict.map(|v| match v {
        Verdict::CallCenter => m.verdict_cc,
        Verdict::Bpo => m.verdict_bpo,
    });
    let guide = advice
        .link
        .as_deref()
        .and_then(|l| links::site_link(l, catalog_url));
    html! {
        <aside class="advice" aria-labelledby={name.is_none().then_some("sx-advice")}
            aria-label={name.map(str::to_string)}>
            <h2 id="sx-advice">{ m.advice_title }</h2>
            <p>
                if let Some(verdict) = verdict { <span class="verdict">{ verdict }</span>{ " " } }
                { reason(m, data, advice) }
            </p>
            if let Some(href) = guide { <a {href}>{ m.read_guide }</a> }
        </aside>
    }
}

/// The advice's reason in the widget's language, quoting what the buyer said or picked.
fn reason(m: &Messages, data: &Data, advice: &Advice) -> String {
    let template = match advice.reason {
        Reason::NothingSaid => return m.pick_need.to_string(),
        Reason::NotCovered => return m.not_covered.to_string(),
        Reason::Bpo => m.reason_bpo,
        Reason::CallCenterTeamKeepsBackOffice => m.reason_keeps,
        Reason::CallCenter => m.reason_cc,
        Reason::BestFit => {
            let fit = if advice.verdict == Some(Verdict::Bpo) {
                m.reason_fit_bpo
            } else {
                m.reason_fit_cc
            };
            let title = advice.said.first().map_or("", |s| s.words.as_str());
            return m.with(fit, &m.quoted(title));
        }
    };
    let words = |s: &Said| {
        let need = s.picked.and_then(|v| {
            let needs = data.catalog.schema.facet(NEEDS_FACET)?;
            Some(needs.values.get(v)?.label_in(m.code).to_string())
        });
        m.quoted(&need.unwrap_or_else(|| s.words.clone()))
    };
    let first = |s: &Said| {
        let verb = if s.picked.is_some() {
            m.you_picked
        } else {
            m.you_said
        };
        m.with(verb, &words(s))
    };
    let quote = match advice.said.as_slice() {
        [a, b] => {
            let and = match (a.picked.is_some(), b.picked.is_some()) {
                (x, y) if x == y => m.and_same,
                (_, true) => m.and_picked,
                _ => m.and_said,
            };
            first(a) + &m.with(and, &words(b))
        }
        [a, ..] => first(a),
        [] => m.you_asked.to_string(),
    };
    m.with(template, &quote)
}

/// Full matches, then near-misses, then "show more"; or the empty state.
pub(crate) fn results(
    link: &Scope<App>,
    m: &Messages,
    data: &Data,
    result: &QueryResult,
    settings: &Settings,
    asked: usize,
    compared: &[String],
) -> Html {
    let card = |(i, hit): (usize, &Hit)| card(link, m, data, hit, i, settings, compared);
    // Indexes are kept: they number the cards for "show more" focus.
    type Numbered<'a> = Vec<(usize, &'a Hit)>;
    let (full, near): (Numbered, Numbered) = result
        .results
        .iter()
        .enumerate()
        .partition(|(_, hit)| hit.missing.is_empty());
    if full.is_empty() && near.is_empty() {
        return empty_state(link, m, data, result, settings);
    }
    let (full, related): (Numbered, Numbered) = full.into_iter().partition(|(_, hit)| !hit.related);
    let more = result.results.len() >= asked;
    html! {
        <>
            <h2 class="visually-hidden">{ m.matching_heading }</h2>
            if full.is_empty() {
                <p>{ m.none_covers }</p>
            } else {
                <ul class="cards">
                    { for full.into_iter().map(card) }
                </ul>
            }
            if !related.is_empty() {
                <details class="related">
                    <summary>{ m.also_related.replace("{n}", &result.related.to_string()) }</summary>
                    <ul class="cards">
                        { for related.into_iter().map(card) }
                    </ul>
                </details>
            }
            if !near.is_empty() {
                <section class="near" aria-labelledby="sx-near">
                    <h2 id="sx-near">{ m.covers_part }</h2>
                    <ul class="cards">
                        { for near.into_iter().map(card) }
                    </ul>
                </section>
            }
            if more {
                <div class="more">
                    <button type="button" class="secondary" onclick={on_click(link, Msg::ShowMore)}>
                        { m.show_more }
                    </button>
                </div>
            }
        </>
    }
}

fn card(
    link: &Scope<App>,
    m: &Messages,
    data: &Data,
    hit: &Hit,
    index: usize,
    settings: &Settings,
    compared: &[String],
) -> Html {
    let in_compare = compared.contains(&hit.slug);
    let compare_full = compared.len() >= crate::compare_view::MAX_COMPARED && !in_compare;
    let toggle_compare = on_click(link, Msg::ToggleCompare(hit.slug.clone()));
    let href = links::site_link(&hit.url, &settings.catalog_url).unwrap_or_else(|| hit.url.clone());
    let select = on_click(link, Msg::Select(hit.slug.clone()));
    let facts = key_facts(data, &hit.slug, m.code);
    let missing: Vec<&str> = hit
        .missing
        .iter()
        .map(|need| data.value_label(NEEDS_FACET, need, m.code))
        .collect();
    let cta = settings
        .cta_href
        .as_deref()
        .and_then(|href| links::cta_link(href, Some(&hit.slug)));
    // Unkeyed on purpose: when the results change, yew patches the cards already on screen (a few text nodes
    // each) instead of building every new service's card from scratch, which was most of a click's render.
    html! {
        <li class="card" data-index={index.to_string()} data-slug={hit.slug.clone()}
            data-score={((hit.score * 1000.0) as i64).to_string()}>
            <h3><a {href} onclick={select.clone()}>{ marked(&hit.title, &hit.highlights) }</a></h3>
            <p>{ marked(&hit.summary, &hit.highlights) }</p>
            if !facts.is_empty() {
                <ul class="tags" aria-label={m.key_facts}>
                    { for facts.into_iter().map(|f| html! { <li>{ f }</li> }) }
                </ul>
            }
            if !missing.is_empty() {
                <p class="missing">{ m.does_not_cover }<strong>{ missing.join(", ") }</strong></p>
            }
            <button type="button" class="secondary compare-toggle" aria-pressed={in_compare.to_string()}
                disabled={compare_full} onclick={toggle_compare}>
                { if in_compare { m.comparing } else { m.compare } }
                <span class="visually-hidden">{ [": ", &hit.title].concat() }</span>
            </button>
            if let Some(cta) = cta {
                <a class="cta" href={cta} onclick={select}>
                    { settings.cta_label.as_deref().unwrap_or(m.talk_expert).to_string() }
                    <span class="visually-hidden">{ [": ", &hit.title].concat() }</span>
                </a>
            }
        </li>
    }
}

/// Labels of the card's key facet values, e.g. ["Call center", "24x7", "Shared agents"].
fn key_facts(data: &Data, slug: &str, lang: &str) -> Vec<String> {
    let Some(service) = data.service(slug) else {
        return Vec::new();
    };
    let schema = &data.catalog.schema;
    KEY_FACETS
        .iter()
        .filter_map(|id| {
            let f = schema.facet_index(id)?;
            let facet = schema.facets.get(f)?;
            let labels: Vec<&str> = service
                .facets
                .values(f)
                .iter()
                .filter_map(|&v| facet.values.get(v).map(|value| value.label_in(lang)))
                .collect();
            (!labels.is_empty()).then(|| labels.join(" / "))
        })
        .collect()
}

/// `text` with every occurrence of a highlighted word wrapped in `<mark>` (as text nodes: no HTML is parsed).
fn marked(text: &str, highlights: &[String]) -> Html {
    let mut parts: Vec<Html> = Vec::new();
    let mut rest = text;
    loop {
        let next = highlights
            .iter()
            .filter(|w| !w.is_empty())
            .filter_map(|w| rest.find(w.as_str()).map(|at| (at, w.len())))
            .min();
        let Some((at, len)) = next else { break };
        let (before, from) = rest.split_at(at);
        let (word, after) = from.split_at(len);
        parts.push(html! { { before.to_string() } });
        parts.push(html! { <mark>{ word.to_string() }</mark> });
        rest = after;
    }
    parts.push(html! { { rest.to_string() } });
    html! { <>{ for parts }</> }
}

/// Nothing matches: say so, offer the one filter whose removal brings most services back, a person to talk
/// to, or a way back.
fn empty_state(
    link: &Scope<App>,
    m: &Messages,
    data: &Data,
    result: &QueryResult,
    settings: &Settings,
) -> Html {
    let recover = result.recovery.as_ref().map(|r| {
        let label = match &r.value {
            Some(value) => data.value_label(&r.facet, value, m.code),
            None => data
                .catalog
                .schema
                .facet(&r.facet)
                .map_or(r.label.as_str(), |f| f.label_in(m.code)),
        };
        let text = m.with(&m.count(&m.remove_to_see, r.count), label);
        let onclick = on_click(
            link,
            Msg::Remove {
                facet: r.facet.clone(),
                value: r.value.clone(),
            },
        );
        html! {
            <button type="button" class="recover" {onclick}>{ text }</button>
        }
    });
    let expert = settings
        .cta_href
        .as_deref()
        .and_then(|href| links::cta_link(href, None));
    let home = links::absolute("./", &settings.catalog_url);
    html! {
        <div class="empty">
            <h2>{ m.no_match }</h2>
            <p>{ m.try_fewer }</p>
            <div class="actions">
                if let Some(recover) = recover { { recover } }
                if let Some(href) = expert {
                    <a class="cta" {href}>{ m.talk_expert }</a>
                } else if let Some(href) = home {
                    <a class="cta" {href}>{ m.talk_expert }</a>
                }
                <button type="button" class="secondary" onclick={on_click(link, Msg::ClearAll)}>
                    { m.clear_all_filters }
                </button>
            </div>
        </div>
    }
}

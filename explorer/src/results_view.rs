//! The result side: count and "clear all", the call-center-or-BPO advice, result cards, near-misses,
//! "show more" and the empty state.

use shoreline_catalog::{Hit, QueryResult, Verdict, NEEDS_FACET};
use yew::html::Scope;
use yew::prelude::*;

use crate::app::{count_text, App, Data, Msg};
use crate::hash_state::HashState;
use crate::links;
use crate::settings::Settings;

/// Facets whose values each card shows as key facts, when the catalog has them.
const KEY_FACETS: [&str; 3] = ["scope", "coverage_hours", "staffing_model"];

/// The visible count and the "Clear all" button.
pub fn toolbar(link: &Scope<App>, result: &QueryResult, state: &HashState) -> Html {
    let filtered = !state.is_empty();
    let line = if filtered {
        let verb = if result.total == 1 {
            "matches"
        } else {
            "match"
        };
        format!("{} {verb}", count_text(result.total))
    } else {
        count_text(result.total)
    };
    html! {
        <div class="toolbar">
            <p class="summary-line">{ line }</p>
            if filtered {
                <button type="button" class="secondary" onclick={link.callback(|_: MouseEvent| Msg::ClearAll)}>
                    { "Clear all" }
                </button>
            }
        </div>
    }
}

/// Whether the buyer's needs call for a call center or broader BPO, with the guide that explains why.
pub fn advice(result: &QueryResult, catalog_url: &str) -> Html {
    let advice = &result.advice;
    let verdict = advice.verdict.map(|v| match v {
        Verdict::CallCenter => "Call center.",
        Verdict::Bpo => "BPO.",
    });
    let guide = advice
        .link
        .as_deref()
        .and_then(|l| links::site_link(l, catalog_url));
    html! {
        <aside class="advice" aria-labelledby="sx-advice">
            <h2 id="sx-advice">{ "Call center or BPO?" }</h2>
            <p>
                if let Some(verdict) = verdict { <span class="verdict">{ verdict }</span>{ " " } }
                { advice.reason.clone() }
            </p>
            if let Some(href) = guide { <a {href}>{ "Read the guide" }</a> }
        </aside>
    }
}

/// Full matches, then near-misses, then "show more"; or the empty state.
pub fn results(
    link: &Scope<App>,
    data: &Data,
    result: &QueryResult,
    settings: &Settings,
    asked: usize,
    compared: &[String],
) -> Html {
    let card = |(i, hit): (usize, &Hit)| card(link, data, hit, i, settings, compared);
    // Indexes are kept: they number the cards for "show more" focus.
    type Numbered<'a> = Vec<(usize, &'a Hit)>;
    let (full, near): (Numbered, Numbered) = result
        .results
        .iter()
        .enumerate()
        .partition(|(_, hit)| hit.missing.is_empty());
    if full.is_empty() && near.is_empty() {
        return empty_state(link, result, settings);
    }
    let (full, related): (Numbered, Numbered) = full.into_iter().partition(|(_, hit)| !hit.related);
    let more = result.results.len() >= asked;
    html! {
        <>
            <h2 class="visually-hidden">{ "Matching services" }</h2>
            if full.is_empty() {
                <p>{ "No service covers everything you picked." }</p>
            } else {
                <ul class="cards">
                    { for full.into_iter().map(card) }
                </ul>
            }
            if !related.is_empty() {
                <details class="related">
                    <summary>{ format!("Also related ({})", result.related) }</summary>
                    <ul class="cards">
                        { for related.into_iter().map(card) }
                    </ul>
                </details>
            }
            if !near.is_empty() {
                <section class="near" aria-labelledby="sx-near">
                    <h2 id="sx-near">{ "Covers part of your need" }</h2>
                    <ul class="cards">
                        { for near.into_iter().map(card) }
                    </ul>
                </section>
            }
            if more {
                <div class="more">
                    <button type="button" class="secondary" onclick={link.callback(|_: MouseEvent| Msg::ShowMore)}>
                        { "Show more" }
                    </button>
                </div>
            }
        </>
    }
}

fn card(
    link: &Scope<App>,
    data: &Data,
    hit: &Hit,
    index: usize,
    settings: &Settings,
    compared: &[String],
) -> Html {
    let in_compare = compared.contains(&hit.slug);
    let compare_full = compared.len() >= crate::compare_view::MAX_COMPARED && !in_compare;
    let toggle_compare = {
        let slug = hit.slug.clone();
        link.callback(move |_: MouseEvent| Msg::ToggleCompare(slug.clone()))
    };
    let href = links::site_link(&hit.url, &settings.catalog_url).unwrap_or_else(|| hit.url.clone());
    let select = {
        let slug = hit.slug.clone();
        link.callback(move |_: MouseEvent| Msg::Select(slug.clone()))
    };
    let facts = key_facts(data, &hit.slug);
    let missing: Vec<&str> = hit
        .missing
        .iter()
        .map(|need| data.value_label(NEEDS_FACET, need))
        .collect();
    let cta = settings
        .cta_href
        .as_deref()
        .and_then(|href| links::cta_link(href, Some(&hit.slug)));
    html! {
        <li class="card" key={hit.slug.clone()} data-index={index.to_string()} data-slug={hit.slug.clone()}
            data-score={((hit.score * 1000.0) as i64).to_string()}>
            <h3><a {href} onclick={select.clone()}>{ marked(&hit.title, &hit.highlights) }</a></h3>
            <p>{ marked(&hit.summary, &hit.highlights) }</p>
            if !facts.is_empty() {
                <ul class="tags" aria-label="Key facts">
                    { for facts.into_iter().map(|f| html! { <li>{ f }</li> }) }
                </ul>
            }
            if !missing.is_empty() {
                <p class="missing">{ "Does not cover: " }<strong>{ missing.join(", ") }</strong></p>
            }
            <button type="button" class="secondary compare-toggle" aria-pressed={in_compare.to_string()}
                disabled={compare_full} onclick={toggle_compare}>
                { if in_compare { "Comparing" } else { "Compare" } }
                <span class="visually-hidden">{ format!(": {}", hit.title) }</span>
            </button>
            if let Some(cta) = cta {
                <a class="cta" href={cta} onclick={select}>
                    { settings.cta_label.clone() }
                    <span class="visually-hidden">{ format!(": {}", hit.title) }</span>
                </a>
            }
        </li>
    }
}

/// Labels of the card's key facet values, e.g. ["Call center", "24x7", "Shared agents"].
fn key_facts(data: &Data, slug: &str) -> Vec<String> {
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
                .filter_map(|&v| facet.values.get(v).map(|value| value.label.as_str()))
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
fn empty_state(link: &Scope<App>, result: &QueryResult, settings: &Settings) -> Html {
    let recover = result.recovery.as_ref().map(|r| {
        let (facet, value) = (r.facet.clone(), r.value.clone());
        let onclick = link.callback(move |_: MouseEvent| Msg::Remove {
            facet: facet.clone(),
            value: value.clone(),
        });
        let noun = if r.count == 1 { "service" } else { "services" };
        html! {
            <button type="button" class="recover" {onclick}>
                { format!("Remove {} to see {} {noun}", r.label, r.count) }
            </button>
        }
    });
    let expert = settings
        .cta_href
        .as_deref()
        .and_then(|href| links::cta_link(href, None));
    let home = links::absolute("./", &settings.catalog_url);
    html! {
        <div class="empty">
            <h2>{ "No service matches." }</h2>
            <p>{ "Try fewer filters, or describe your case to someone who knows the catalog." }</p>
            <div class="actions">
                if let Some(recover) = recover { { recover } }
                if let Some(href) = expert {
                    <a class="cta" {href}>{ "Talk to an expert" }</a>
                } else if let Some(href) = home {
                    <a class="cta" {href}>{ "Talk to an expert" }</a>
                }
                <button type="button" class="secondary" onclick={link.callback(|_: MouseEvent| Msg::ClearAll)}>
                    { "Clear all filters" }
                </button>
            </div>
        </div>
    }
}

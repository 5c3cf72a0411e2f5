//! Side-by-side comparison of two or three services: one row per facet, one column per service, with a
//! "differences only" switch. Which services are compared lives in the URL hash, so a comparison can be shared.

use shoreline_catalog::{FacetKind, ServiceFacet, ServiceRecord};
use yew::html::Scope;
use yew::prelude::*;

use crate::app::{on_click, App, Data, Msg};
use crate::messages::Messages;

/// How many services can be compared at once: more columns do not fit a phone, or a reader.
pub(crate) const MAX_COMPARED: usize = 3;

/// The comparison table, shown once two or more services are picked.
pub(crate) fn compare(
    link: &Scope<App>,
    m: &Messages,
    data: &Data,
    slugs: &[String],
    differences_only: bool,
    name: &str,
) -> Html {
    let services: Vec<&ServiceRecord> = slugs.iter().filter_map(|s| data.service(s)).collect();
    if services.len() < 2 {
        return html! {};
    }
    let schema = &data.catalog.schema;
    let rows: Vec<(String, Vec<String>)> = schema
        .facets
        .iter()
        .enumerate()
        .map(|(f, facet)| {
            let cells = services
                .iter()
                .map(|s| cell(data, f, &s.facets.by_facet, m.code))
                .collect();
            (facet.label_in(m.code).to_string(), cells)
        })
        .filter(|(_, cells): &(String, Vec<String>)| {
            !differences_only || cells.iter().any(|c| Some(c) != cells.first())
        })
        .collect();
    let toggle = link.callback(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Msg::DifferencesOnly(input.checked())
    });
    html! {
        <section class="compare" aria-labelledby="sx-compare">
            <div class="compare-head">
                <h2 id="sx-compare">{ m.compare_title }</h2>
                <label><input type="checkbox" checked={differences_only} onchange={toggle} />{ m.differences_only }</label>
                <button type="button" class="secondary" onclick={on_click(link, Msg::ClearCompare)}>
                    { m.close_comparison }
                </button>
            </div>
            <div class="compare-scroll" tabindex="0" role="region" aria-label={name.to_string()}>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{ m.facet_col }</th>
                            { for services.iter().map(|s| html! { <th scope="col">{ s.title.clone() }</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.into_iter().map(|(label, cells)| html! {
                            <tr>
                                <th scope="row">{ label }</th>
                                { for cells.into_iter().map(|c| html! { <td>{ c }</td> }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// One service's answer for facet `f`, as labels ("English, Spanish") or the number.
fn cell(data: &Data, f: usize, answers: &[ServiceFacet], lang: &str) -> String {
    let Some(facet) = data.catalog.schema.facets.get(f) else {
        return String::new();
    };
    match answers.get(f) {
        Some(ServiceFacet::Values(values)) if facet.kind != FacetKind::Integer => {
            let labels: Vec<&str> = values
                .iter()
                .filter_map(|&v| facet.values.get(v).map(|v| v.label_in(lang)))
                .collect();
            if labels.is_empty() {
                "\u{2014}".to_string()
            } else {
                labels.join(", ")
            }
        }
        Some(ServiceFacet::Integer(Some(n))) => n.to_string(),
        _ => "\u{2014}".to_string(),
    }
}
